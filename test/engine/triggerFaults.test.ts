/**
 * The Octopods Trigger against an Octopods that misbehaves (issue 22): in every case each change is
 * reported exactly once and later changes still arrive. Run through n8n-core's real PollContext.
 */
import type { IDataObject } from 'n8n-workflow';

import { activateTrigger, type ActiveTrigger } from '../support/pollEngine';
import { useSandbox } from '../support/sandbox';
import { sendTo } from '../support/sandboxHttp';

const LIST = '/api/v1/whatsapp/messages';
/** n numbers ending 555: the sandbox keeps them SENT until a test sets their status. */
const held = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `+3538${String(from + i).padStart(4, '0')}555`);
const ids = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => item.json.message_id);
/** Every execution so far as [message_id, event]. */
const reported = (trigger: ActiveTrigger) => trigger.executions.map((execution) => [execution[0].json.message_id, execution[0].json.event]);
const warnings = (trigger: ActiveTrigger, pattern: RegExp) => trigger.logs.filter((line) => pattern.test(line.message));

describe('Octopods Trigger when Octopods misbehaves', () => {
	const env = useSandbox({ generation: '2026', timeScale: 0.01, rateLimit: false });

	it('a status that flaps FAILED, UNKNOWN, FAILED in the list is one failure; a later failure still arrives', async () => {
		const [flapping, later] = await sendTo(env.sandbox, held(2));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [flapping], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([flapping]);
		env.sandbox.setStatus({ ids: [flapping], status: 'UNKNOWN' });
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [flapping], status: 'FAILED' });
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [later], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([later]);
		expect(reported(trigger)).toEqual([
			[flapping, 'failed'],
			[later, 'failed'],
		]);
	});

	it('a followed message whose status read flaps UNKNOWN is reported once when it fails', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'], options: { followUpsPerPoll: 100 } });
		await trigger.poll();
		const first = await sendTo(env.sandbox, held(100));
		await trigger.poll();
		await sendTo(env.sandbox, held(100, 100));
		env.sandbox.setStatus({ ids: [first[5]], status: 'UNKNOWN' });
		expect(await trigger.poll()).toBeNull(); // followed, read UNKNOWN: no change
		env.sandbox.setStatus({ ids: [first[5]], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([first[5]]);
		env.sandbox.setStatus({ ids: [first[5]], status: 'UNKNOWN' });
		expect(await trigger.poll()).toBeNull();
		expect(reported(trigger)).toEqual([[first[5], 'failed']]);
	});

	it.each([
		['the transient "nothing sent yet" 400', 'nothing-sent', /nothing was sent yet/],
		['a list in a shape of neither generation', 'odd-shape', /shape of neither API generation/],
	] as const)('%s changes nothing, says so once in the log, and the next list reports only what is new', async (_name, mode, said) => {
		const [early, later] = await sendTo(env.sandbox, held(2));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [early], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([early]);
		const state = JSON.stringify(trigger.saved());

		env.sandbox.setFaults([{ mode, count: 1, paths: [LIST] }]);
		expect(await trigger.poll()).toBeNull();
		expect(JSON.stringify(trigger.saved())).toBe(state);
		expect(warnings(trigger, said)).toHaveLength(1);
		expect(trigger.logs.filter((line) => /could not use the sent-messages list/.test(line.message))).toHaveLength(1);

		// The next normal list: the failure already reported is not reported again; a new one is.
		env.sandbox.setStatus({ ids: [later], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([later]);
		expect(await trigger.poll()).toBeNull();
		expect(reported(trigger)).toEqual([
			[early, 'failed'],
			[later, 'failed'],
		]);
	});

	it('a list it cannot read 3 polls in a row: one failed execution says so, none while it lasts, one says it reads again; nothing is lost', async () => {
		const [first, second] = await sendTo(env.sandbox, held(2));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [first], status: 'FAILED' });
		const outcomes: string[] = [];
		const poll = async () => {
			outcomes.push(await trigger.poll().then((items) => `events ${JSON.stringify(ids(items))}`, (error: Error) => error.message));
		};
		// A 500 (after the transport's 3 tries), a shape of neither generation, "nothing sent yet", a 500 again.
		for (const fault of [
			{ mode: 'server-error', when: 'before', count: 3 },
			{ mode: 'odd-shape', count: 1 },
			{ mode: 'nothing-sent', count: 1 },
			{ mode: 'server-error', when: 'before', count: 3 },
		] as const) {
			env.sandbox.setFaults([{ ...fault, paths: [LIST] }]);
			await poll();
		}
		env.sandbox.setFaults([]);
		await poll();
		env.sandbox.setStatus({ ids: [second], status: 'FAILED' });
		await poll();
		expect(outcomes).toEqual([
			'events []',
			'events []',
			expect.stringMatching(/^The Octopods Trigger could not read the sent-messages list in 3 polls in a row \(since .+\): Octopods answered that nothing was sent yet/),
			'events []',
			expect.stringMatching(/^The Octopods Trigger reads the sent-messages list again, after 4 polls in a row that could not \(since /),
			`events [${second}]`,
		]);
		// The failure during the outage was emitted before the notice, once.
		expect(reported(trigger)).toEqual([
			[first, 'failed'],
			[second, 'failed'],
		]);
		expect(warnings(trigger, /could not use the sent-messages list/)).toHaveLength(4);
	});

	it('overlapping polls: a poll that finds the previous one still running leaves the state alone', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'], options: { followUpsPerPoll: 100 } });
		await trigger.poll();
		const first = await sendTo(env.sandbox, held(100));
		await trigger.poll();
		const second = await sendTo(env.sandbox, held(100, 100));
		env.sandbox.setStatus({ ids: [first[3], second[7]], status: 'FAILED' });
		// The first follow-up's status answers 1.5 s late; n8n starts the next poll meanwhile.
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 1500, count: 1, paths: [`${LIST}/${first[0]}`] }]);
		const slow = trigger.poll();
		await new Promise((resolve) => setTimeout(resolve, 500));
		const listReads = env.sandbox.received.filter((request) => request.path === LIST).length;
		const overlapping = trigger.poll();
		await Promise.all([slow, overlapping]);
		expect(reported(trigger)).toEqual([
			[first[3], 'failed'],
			[second[7], 'failed'],
		]);
		expect(warnings(trigger, /previous poll \(started \d+ s ago\) is still running/)).toHaveLength(1);
		// The overlapping poll asked Octopods nothing.
		expect(env.sandbox.received.filter((request) => request.path === LIST)).toHaveLength(listReads);
		// The claim ended with the poll: the next poll runs and reports what is new, once.
		env.sandbox.setStatus({ ids: [second[8]], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([second[8]]);
		expect(JSON.stringify(trigger.saved())).not.toContain('octopodsTriggerPoll');
	});

	it('a poll that outlived its claim neither releases the newer poll\'s claim nor reports: each change once', async () => {
		const [message] = await sendTo(env.sandbox, held(1));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [message], status: 'FAILED' });
		// Poll A's list answers 1 s late, poll B's 4 s late.
		env.sandbox.setFaults([
			{ mode: 'slow', delayMs: 1000, count: 1, paths: [LIST] },
			{ mode: 'slow', delayMs: 4000, count: 1, paths: [LIST] },
		]);
		const pollA = trigger.poll();
		await new Promise((resolve) => setTimeout(resolve, 200));
		// A's claim now reads as older than its lifetime (10 min): B takes over.
		trigger.edit((nodeStaticData) => {
			(nodeStaticData.octopodsTriggerPoll as { at: number }).at -= 11 * 60_000;
		});
		const pollB = trigger.poll();
		await pollA;
		// A has ended while B still waits: C must find B's claim.
		const listReads = env.sandbox.received.filter((request) => request.path === LIST).length;
		await trigger.poll();
		expect(env.sandbox.received.filter((request) => request.path === LIST)).toHaveLength(listReads);
		await pollB;
		expect(reported(trigger)).toEqual([[message, 'failed']]);
		expect(warnings(trigger, /still running/)).toHaveLength(1);
		expect(warnings(trigger, /a newer poll took over/)).toHaveLength(1);
		// B's claim ended with B: the next poll runs, and nothing is reported again.
		expect(await trigger.poll()).toBeNull();
		expect(reported(trigger)).toEqual([[message, 'failed']]);
	}, 30_000);

	it('a claim saved from before a restart does not hold up the polls after it', async () => {
		const [message] = await sendTo(env.sandbox, held(1));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [message], status: 'FAILED' });
		trigger.restart((nodeStaticData) => {
			nodeStaticData.octopodsTriggerPoll = { at: Date.now(), activation: 'before-the-restart' };
		});
		expect(ids(await trigger.poll())).toEqual([message]);
		expect(warnings(trigger, /still running/)).toEqual([]);
	});

	it('a followed message whose status read answers 500 forever: retried with back-off, given up with an error, and every other event still arrives', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'], options: { followUpsPerPoll: 100 } });
		await trigger.poll();
		const first = await sendTo(env.sandbox, held(100));
		await trigger.poll();
		const second = await sendTo(env.sandbox, held(100, 100));
		const broken = first[10];
		env.sandbox.setFaults([{ mode: 'server-error', when: 'before', paths: [`${LIST}/${broken}`] }]);

		const triedIn: number[] = [];
		const errors: string[] = [];
		for (let poll = 1; poll <= 17; poll++) {
			// A failure among the followed messages (poll 2) and one in the list itself (poll 6).
			if (poll === 2) env.sandbox.setStatus({ ids: [first[60]], status: 'FAILED' });
			if (poll === 6) env.sandbox.setStatus({ ids: [second[50]], status: 'FAILED' });
			const before = env.sandbox.received.length;
			await trigger.poll().catch((error: Error) => errors.push(`${poll}: ${error.message}`));
			if (env.sandbox.received.slice(before).some((request) => request.path === `${LIST}/${broken}`)) triedIn.push(poll);
		}
		// Tried in polls 1, 2, 4, 8 and 16 (each try is the transport's 3 attempts), then given up.
		expect(triedIn).toEqual([1, 2, 4, 8, 16]);
		expect(env.sandbox.received.filter((request) => request.path === `${LIST}/${broken}`)).toHaveLength(15);
		expect(errors).toEqual([`16: Stopped following 1 message(s) whose status could not be read 5 times: ${broken}`]);
		expect(warnings(trigger, new RegExp(`status of message ${broken} could not be read`))).toHaveLength(4);
		expect(trigger.logs.filter((line) => line.level === 'error')).toHaveLength(1);
		expect(reported(trigger)).toEqual([
			[first[60], 'failed'],
			[second[50], 'failed'],
		]);
		// Later changes still arrive.
		env.sandbox.setStatus({ ids: [first[99]], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([first[99]]);
	});

	it('a restart in between: what was reported stays reported, what was learned is learned again, later changes arrive', async () => {
		const [failing, flapping, delivered, later] = await sendTo(env.sandbox, held(4));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [failing, flapping], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([failing, flapping]);
		// Learned without an emit (delivered is not a chosen event): in memory only, as in n8n.
		env.sandbox.setStatus({ ids: [delivered], status: 'DELIVERED' });
		env.sandbox.setStatus({ ids: [flapping], status: 'UNKNOWN' });
		expect(await trigger.poll()).toBeNull();
		trigger.restart();
		env.sandbox.setStatus({ ids: [flapping], status: 'FAILED' });
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [later], status: 'FAILED' });
		trigger.restart();
		expect(ids(await trigger.poll())).toEqual([later]);
		trigger.restart();
		expect(await trigger.poll()).toBeNull();
		expect(reported(trigger)).toEqual([
			[failing, 'failed'],
			[flapping, 'failed'],
			[later, 'failed'],
		]);
	});

	it('a poll stops following up after its 30 s budget, keeping what it checked; the rest wait for the next poll', async () => {
		// A request timeout above the slow answer, so the one slow read succeeds.
		const trigger = activateTrigger({ ...env.credentials, requestTimeoutSeconds: 60 }, { events: ['failed'], options: { followUpsPerPoll: 100 } });
		await trigger.poll();
		const first = await sendTo(env.sandbox, held(100));
		await trigger.poll();
		await sendTo(env.sandbox, held(100, 100));
		env.sandbox.setStatus({ ids: [first[0], first[50]], status: 'FAILED' });
		// The oldest follow-up answers 31 s late: past the budget, so it is the poll's only one.
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 31_000, count: 1, paths: [`${LIST}/${first[0]}`] }]);
		const before = env.sandbox.received.length;
		expect(ids(await trigger.poll())).toEqual([first[0]]);
		expect(env.sandbox.received.slice(before).filter((request) => request.path.startsWith(`${LIST}/`))).toHaveLength(1);
		expect(warnings(trigger, /99 follow-ups due were left for the next poll/)).toHaveLength(1);
		// The next poll checks the others, first[50] among them.
		expect(ids(await trigger.poll())).toEqual([first[50]]);
	}, 90_000);

	it('reads the credential once per poll, not once per request', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'], options: { followUpsPerPoll: 100 } });
		await trigger.poll();
		await sendTo(env.sandbox, held(100));
		await trigger.poll();
		await sendTo(env.sandbox, held(100, 100));
		const reads = trigger.credentialReads();
		const requests = env.sandbox.received.length;
		await trigger.poll();
		expect(env.sandbox.received.length - requests).toBe(101);
		expect(trigger.credentialReads() - reads).toBe(1);
	});
});

describe.each([
	['{request_id, messages} (lower case)', 'lowercase'],
	['a bare array of records (upper case)', 'uppercase'],
] as const)('Octopods Trigger and a row it cannot read, in %s', (_shape, statusStyle) => {
	const env = useSandbox({ generation: '2026', timeScale: 0.01, rateLimit: false, statusStyle });

	it('a row without a message ID in every answer from activation on is skipped and counted; each later failure arrives once', async () => {
		const [first, second] = await sendTo(env.sandbox, held(2));
		env.sandbox.setFaults([{ mode: 'unreadable-row', paths: [LIST] }]);
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [first], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([first]);
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [second], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([second]);
		expect(reported(trigger)).toEqual([
			[first, 'failed'],
			[second, 'failed'],
		]);
		// Said in n8n's log at each poll; the row itself (a failure without an ID) is never an event.
		expect(warnings(trigger, /1 of the 3 rows of the sent-messages list could not be read/)).toHaveLength(4);
	});
});
