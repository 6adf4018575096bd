import { startSandbox } from '../../sandbox/server';
import type { FaultSpec, Sandbox } from '../../sandbox/server';
import { sendTo } from '../support/sandboxHttp';
import type { RealN8n } from './support/realN8n';
import { startRealN8n } from './support/realN8n';
import { executionsOf as listExecutions, sleep, until, type ExecutionSummary } from './support/executions';
import {
	activate as activateWorkflow,
	finishedExecutions as finishedExecutionsOf,
	nextPoll as nextPollOf,
	TRIGGER,
	triggerItems,
	triggerWorkflow,
} from './support/trigger';

// The Octopods Trigger in a real n8n 2.x, its workflows ACTIVATED (published) and polled on n8n's
// own schedule: n8n refuses polls more often than once a minute, so this suite takes about fifteen
// minutes: about four for the first scenario (two scheduled polls, a restart, one more poll), about
// six and a half for the faults of issue 22 (seven polls and a restart, on a second sandbox), about
// three and a half for issue 27's activation over old failures and unreadable row (three polls, on a
// third sandbox). `-t misbehaves` or `-t "old failures"` runs one of them (jest's -t goes before the `--`).

const SECRET_KEY = 'octo-e2e-trigger-key-2c8e4a';
const FAULTY_KEY = 'octo-e2e-faulty-key-91d0b7';
const FRESH_KEY = 'octo-e2e-fresh-key-5b7f13';
const LIST_PATH = '/api/v1/whatsapp/messages';

let sandbox: Sandbox;
/** A second sandbox (its own channel) that misbehaves on demand, for the faults scenario. */
let faulty: Sandbox;
/** A third sandbox for the activation and unreadable-row scenario (issue 27), its faults its own. */
let fresh: Sandbox;
let n8n: RealN8n;

async function executionsOf(workflowId: string): Promise<ExecutionSummary[]> {
	return await listExecutions(n8n, workflowId);
}

/** The message IDs each execution's trigger item carried, with its event. */
async function triggeredBy(workflowId: string): Promise<Array<[unknown, unknown]>> {
	const found = (await triggerItems(n8n, workflowId)).map((item): [unknown, unknown] => [item.message_id, item.event]);
	return found.sort(([a], [b]) => Number(a) - Number(b));
}

const listPolls = (channel: string, on: Sandbox = sandbox) =>
	on.received.filter((request) => request.path === LIST_PATH && request.channel === channel).length;

/** The next scheduled poll's sent-messages list read on a channel, and the executions it started (support/trigger.ts). */
async function nextPoll(second: number, channel: string, workflowIds: string[], on: Sandbox = sandbox): Promise<void> {
	await nextPollOf(n8n, on, { second, channel, path: LIST_PATH, workflowIds });
}

async function finishedExecutions(workflowId: string, count: number, timeoutMs = 60_000): Promise<void> {
	await finishedExecutionsOf(n8n, workflowId, count, timeoutMs);
}

async function activate(workflowId: string): Promise<void> {
	await activateWorkflow(n8n, workflowId);
}

beforeAll(async () => {
	// Statuses move on in 20 ms (2 s scaled); the sandbox's own limit is off so the test can send 200 quickly.
	sandbox = await startSandbox({ apiKey: SECRET_KEY, generation: '2026', timeScale: 0.01, rateLimit: false });
	faulty = await startSandbox({ apiKey: FAULTY_KEY, generation: '2026', timeScale: 0.01, rateLimit: false });
	fresh = await startSandbox({ apiKey: FRESH_KEY, generation: '2026', timeScale: 0.01, rateLimit: false });
	const limits = { customLimits: true, rateLimitRequests: 55, rateLimitWindowSeconds: 1 };
	n8n = await startRealN8n([
		// The examples' credential id, so the example trigger workflow is imported against this sandbox too.
		{ id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey: SECRET_KEY, baseUrl: sandbox.url, ...limits } },
		{ id: 'OctopodsOtherChan', name: 'Octopods Other Channel', type: 'octopodsApi', data: { apiKey: sandbox.noInteractiveApiKey, baseUrl: sandbox.url, ...limits } },
		// Waits 120 s for an answer: the faults scenario answers one status read 75 s late.
		{ id: 'OctopodsFaulty1', name: 'Octopods Faulty', type: 'octopodsApi', data: { apiKey: FAULTY_KEY, baseUrl: faulty.url, ...limits, requestTimeoutSeconds: 120 } },
		{ id: 'OctopodsFresh1', name: 'Octopods Fresh', type: 'octopodsApi', data: { apiKey: FRESH_KEY, baseUrl: fresh.url, ...limits } },
	]);
});

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	await faulty?.close();
	await fresh?.close();
	expect(await n8n?.leftovers()).toEqual([]);
});

