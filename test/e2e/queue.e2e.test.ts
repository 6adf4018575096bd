/**
 * The packed package in n8n queue mode: a main taking webhooks, two `n8n worker` processes running
 * the executions, Redis and PostgreSQL (scripts/queue/). Each workflow is a production webhook that
 * answers with its last node's items, so every execution below ran in a worker, which read the
 * credential from the shared database, paced itself and kept its own retry ledger.
 */
import { readFile } from 'node:fs/promises';

import { publish } from '../../scripts/bench/scenarios/burst';
import { QueueCluster } from '../../scripts/queue/cluster';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { sendTemplateOfRecords } from '../support/sendBatch';
import { execution, itemsOf } from './support/executions';
import { endedExecution, executionIdOf, linkSentTo, submit } from './support/sendAndWait';
import type { INodeParameters } from 'n8n-workflow';

const SECRET_KEY = 'octo-e2e-queue-key-2c8e4a6f1b';
const OCTOPODS = 'n8n-nodes-octopods.octopods';

let sandbox: Sandbox;
let cluster: QueueCluster;
let credentialId: string;
let webhookCalls = 0;

interface Node {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	[setting: string]: unknown;
}

const octopods = (name: string, parameters: Record<string, unknown>, settings: Record<string, unknown> = {}): Node => ({
	name,
	type: OCTOPODS,
	typeVersion: 1,
	parameters,
	credentials: { octopodsApi: { id: credentialId, name: 'Octopods (queue e2e)' } },
	...settings,
});

const splitRecords: Node = {
	name: 'Records',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: 'body.records', options: {} },
};

/**
 * POST /webhook/<path> → the nodes in a chain; the call answers with the last node's items, or at
 * once (`onReceived`) for a workflow that goes on waiting.
 */
async function webhookWorkflow(path: string, nodes: Node[], responseMode: 'lastNode' | 'onReceived' = 'lastNode'): Promise<void> {
	const webhook: Node = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		parameters: { httpMethod: 'POST', path, responseMode, responseData: 'allEntries', options: {} },
		webhookId: `5e0c3a1d-7b2f-4c8e-9a6d-${Buffer.from(path).toString('hex').padEnd(12, '0').slice(0, 12)}`,
	};
	const chain = [webhook, ...nodes].map((node, index) => ({ id: `n${index}`, position: [index * 220, 0], ...node }));
	const connections = Object.fromEntries(
		chain.slice(0, -1).map((node, index) => [node.name, { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }]),
	);
	const created = await cluster.rest<{ id: string }>('POST', '/rest/workflows', {
		name: `queue e2e ${path}`,
		nodes: chain,
		connections,
		settings: { executionOrder: 'v1' },
	});
	await publish(cluster, created.id);
}

