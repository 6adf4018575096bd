import { readFileSync } from 'fs';
import { join } from 'path';

import { startSandbox, type Sandbox } from '../../sandbox/server';
import { EXAMPLES_DIR, startRealN8n, type RealN8n } from './support/realN8n';
import { executionsOf, until } from './support/executions';
import { activate, finishedExecutions, nextPoll, TRIGGER, triggerItems, triggerWorkflow } from './support/trigger';

// The Octopods Trigger's template events (issue 27) in a real n8n 2.x, activated and polled on
// n8n's own schedule (once a minute): a workflow hearing every template change and the example
// "a template was paused or rejected: tell the team", through status and `active` changes, a
// template left out of one list answer, a failed list, a deletion and an unreadable row. About
// five minutes: the activations' polls and five scheduled ones (285 s measured).

const SECRET_KEY = 'octo-e2e-templates-key-5b1f9d';
const TEMPLATE_LIST = '/api/v1/whatsapp/templates/';
const EXAMPLE_ID = 'OctoExTplPaused1';
const EXAMPLE_FILE = 'template-paused-or-rejected.json';
const EXAMPLE_TRIGGER = 'When a Template Is Paused or Rejected';

let sandbox: Sandbox;
let n8n: RealN8n;

/** Each execution's [template_id, event], sorted (executions of one poll start together). */
async function reported(workflowId: string, nodeName?: string): Promise<string[]> {
	const items = await triggerItems(n8n, workflowId, nodeName);
	return items.map((item) => `${String(item.template_id)} ${String(item.event)}`).sort();
}
const sorted = (pairs: Array<[number, string]>) => pairs.map(([id, event]) => `${id} ${event}`).sort();

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: SECRET_KEY, generation: '2026', rateLimit: false });
	const limits = { customLimits: true, rateLimitRequests: 55, rateLimitWindowSeconds: 1 };
	n8n = await startRealN8n([
		// The examples' credential id: the example workflow is imported against this sandbox.
		{ id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey: SECRET_KEY, baseUrl: sandbox.url, ...limits } },
	]);
});

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	expect(await n8n?.leftovers()).toEqual([]);
});

describe('Octopods Trigger template events in a real n8n, activated', () => {
	it('each template change once, none at activation, across a hidden template, a failed list, a deletion and an unreadable row; the example tells the team', async () => {
		const second = (new Date().getUTCSeconds() + 20) % 60;
		const poll = async () => await nextPoll(n8n, sandbox, { second, channel: 'main', path: TEMPLATE_LIST, workflowIds: ['E2eTemplatesAll', EXAMPLE_ID] });
		await n8n.importWorkflow(triggerWorkflow('E2eTemplatesAll', 'OctopodsSandbox1', ['templateAnyChange'], second, {}));
		// The example as it ships, polling at the same second as the other workflow (not at a random one).
		const example = JSON.parse(readFileSync(join(EXAMPLES_DIR, EXAMPLE_FILE), 'utf8')) as {
			nodes: Array<{ type: string; parameters: { pollTimes?: unknown; events?: string[] } }>;
		};
		const exampleTrigger = example.nodes.find((node) => node.type === TRIGGER)!;
		expect(exampleTrigger.parameters.events).toEqual(['templatePaused', 'templateRejected']);
		exampleTrigger.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] };
		await n8n.importWorkflow(example);

		// Before activation: already Rejected (548) and inactive (543), never an event.
		const listReads = () => sandbox.received.filter((request) => request.path === TEMPLATE_LIST).length;
		await activate(n8n, 'E2eTemplatesAll');
		await activate(n8n, EXAMPLE_ID);
		await until('the activations\' polls (the baseline)', () => (listReads() >= 2 ? true : undefined));
		// Poll 1: paused and rejected; 537 left out of this poll's list answers (one per workflow).
		sandbox.changeTemplate({ id: 539, action: 'pause' });
		sandbox.changeTemplate({ id: 549, action: 'reject' });
		sandbox.changeTemplate({ id: 537, hide: 2 });
		await poll();
		expect(listReads()).toBeGreaterThanOrEqual(4); // the activations' and this poll's
		await finishedExecutions(n8n, 'E2eTemplatesAll', 2);
		await finishedExecutions(n8n, EXAMPLE_ID, 2);
		expect(await reported('E2eTemplatesAll')).toEqual(sorted([
			[539, 'templatePaused'],
			[549, 'templateRejected'],
		]));
		// 537 was looked up on its own, not reported deleted.
		expect(sandbox.received.some((request) => request.path === '/api/v1/whatsapp/templates/537')).toBe(true);

		// Poll 2: every template list answers 500 (3 tries per workflow); 539 is reactivated meanwhile.
		sandbox.changeTemplate({ failLists: 6 });
		sandbox.changeTemplate({ id: 539, action: 'reactivate' });
		await poll();
		expect(await executionsOf(n8n, 'E2eTemplatesAll')).toHaveLength(2);
		expect(n8n.logText()).toMatch(/could not read the template list/);

		// Poll 3: the reactivation across the failed poll arrives once; 541 deleted (its GET says 404).
		sandbox.changeTemplate({ id: 541, action: 'delete' });
		await poll();
		await finishedExecutions(n8n, 'E2eTemplatesAll', 4);

		// Poll 4: an unreadable row in every answer, 544 paused: the rest of the list is used.
		sandbox.changeTemplate({ unreadableRows: 2 });
		sandbox.changeTemplate({ id: 544, action: 'pause' });
		await poll();
		await finishedExecutions(n8n, 'E2eTemplatesAll', 5);
		await finishedExecutions(n8n, EXAMPLE_ID, 3);

		// Poll 5: nothing new, nothing repeated.
		await poll();
		expect(await reported('E2eTemplatesAll')).toEqual(sorted([
			[539, 'templatePaused'],
			[549, 'templateRejected'],
			[539, 'templateReactivated'],
			[541, 'templateDeleted'],
			[544, 'templatePaused'],
		]));
		expect(await reported(EXAMPLE_ID, EXAMPLE_TRIGGER)).toEqual(sorted([
			[539, 'templatePaused'],
			[549, 'templateRejected'],
			[544, 'templatePaused'],
		]));
		for (const id of ['E2eTemplatesAll', EXAMPLE_ID]) {
			expect((await executionsOf(n8n, id)).every((execution) => execution.status === 'success')).toBe(true);
		}
		// The example's message for the team names the template and what happened.
		const [newest] = await executionsOf(n8n, EXAMPLE_ID);
		const full = await n8n.rest<{ data: string }>('GET', `/rest/executions/${newest.id}`);
		expect(full.data).toContain('WhatsApp template hello_world');
		expect(n8n.logText()).toMatch(/1 row\(s\) of the template list could not be read/);
	}, 9 * 60_000);
});