describe('Octopods Trigger in a real n8n, activated', () => {
	it('offers the trigger in the nodes panel', async () => {
		const types = await n8n.rest<Array<{ name: string; polling?: boolean; group: string[] }>>('GET', '/types/nodes.json');
		expect(types.find((type) => type.name === TRIGGER)).toMatchObject({ polling: true, group: ['trigger'] });
		expect(types.map((type) => type.name)).not.toContain(`${TRIGGER}Tool`);
	});

	it('imports the example "when a WhatsApp message fails, create a follow-up" with its trigger', async () => {
		const example = await n8n.rest<{ nodes: Array<{ type: string; parameters: { events?: string[] } }> }>(
			'GET',
			'/rest/workflows/OctoExFailFollw1',
		);
		expect(example.nodes.find((node) => node.type === TRIGGER)?.parameters.events).toEqual(['failed']);
	});

	it('100 sent and seen SENT, 100 more, 5 of the first hundred fail: exactly 5 executions, none before activation, none again after a restart', async () => {
		// Final before activation, on both channels: never reported.
		await sendTo(sandbox, ['+353838000999', '+353838000001']);
		await sendTo({ url: sandbox.url, apiKey: sandbox.noInteractiveApiKey }, ['+353838000998', '+353838000002']);
		await sleep(300);

		// Polls about 20 s from now, then every minute.
		const second = (new Date().getUTCSeconds() + 20) % 60;
		await n8n.importWorkflow(triggerWorkflow('E2eTriggerFailed', 'OctopodsSandbox1', ['failed'], second));
		await n8n.importWorkflow(triggerWorkflow('E2eTriggerBoth', 'OctopodsOtherChan', ['failed', 'delivered'], second));
		const baselines = listPolls('main');
		await activate('E2eTriggerFailed');
		await activate('E2eTriggerBoth');
		// Activation's poll, the baseline.
		await until('the baseline poll', () => (listPolls('main') > baselines && listPolls('no-interactive') > 0 ? true : undefined));

		const firstHundred = await sendTo(sandbox, Array.from({ length: 100 }, (_, i) => `+3538${String(i).padStart(4, '0')}555`));
		// On the other channel: one that fails and one that is delivered (then read).
		const [otherFailed, otherDelivered] = await sendTo({ url: sandbox.url, apiKey: sandbox.noInteractiveApiKey }, [
			'+353838001999',
			'+353838001002',
		]);
		await nextPoll(second, 'main', ['E2eTriggerFailed', 'E2eTriggerBoth']);
		expect(await executionsOf('E2eTriggerFailed')).toEqual([]); // the hundred seen, still SENT

		await sendTo(sandbox, Array.from({ length: 100 }, (_, i) => `+3538${String(100 + i).padStart(4, '0')}555`));
		const failing = [firstHundred[2], firstHundred[20], firstHundred[50], firstHundred[81], firstHundred[99]];
		const reply = await fetch(`${sandbox.url}/__sandbox/messages/status`, {
			method: 'POST',
			body: JSON.stringify({ ids: failing, status: 'FAILED' }),
		});
		expect(reply.status).toBe(200);
		await nextPoll(second, 'main', ['E2eTriggerFailed', 'E2eTriggerBoth']);

		const expectedFailed = failing.map((id) => [id, 'failed']);
		await finishedExecutions('E2eTriggerFailed', 5);
		await finishedExecutions('E2eTriggerBoth', 2);
		expect(await triggeredBy('E2eTriggerFailed')).toEqual(expectedFailed);
		// The failed and the delivered message of the other channel: one execution each.
		expect(await triggeredBy('E2eTriggerBoth')).toEqual([
			[otherFailed, 'failed'],
			[otherDelivered, 'delivered'],
		]);

		// n8n restarts: the workflows are activated again from their saved static data; nothing repeats.
		await n8n.restart();
		await nextPoll(second, 'main', ['E2eTriggerFailed', 'E2eTriggerBoth']);
		expect(await triggeredBy('E2eTriggerFailed')).toEqual(expectedFailed);
		expect(await executionsOf('E2eTriggerBoth')).toHaveLength(2);
		expect((await executionsOf('E2eTriggerFailed')).every((execution) => execution.status === 'success')).toBe(true);
	}, 8 * 60_000);
});

/** n numbers ending 555: the sandbox keeps them SENT until the test sets their status. */
const held = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `+3538${String(from + i).padStart(4, '0')}555`);
const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

