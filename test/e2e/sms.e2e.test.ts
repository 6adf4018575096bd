import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

import { GENERATIONS, startSandbox, type Generation, type Sandbox } from '../../sandbox/server';
import { sendTo } from '../support/sandboxHttp';
import type { RealN8n } from './support/realN8n';
import { expectSucceeded, startRealN8n } from './support/realN8n';
import { ENDED, execution, executionsOf, itemsOf, until } from './support/executions';
import { octopodsWorkflow, type NodeSettings } from './support/workflows';

// The SMS resource in a real n8n 2.x, the packed package installed as a community package, against
// the sandbox's SMS channel in both generations; and the example "when a WhatsApp message fails,
// send an SMS instead" activated and run by its trigger.

const WHATSAPP_KEY = 'octo-e2e-sms-whatsapp-key-5d1c';
const EXAMPLE = 'OctoExWaFailSms1';

let sandboxes: Record<Generation, Sandbox>;
let n8n: RealN8n;
/** Not Octopods: a server answering 404 to everything. */
let notOctopods: Server;
const notOctopodsUrl = () => `http://127.0.0.1:${(notOctopods.address() as AddressInfo).port}`;

/** Start → Octopods (SMS) with the given parameters and SMS credential (the shared builder). */
function smsWorkflow(id: string, parameters: object, credentialId: string, settings: NodeSettings = {}) {
	return octopodsWorkflow(id, { resource: 'sms', ...parameters }, { ...settings, credentialId, credentialType: 'octopodsSmsApi' });
}

async function run(id: string, workflow: object) {
	await n8n.importWorkflow(workflow);
	return await n8n.execute(id);
}

beforeAll(async () => {
	// Statuses move on in 20 ms (2 s scaled); the 2026 one also feeds the example's trigger.
	sandboxes = {
		original: await startSandbox({ apiKey: WHATSAPP_KEY, generation: 'original', timeScale: 0.01 }),
		'2026': await startSandbox({ apiKey: WHATSAPP_KEY, generation: '2026', timeScale: 0.01 }),
	};
	const modern = sandboxes['2026'];
	notOctopods = createServer((_request, response) => response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found'));
	await new Promise<void>((resolve) => notOctopods.listen(0, '127.0.0.1', resolve));
	n8n = await startRealN8n([
		// The examples' credential ids, so the example runs against the 2026 sandbox.
		{ id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey: WHATSAPP_KEY, baseUrl: modern.url } },
		{ id: 'OctopodsSandboxSms1', name: 'Octopods Sandbox SMS', type: 'octopodsSmsApi', data: { apiKey: modern.smsApiKey, baseUrl: modern.url } },
		{ id: 'SmsOriginal', name: 'SMS original', type: 'octopodsSmsApi', data: { apiKey: sandboxes.original.smsApiKey, baseUrl: sandboxes.original.url } },
		{ id: 'SmsWithWhatsAppKey', name: 'SMS with a WhatsApp key', type: 'octopodsSmsApi', data: { apiKey: WHATSAPP_KEY, baseUrl: modern.url } },
		{ id: 'SmsNotOctopods', name: 'SMS at a 404 server', type: 'octopodsSmsApi', data: { apiKey: 'anything-at-all', baseUrl: notOctopodsUrl() } },
	]);
});

beforeEach(() => GENERATIONS.forEach((generation) => sandboxes[generation].reset()));

afterAll(async () => {
	await n8n?.stop();
	await Promise.all(Object.values(sandboxes ?? {}).map((sandbox) => sandbox.close()));
	await new Promise((resolve) => notOctopods?.close(resolve));
	if (n8n) expect(await n8n.leftovers()).toEqual([]);
});

describe.each<[Generation, string]>([
	['original', 'SmsOriginal'],
	['2026', 'OctopodsSandboxSms1'],
])('SMS in a real n8n, %s generation', (generation, credentialId) => {
	it('sends an SMS with its cost, then waits for its delivery', async () => {
		const id = `E2eSmsSend${generation}`;
		const sent = await run(
			id,
			smsWorkflow(id, { operation: 'send', phoneNumber: '+353 83 800 0000', message: 'Your order ships today: 5€', options: {} }, credentialId),
		);
		expectSucceeded(sent);
		const [item] = sent.items('Octopods');
		expect(item).toMatchObject({ message_id: expect.any(Number), phone_number: '+353838000000', segments: 1, encoding: 'GSM-7', characters: 27 });
		const sandbox = sandboxes[generation];
		expect(sandbox.sends().map((request) => request.body)).toEqual([{ destination_phone: '+353838000000', body: 'Your order ships today: 5€' }]);

		const statusId = `E2eSmsStatus${generation}`;
		const waited = await run(
			statusId,
			smsWorkflow(
				statusId,
				{ operation: 'getStatus', messageId: String(item.message_id), options: { waitForStatus: 'final', maxWaitForStatus: 60, statusCheckInterval: 1 } },
				credentialId,
			),
		);
		expectSucceeded(waited);
		expect(waited.items('Octopods')).toEqual([expect.objectContaining({ message_id: item.message_id, status: 'DELIVERED', final: true })]);
	});

	it('reports an undeliverable number as final, with its reason', async () => {
		const id = `E2eSmsUndeliv${generation}`;
		const sent = await run(id, smsWorkflow(id, { operation: 'send', phoneNumber: '+353838000999', message: 'Hi 😀', options: {} }, credentialId));
		expectSucceeded(sent);
		const [item] = sent.items('Octopods');
		expect(item).toMatchObject({ segments: 1, encoding: 'UCS-2' });
		const statusId = `E2eSmsUndelStat${generation}`;
		const waited = await run(
			statusId,
			smsWorkflow(
				statusId,
				{ operation: 'getStatus', messageId: String(item.message_id), options: { waitForStatus: 'final', maxWaitForStatus: 60, statusCheckInterval: 1 } },
				credentialId,
			),
		);
		expectSucceeded(waited);
		const [status] = waited.items('Octopods');
		expect(status).toMatchObject({
			status: generation === '2026' ? 'UNDELIVERED' : 'FAILED',
			final: true,
			failure_reason: expect.objectContaining({ description: expect.stringMatching(/Unreachable/) }),
		});
	});
});