async function call(path: string, body: unknown): Promise<{ status: number; items: Array<Record<string, unknown>> }> {
	webhookCalls++;
	const response = await fetch(`${cluster.main.url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(120_000),
	});
	const parsed = (await response.json()) as unknown;
	return { status: response.status, items: (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>> };
}

/** Send Template 539, recipient and variable from each record ({ phone, link }). */
const sendTemplate = (options: INodeParameters = {}) => sendTemplateOfRecords(options) as Record<string, unknown>;

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: SECRET_KEY });
	cluster = await QueueCluster.start({ workers: 2, log: () => {} });
	const credential = await cluster.rest<{ id: string }>('POST', '/rest/credentials', {
		name: 'Octopods (queue e2e)',
		type: 'octopodsApi',
		data: { apiKey: SECRET_KEY, baseUrl: sandbox.url, processesSharingKey: 2 },
	});
	credentialId = credential.id;
});

beforeEach(() => sandbox.reset());

afterAll(async () => {
	// Every execution ran in a worker, none in the main.
	const finished = cluster ? await cluster.workerLogs() : [];
	await cluster?.stop();
	await sandbox?.close();
	// (A resumed execution may end in another worker than the one that sent its message.)
	expect(new Set(finished.flatMap((worker) => [...worker.executions])).size).toBe(webhookCalls);
});

describe('n8n queue mode: the node in workers', () => {
	it('sends a template, then waits for its delivery status', async () => {
		await webhookWorkflow('queue-send-status', [
			{ ...splitRecords },
			octopods('Send', sendTemplate()),
			octopods('Status', {
				resource: 'message',
				operation: 'getStatus',
				messageId: '={{ $json.message_id }}',
				options: { waitForStatus: 'delivered', maxWaitForStatus: 30, statusCheckInterval: 1 },
			}),
		]);
		const { status, items } = await call('queue-send-status', { records: [{ phone: '+353838000001', link: 'https://x.io/q-1' }] });
		expect(status).toBe(200);
		expect(items).toEqual([expect.objectContaining({ status: 'DELIVERED', target_reached: true })]);
		expect(sandbox.sends().map((send) => send.body)).toEqual([
			{ destination_phone: '+353838000001', message_variables: ['https://x.io/q-1'] },
		]);
		expect(JSON.stringify(items)).not.toContain(SECRET_KEY);
	});

	it('sends reply buttons', async () => {
		await webhookWorkflow('queue-buttons', [
			octopods('Buttons', {
				resource: 'message',
				operation: 'sendInteractive',
				phoneNumber: '={{ $json.body.phone }}',
				interactiveType: 'buttons',
				bodyText: 'Can you make it?',
				buttons: { button: [{ title: 'Yes', id: 'yes' }, { title: 'No', id: 'no' }] },
				options: {},
			}),
		]);
		const { status, items } = await call('queue-buttons', { phone: '+353838000002' });
		expect(status).toBe(200);
		expect(items).toEqual([expect.objectContaining({ message_id: expect.any(Number) })]);
		const payload = (sandbox.sends()[0].body as { waba_interactive_message: { action: unknown } }).waba_interactive_message;
		expect(payload.action).toEqual({
			buttons: [
				{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
				{ type: 'reply', reply: { id: 'no', title: 'No' } },
			],
		});
	});

	it('under Continue On Fail, a bad record becomes an error item naming its field and item, the others are sent', async () => {
		await webhookWorkflow('queue-continue', [{ ...splitRecords }, octopods('Send', sendTemplate(), { onError: 'continueRegularOutput' })]);
		const records = [
			{ phone: '+353838000003', link: 'https://x.io/q-3' },
			{ phone: '0838 000 000', link: 'https://x.io/q-4' },
		];
		const { status, items } = await call('queue-continue', { records });
		expect(status).toBe(200);
		expect(items).toHaveLength(2);
		expect(items[0]).toEqual(expect.objectContaining({ message_id: expect.any(Number) }));
		expect(String(items[1].error)).toMatch(/^Phone Number: .*\[item 1\]$/);
		expect(sandbox.sends()).toHaveLength(1);
	});

	it('Send and Wait: a worker sends the link and waits; the answer, posted to the main, resumes it once', async () => {
		const phone = '+353838000007';
		await webhookWorkflow(
			'queue-send-and-wait',
			[
				octopods('Ask', { resource: 'message', operation: 'sendAndWait', phoneNumber: '={{ $json.body.phone }}', message: 'Refund order A-17, EUR 40?' }),
				{ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
			],
			'onReceived',
		);
		expect((await call('queue-send-and-wait', { phone })).status).toBe(200);
		// The link a worker made points at the main (WEBHOOK_URL), which serves the waiting webhook.
		const link = await linkSentTo(sandbox.url, phone);
		expect(link.startsWith(`${cluster.main.url}/webhook-waiting/`)).toBe(true);
		const id = executionIdOf(link);
		expect((await execution(cluster, id)).status).toBe('waiting');

		const clickedAt = Date.now();
		expect((await submit(link, { approved: 'true' })).status).toBe(200);
		const ended = await endedExecution(cluster, id);
		process.stdout.write(`[e2e] queue mode: Send and Wait, answer to finished execution ${Date.now() - clickedAt} ms\n`);
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Ask')).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);
		expect(ended.data.resultData.runData.Ask).toHaveLength(1);
		expect(itemsOf(ended.data, 'Done')).toHaveLength(1);
		expect(sandbox.sends()).toHaveLength(1);
		// Workers ran both parts: the send up to the wait, and the resume the main queued.
		const logs = await Promise.all(cluster.workers.map(({ server }) => readFile(server.logFile, 'utf8')));
		const jobs = logs.join('\n').split(`Worker finished execution ${id}`).length - 1;
		expect(jobs).toBe(2);
	});

	describe("n8n's Retry On Fail", () => {
		const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 };
		// The fault's 2 s cool-down outlasts a slow answer (a 429 that arrives after its stated end
		// reads as clock skew and pauses a whole 10 s window); tries 4 s apart reach past both.
		const retryAfterCooldown = { retryOnFail: true, maxTries: 4, waitBetweenTries: 4000 };

		it('sends on a later try when the first was refused', async () => {
			await webhookWorkflow('queue-retry-refused', [{ ...splitRecords }, octopods('Send', sendTemplate({ maxWaitOnRateLimit: 0 }), retryAfterCooldown)]);
			sandbox.setFaults([{ mode: 'rate-limit', count: 1, cooldownMs: 2000, methods: ['POST'] }]);
			const { status, items } = await call('queue-retry-refused', { records: [{ phone: '+353838000005', link: 'https://x.io/q-5' }] });
			expect(status).toBe(200);
			expect(items).toEqual([expect.objectContaining({ message_id: expect.any(Number) })]);
			expect(sandbox.received.filter((request) => request.method === 'POST').map((request) => request.status)).toEqual([429, 201]);
		});

		it('never repeats a send that may have gone through', async () => {
			await webhookWorkflow('queue-retry-maybe', [{ ...splitRecords }, octopods('Send', sendTemplate(), retry)]);
			sandbox.setFaults([{ mode: 'server-error', when: 'after', count: 1, methods: ['POST'] }]);
			const { status, items } = await call('queue-retry-maybe', { records: [{ phone: '+353838000006', link: 'https://x.io/q-6' }] });
			expect(status).toBe(500);
			expect(JSON.stringify(items)).not.toContain(SECRET_KEY);
			expect(sandbox.sends()).toHaveLength(1);
		});
	});
});