describe('Octopods Trigger in a real n8n when Octopods misbehaves (issue 22)', () => {
	it('a status read 75 s late (the next poll overlaps it), a status read that answers 500 forever, a flapping status, the "nothing sent" 400, a list of neither shape and a restart: each failure once, later failures still arrive', async () => {
		const id = 'E2eTriggerFaults';
		const statusPath = (message: number) => `${LIST_PATH}/${message}`;
		const setStatus = (ids: number[], status: 'FAILED' | 'UNKNOWN') => faulty.setStatus({ ids, status });
		const first = await sendTo(faulty, held(100));
		const second = (new Date().getUTCSeconds() + 20) % 60;
		await n8n.importWorkflow(triggerWorkflow(id, 'OctopodsFaulty1', ['failed'], second));
		await activate(id);
		await until('the baseline poll', () => (listPolls('main', faulty) > 0 ? true : undefined));

		// 100 more push the first hundred out of the list: they are followed through their status.
		const more = await sendTo(faulty, held(100, 100));
		setStatus([more[5], first[3]], 'FAILED');
		const broken: FaultSpec = { mode: 'server-error', when: 'before', paths: [statusPath(first[10])] };
		// The first follow-up (the oldest) answers 75 s late: past the poll's 30 s budget and past the next poll's start.
		faulty.setFaults([{ mode: 'slow', delayMs: 75_000, count: 1, paths: [statusPath(first[0])] }, broken]);
		await nextPoll(second, 'main', [], faulty);
		await finishedExecutions(id, 1, 120_000);
		expect(await triggeredBy(id)).toEqual([[more[5], 'failed']]);
		// The poll that started meanwhile left it alone: it did not read the list.
		expect(listPolls('main', faulty)).toBe(2);
		expect(count(n8n.logText(), /previous poll \(started \d+ s ago\) is still running/)).toBe(1);

		// The list says UNKNOWN for the failure already reported; the followed first[3] failed; first[10] answers 500.
		setStatus([more[5]], 'UNKNOWN');
		await nextPoll(second, 'main', [id], faulty);
		await finishedExecutions(id, 2);
		expect(await triggeredBy(id)).toEqual([
			[first[3], 'failed'],
			[more[5], 'failed'],
		]);
		expect(count(n8n.logText(), new RegExp(`status of message ${first[10]} could not be read`))).toBe(1);

		// FAILED again, unseen: the list answers "nothing sent yet", then in a shape of neither generation.
		setStatus([more[5]], 'FAILED');
		faulty.setFaults([broken, { mode: 'nothing-sent', count: 1, paths: [LIST_PATH] }]);
		await nextPoll(second, 'main', [id], faulty);
		faulty.setFaults([broken, { mode: 'odd-shape', count: 1, paths: [LIST_PATH] }]);
		await nextPoll(second, 'main', [id], faulty);
		expect(count(n8n.logText(), /could not use the sent-messages list/)).toBe(2);
		expect(await executionsOf(id)).toHaveLength(2);

		// A normal list again: more[5] (FAILED after UNKNOWN) is not reported again; a new failure is.
		faulty.setFaults([broken]);
		setStatus([more[9]], 'FAILED');
		await nextPoll(second, 'main', [id], faulty);
		await finishedExecutions(id, 3);

		// n8n restarts with one more failure waiting: reported once (at the activation's poll or the next), nothing repeats.
		setStatus([more[20]], 'FAILED');
		await n8n.restart();
		await nextPoll(second, 'main', [id], faulty);
		await finishedExecutions(id, 4);
		expect(await triggeredBy(id)).toEqual([
			[first[3], 'failed'],
			[more[5], 'failed'],
			[more[9], 'failed'],
			[more[20], 'failed'],
		]);
		expect((await executionsOf(id)).every((execution) => execution.status === 'success')).toBe(true);
		// The broken status read never stopped the trigger: it was tried again with back-off (3 attempts per try).
		expect(faulty.received.filter((request) => request.path === statusPath(first[10])).length).toBeGreaterThanOrEqual(6);
	}, 12 * 60_000);
});

describe('Octopods Trigger in a real n8n, activated over old failures (issue 27)', () => {
	it('the "nothing sent yet" 400 at activation: no old failure is reported, a new one once; a row without a message ID in every answer: a later failure still arrives once', async () => {
		const id = 'E2eTriggerActivation';
		// Before activation: one message held SENT, two failures and one delivered (then read).
		const [heldBefore] = await sendTo(fresh, held(1));
		await sendTo(fresh, ['+353838000999', '+353838001999', '+353838000001']);
		await sleep(300);
		const second = (new Date().getUTCSeconds() + 20) % 60;
		await n8n.importWorkflow(triggerWorkflow(id, 'OctopodsFresh1', ['failed'], second));
		fresh.setFaults([{ mode: 'nothing-sent', count: 1, paths: [LIST_PATH] }]);
		await activate(id);
		await until('the activation poll', () => (listPolls('main', fresh) > 0 ? true : undefined));
		expect(fresh.faultRules()[0].struck).toBe(1);

		// Sent after activation, already failed when the trigger first reads a list.
		const [newFailure] = await sendTo(fresh, ['+353838002999']);
		await nextPoll(second, 'main', [id], fresh);
		await finishedExecutions(id, 1);
		expect(await triggeredBy(id)).toEqual([[newFailure, 'failed']]);

		// From now on every list answer has a row without a message ID on top.
		fresh.setFaults([{ mode: 'unreadable-row', paths: [LIST_PATH] }]);
		fresh.setStatus({ ids: [heldBefore], status: 'FAILED' });
		await nextPoll(second, 'main', [id], fresh);
		await finishedExecutions(id, 2);
		await nextPoll(second, 'main', [id], fresh);
		expect(await triggeredBy(id)).toEqual([
			[heldBefore, 'failed'],
			[newFailure, 'failed'],
		]);
		expect((await executionsOf(id)).every((execution) => execution.status === 'success')).toBe(true);
		expect(count(n8n.logText(), /1 of the \d+ rows of the sent-messages list could not be read/)).toBe(2);
	}, 8 * 60_000);
});
