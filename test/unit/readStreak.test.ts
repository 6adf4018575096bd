import { afterPoll, readStreak, type ReadStreak, UNREADABLE_POLLS_NOTICE } from '../../nodes/Octopods/helpers/readStreak';

/** Runs polls ('x' cannot read, 'r' reads; upper case: a poll that may not tell), returning the notices' kinds by poll. */
function run(polls: string, start: ReadStreak = { failedPolls: 0 }): string[] {
	let streak = start;
	const said: string[] = [];
	[...polls].forEach((poll, index) => {
		const read = poll.toLowerCase() === 'r' ? 'read' : { failure: `error ${index}` };
		const result = afterPoll(streak, read, `2026-12-07T10:0${index}:00.000Z`, poll === poll.toLowerCase());
		streak = JSON.parse(JSON.stringify(result.streak)) as ReadStreak;
		if (result.notice) said.push(`${index}:${result.notice.kind}:${result.notice.failedPolls}`);
	});
	return said;
}

describe('readStreak: a list that cannot be read several polls in a row', () => {
	it(`is told once at the ${UNREADABLE_POLLS_NOTICE}rd poll in a row, and once when it reads again`, () => {
		expect(run('xxxxxrxxr')).toEqual(['2:unreadable:3', '5:readable-again:5']);
		expect(run('xxrxxrxx')).toEqual([]);
		expect(run('xxxr')).toEqual(['2:unreadable:3', '3:readable-again:3']);
	});

	it('a poll that may not tell (the activation) still counts; the next one that may tells', () => {
		expect(run('xxXx')).toEqual(['3:unreadable:4']);
		expect(run('xxxR')).toEqual(['2:unreadable:3']);
	});

	it('the notice names the first failed poll and the last reason', () => {
		const first = afterPoll({ failedPolls: 0 }, { failure: 'HTTP 500' }, '2026-12-07T10:00:00.000Z', true).streak;
		const second = afterPoll(first, { failure: 'HTTP 502' }, '2026-12-07T10:01:00.000Z', true).streak;
		expect(afterPoll(second, { failure: 'odd shape' }, '2026-12-07T10:02:00.000Z', true).notice).toEqual({
			kind: 'unreadable',
			failedPolls: 3,
			since: '2026-12-07T10:00:00.000Z',
			reason: 'odd shape',
		});
	});

	it('reads back what JSON kept, anything else as a fresh start', () => {
		expect(readStreak({ failedPolls: 3, since: '2026-12-07T10:00:00.000Z', told: true })).toEqual({
			failedPolls: 3,
			since: '2026-12-07T10:00:00.000Z',
			told: true,
		});
		for (const odd of [undefined, null, 'x', { failedPolls: -1 }, { failedPolls: 1.5 }]) expect(readStreak(odd)).toEqual({ failedPolls: 0 });
	});
});