describe('SMS errors in a real n8n', () => {
	it('names the credential when a WhatsApp key is used for SMS, never the key', async () => {
		const id = 'E2eSmsWrongKey';
		const result = await run(
			id,
			smsWorkflow(id, { operation: 'send', phoneNumber: '+353838000000', message: 'Hi', options: {} }, 'SmsWithWhatsAppKey', {
				onError: 'continueRegularOutput',
			}),
		);
		expectSucceeded(result);
		const [item] = result.items('Octopods');
		expect(JSON.stringify(item)).toMatch(/Octopods SMS API/);
		expect(JSON.stringify(item)).not.toContain(WHATSAPP_KEY);
		expect(sandboxes['2026'].sends()).toHaveLength(0);
	});

	it('refuses a body over the segment limit before any request', async () => {
		const id = 'E2eSmsMaxSegs';
		const result = await run(
			id,
			smsWorkflow(id, { operation: 'send', phoneNumber: '+353838000000', message: 'a'.repeat(161), options: { maxSegments: 1 } }, 'OctopodsSandboxSms1', {
				onError: 'continueRegularOutput',
			}),
		);
		expectSucceeded(result);
		expect(result.items('Octopods')).toEqual([expect.objectContaining({ error: expect.stringMatching(/2 segments/) })]);
		expect(sandboxes['2026'].received).toHaveLength(0);
	});
});

describe("testing the Octopods SMS API credential in n8n's credential modal", () => {
	const test = (id: string, apiKey: string, baseUrl: string) =>
		n8n.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
			credentials: { id, name: id, type: 'octopodsSmsApi', data: { apiKey, baseUrl } },
		});

	it("passes the SMS channel's key, names a WhatsApp key, and names a Base URL that is not Octopods", async () => {
		const modern = sandboxes['2026'];
		expect(await test('OctopodsSandboxSms1', modern.smsApiKey, modern.url)).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(await test('SmsWithWhatsAppKey', WHATSAPP_KEY, modern.url)).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^This is a WhatsApp channel's API key, not the SMS channel's/),
		});
		expect(await test('SmsNotOctopods', 'anything-at-all', notOctopodsUrl())).toEqual({
			status: 'Error',
			message: `No Octopods API at ${notOctopodsUrl()}: check the Base URL (e.g. https://app.octopods.io)`,
		});
	});
});

// The demo (`npm start`) answers as the 2026 articles; here too the examples' credential points at
// the 2026 sandbox. The Send and Wait example waits for an answer and the AI agent needs a model:
// sendAndWait.e2e and agent.e2e run those; the trigger examples are activated (below, trigger.e2e).
describe('the examples npm start imports, on its default 2026 generation', () => {
	it.each(['OctoExListTempl1', 'OctoExCrmSendSt1', 'OctoExReplyButt1', 'OctoExListMenu01', 'OctoExPerItemTp1', 'OctoExCrmLangua1'])(
		'%s runs as it is',
		async (id) => {
			expectSucceeded(await n8n.execute(id));
			expect(sandboxes['2026'].received.length).toBeGreaterThan(0);
		},
	);
});

describe('the example "when a WhatsApp message fails, send an SMS instead"', () => {
	it('activated, sends one SMS to the number whose WhatsApp message failed', async () => {
		const sandbox = sandboxes['2026'];
		// The 2026 list's first answer is a 400 until something was sent: send one that will be delivered.
		await sendTo(sandbox, ['+353838000001']);
		const workflow = await n8n.rest<{ versionId: string }>('GET', `/rest/workflows/${EXAMPLE}`);
		await n8n.rest('POST', `/rest/workflows/${EXAMPLE}/activate`, { versionId: workflow.versionId });
		// The activation's poll is the baseline; then a template that fails (numbers ending 999).
		await until('the baseline poll', () => (sandbox.received.some((request) => request.path === '/api/v1/whatsapp/messages') ? true : undefined), 30_000);
		const [failedId] = await sendTo(sandbox, ['+353838000999']);
		// The trigger polls every minute.
		const [ran] = await until(
			'the example to run',
			async () => {
				const found = (await executionsOf(n8n, EXAMPLE)).filter((summary) => ENDED.includes(summary.status));
				return found.length > 0 ? found : undefined;
			},
			100_000,
			1000,
		);
		expect(ran.status).toBe('success');
		const data = (await execution(n8n, ran.id)).data;
		expect(itemsOf(data, 'When a WhatsApp Message Fails')).toEqual([expect.objectContaining({ message_id: failedId })]);
		expect(itemsOf(data, 'Send SMS Instead')).toEqual([
			expect.objectContaining({ phone_number: '+353838000999', segments: 1, encoding: 'GSM-7' }),
		]);
		const sms = sandbox.inbox().filter((message) => message.kind === 'sms');
		expect(sms.map((message) => message.phone)).toEqual(['+353838000999']);
		await n8n.rest('POST', `/rest/workflows/${EXAMPLE}/deactivate`, {});
	});
});
