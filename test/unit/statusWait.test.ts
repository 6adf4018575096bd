import { targetReached, waitForStatus, waitIsOver } from '../../nodes/Octopods/helpers/statusWait';
import type { StatusTarget } from '../../nodes/Octopods/helpers/statusWait';
import { FakeClock } from '../support/fakeClock';

describe('which statuses end a wait', () => {
	it.each<[StatusTarget, string, boolean, boolean]>([
		['delivered', 'SENT', false, false],
		['delivered', 'DELIVERED', true, true],
		['delivered', 'READ', true, true],
		['delivered', 'FAILED', false, true],
		['delivered', 'DELETED', false, true],
		['read', 'DELIVERED', false, false],
		['read', 'READ', true, true],
		['read', 'FAILED', false, true],
		['final', 'DELIVERED', false, false],
		['final', 'READ', true, true],
		['final', 'FAILED', true, true],
		['final', 'DELETED', true, true],
		['final', 'UNKNOWN', false, false],
		['delivered', 'UNKNOWN', false, false],
		['read', 'UNKNOWN', false, false],
		['none', 'SENT', true, true],
	])('%s with %s: reached %s, over %s', (target, status, reached, over) => {
		expect(targetReached(target, status)).toBe(reached);
		expect(waitIsOver(target, status)).toBe(over);
	});
});

describe('waitForStatus: polling on a virtual clock', () => {
	/** A message whose status follows `timeline` (ms after T0 → status). */
	function message(clock: FakeClock, timeline: Array<[number, string]>) {
		const start = clock.now();
		const check = jest.fn(async () => {
			const elapsed = clock.now() - start;
			const status = timeline.filter(([at]) => at <= elapsed).pop()?.[1] ?? 'SENT';
			return { status };
		});
		return check;
	}

	async function run(clock: FakeClock, promise: Promise<unknown>) {
		await clock.run();
		return await promise;
	}

	it('checks every interval until the target, and says how long it waited', async () => {
		const clock = new FakeClock();
		const check = message(clock, [[2000, 'DELIVERED'], [11_000, 'READ']]);
		const result = await run(clock, waitForStatus(check, { target: 'read', maxWaitMs: 60_000, intervalMs: 5000 }, clock));
		expect(result).toEqual({ status: { status: 'READ' }, waitedMs: 15_000, reached: true, checks: 4 });
	});

	it('returns at once when the first check already meets the target', async () => {
		const clock = new FakeClock();
		const check = message(clock, [[0, 'DELIVERED']]);
		const result = await run(clock, waitForStatus(check, { target: 'delivered', maxWaitMs: 60_000, intervalMs: 5000 }, clock));
		expect(result).toEqual({ status: { status: 'DELIVERED' }, waitedMs: 0, reached: true, checks: 1 });
	});

	it('stops early, not reached, when the message failed', async () => {
		const clock = new FakeClock();
		const check = message(clock, [[2000, 'FAILED']]);
		const result = await run(clock, waitForStatus(check, { target: 'read', maxWaitMs: 60_000, intervalMs: 5000 }, clock));
		expect(result).toEqual({ status: { status: 'FAILED' }, waitedMs: 5000, reached: false, checks: 2 });
	});

	it('makes its last check at the time limit and returns the last status, not reached', async () => {
		const clock = new FakeClock();
		const check = message(clock, [[2000, 'DELIVERED']]);
		const result = await run(clock, waitForStatus(check, { target: 'read', maxWaitMs: 12_000, intervalMs: 5000 }, clock));
		expect(result).toEqual({ status: { status: 'DELIVERED' }, waitedMs: 12_000, reached: false, checks: 4 });
	});

	it('with a time limit of 0 checks once', async () => {
		const clock = new FakeClock();
		const check = message(clock, []);
		const result = await run(clock, waitForStatus(check, { target: 'final', maxWaitMs: 0, intervalMs: 5000 }, clock));
		expect(result).toEqual({ status: { status: 'SENT' }, waitedMs: 0, reached: false, checks: 1 });
	});
});
