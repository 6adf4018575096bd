import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { SUPPORTED_N8N } from '../../scripts/runtime/provision';
import { sendsByPhone } from '../support/sandbox';
import type { RealN8n } from './support/realN8n';
import { expectSucceeded, startRealN8n } from './support/realN8n';
import { OCTOPODS, octopodsWorkflow } from './support/workflows';
import { itemsOf } from './support/executions';
import {
	BROWSER_AGENT,
	CUSTOM_FORM,
	endedExecution,
	executionIdOf,
	fetchAs,
	forged,
	linkSentTo,
	sendAndWaitWorkflow,
	SLOT_QUESTION,
	statusOf,
	submit,
} from './support/sendAndWait';

// Compatibility smoke: what every user does first, on every n8n users run (the last 1.x and the
// pinned, newest installable 2.x), with the packed package installed as a community package.
// The full suite (n8n.e2e.test.ts, editor.e2e.test.ts) runs on the pinned 2.x only.

const API_KEY = 'octo-compat-key-3e8a61';

describe.each(SUPPORTED_N8N.map((release) => [release.version, release] as const))('n8n %s', (version, release) => {
	let sandbox: Sandbox;
	let n8n: RealN8n;

	beforeAll(async () => {
		process.stdout.write(`[e2e] compatibility smoke on n8n ${version}\n`);
		sandbox = await startSandbox({ apiKey: API_KEY });
		n8n = await startRealN8n(
			[
				{ id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey: API_KEY, baseUrl: sandbox.url } },
			],
			{ release },
		);
	});

	beforeEach(() => sandbox.reset());

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (n8n) expect(await n8n.leftovers()).toEqual([]);
	});

	it('runs the version it names', async () => {
		const settings = await n8n.rest<{ versionCli: string }>('GET', '/rest/settings');
		expect(settings.versionCli).toBe(version);
	});

	it('loads the node and offers its AI tool variant', async () => {
		const names = (await n8n.rest<Array<{ name: string }>>('GET', '/types/nodes.json')).map((type) => type.name);
		expect(names).toEqual(expect.arrayContaining([OCTOPODS, `${OCTOPODS}Tool`]));
		// n8n 2.x makes the AI Agent's human review of Send and Wait (test/e2e/hitl.e2e); 1.x does not.
		expect(names.includes(`${OCTOPODS}HitlTool`)).toBe(!version.startsWith('1.'));
	});

	it('tests the credential: a good key passes, a wrong one is explained', async () => {
		const test = (apiKey: string) =>
			n8n.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { id: 'OctopodsSandbox1', name: 'Octopods Sandbox', type: 'octopodsApi', data: { apiKey, baseUrl: sandbox.url } },
			});
		expect(await test(API_KEY)).toMatchObject({ status: 'OK' });
		// n8n 1.x answers a rejected key (401) with its own words, not the credential's.
		const rejected = version.startsWith('1.')
			? 'Authorization failed - please check your credentials'
			: expect.stringMatching(/^The API key was rejected by Octopods/);
		expect(await test('not-the-key')).toEqual({ status: 'Error', message: rejected });
	});

	it('lists templates, in the editor and in a run', async () => {
		const picker = await n8n.rest<{ results: Array<{ name: string; value: string }> }>(
			'POST',
			'/rest/dynamic-node-parameters/resource-locator-results',
			{
				nodeTypeAndVersion: { name: OCTOPODS, version: 1 },
				methodName: 'searchActiveTemplates',
				path: 'parameters.templateId',
				currentNodeParameters: { resource: 'message', operation: 'sendTemplate' },
				credentials: { octopodsApi: { id: 'OctopodsSandbox1', name: 'Octopods Sandbox' } },
			},
		);
		expect(picker.results).toContainEqual({ name: 'appointment_1 (en)', value: '537' });
		const execution = await n8n.execute('OctoExListTempl1');
		expectSucceeded(execution);
		expect(execution.items('List Active Templates')).toHaveLength(10);
	});

	it('sends a template with mapped variables, then waits for its delivery', async () => {
		const execution = await n8n.execute('OctoExCrmSendSt1');
		expectSucceeded(execution);
		const [sent] = execution.items('Send Appointment Template');
		expect(sandbox.sends()[0].body).toEqual({
			destination_phone: '+353838000000',
			message_variables: { header: ['Ana'], body: ['Ana', 'https://cal.example.com/ana'], footer: [], buttons: [] },
		});
		await n8n.importWorkflow(
			octopodsWorkflow(`E2eCompatWait${version.replace(/\D/g, '')}`, {
				resource: 'message',
				operation: 'getStatus',
				messageId: String(sent.message_id),
				options: { waitForStatus: 'read', maxWaitForStatus: 60, statusCheckInterval: 1 },
			}),
		);
		const waited = await n8n.execute(`E2eCompatWait${version.replace(/\D/g, '')}`);
		expectSucceeded(waited);
		expect(waited.items('Octopods')).toEqual([
			expect.objectContaining({ message_id: sent.message_id, status: 'READ', target_reached: true }),
		]);
	});

	it('sends templates chosen per item with JSON variables', async () => {
		const execution = await n8n.execute('OctoExPerItemTp1');
		expectSucceeded(execution);
		expect(sendsByPhone(sandbox).map((send) => send.body)).toEqual([
			{ destination_phone: '+353838000001', message_variables: ['https://example.com/account'] },
			{ destination_phone: '+353838000002', message_variables: ['Bruno', '4821'] },
			{
				destination_phone: '+353838000003',
				message_variables: { header: [], body: ['Carla', 'A-17'], footer: [], buttons: ['A-17'] },
				header_attachment_url: 'https://picsum.photos/600',
			},
		]);
	});

	it('sends an interactive message', async () => {
		const execution = await n8n.execute('OctoExReplyButt1');
		expectSucceeded(execution);
		const payload = (sandbox.sends()[0].body as { waba_interactive_message: { type: string } }).waba_interactive_message;
		expect(payload.type).toBe('button');
	});

	it("checks numbers against libphonenumber-js's real ranges: an unassigned Irish mobile range is refused (Continue On Fail), a real one sent", async () => {
		const id = (kind: string) => `E2eCompat${kind}${version.replace(/\D/g, '')}`;
		const send = (phoneNumber: string) => ({
			resource: 'message',
			operation: 'sendTemplate',
			templateId: { __rl: true, mode: 'id', value: '544' },
			phoneNumber,
			variablesInput: 'fields',
			variables: { mappingMode: 'defineBelow', value: {} },
		});
		// 082 is not an Irish mobile prefix: right length (valid to the `min` metadata), no such range.
		await n8n.importWorkflow(octopodsWorkflow(id('Bad'), send('+353 82 123 4567'), { onError: 'continueRegularOutput' }));
		await n8n.importWorkflow(octopodsWorkflow(id('Good'), send('+353 87 123 4567')));
		const refused = await n8n.execute(id('Bad'));
		expectSucceeded(refused);
		expect(refused.items('Octopods')).toEqual([
			expect.objectContaining({
				error: expect.stringContaining('"+353 82 123 4567" is not a valid number for Ireland'),
				field: 'Phone Number',
			}),
		]);
		expect(sandbox.sends()).toHaveLength(0);
		const sent = await n8n.execute(id('Good'));
		expectSucceeded(sent);
		expect(sandbox.sends().map((request) => (request.body as { destination_phone: string }).destination_phone)).toEqual([
			'+353871234567',
		]);
	});

	it('Send and Wait: a forged link is refused and resumes nothing; the approval resumes it once', async () => {
		const id = `E2eCompatAsk${version.replace(/\D/g, '')}`;
		const phone = '+353838000021';
		await n8n.importWorkflow(sendAndWaitWorkflow(id, { phoneNumber: phone, responseType: 'approval', message: 'Refund order A-17?' }));
		expectSucceeded(await n8n.execute(id));
		const link = await linkSentTo(sandbox.url, phone);
		const executionId = executionIdOf(link);
		// 1.123 checks the signature only after setSignatureValidationRequired(), which the node calls.
		expect((await submit(forged(link), { approved: 'true' })).status).toBe(401);
		expect(await statusOf(n8n, executionId)).toBe('waiting');
		expect((await submit(link, { approved: 'true' })).status).toBe(200);
		const ended = await endedExecution(n8n, executionId);
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Octopods')).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);
		expect(itemsOf(ended.data, 'Done')).toHaveLength(1);
	});

	it('Send and Wait: a Custom Form with a dropdown sends, and the multipart answer the page posts resumes it with the exact option', async () => {
		const id = `E2eCompatForm${version.replace(/\D/g, '')}`;
		const phone = '+353838000022';
		await n8n.importWorkflow(sendAndWaitWorkflow(id, { phoneNumber: phone, ...CUSTOM_FORM }));
		expectSucceeded(await n8n.execute(id));
		const link = await linkSentTo(sandbox.url, phone);
		const page = await fetchAs(link, BROWSER_AGENT);
		expect(page.text).toContain('<form method="post" enctype="multipart/form-data">');
		expect(page.text).toContain('<option value="Tue  10:00">Tue  10:00</option>');
		// What the page posts for the first option and a name (the browser's own run: sendAndWait.e2e).
		expect((await submit(link, { 'field-0': 'Tue  10:00', 'field-1': 'Ana' })).status).toBe(200);
		const ended = await endedExecution(n8n, executionIdOf(link));
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Octopods')).toEqual([
			{ data: { [SLOT_QUESTION]: 'Tue  10:00', 'Your name': 'Ana', respondedAt: expect.any(String) } },
		]);
	});
});
