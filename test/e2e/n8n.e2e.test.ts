import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import type { RealN8n } from './support/realN8n';
import { startRealN8n } from './support/realN8n';
import { OCTOPODS, octopodsWorkflow } from './support/workflows';
import { sendsByPhone } from '../support/sandbox';

// End to end: the built package installed into a real n8n 2.x, run with `n8n execute`, and the
// editor's dynamic parameters called over n8n's REST API, all against a local Octopods sandbox.

const SECRET_KEY = 'octo-e2e-key-5d1b7e9a3c';

let sandbox: Sandbox;
let n8n: RealN8n;

function credential(id: string, name: string, apiKey: string) {
	return { id, name, type: 'octopodsApi', data: { apiKey, baseUrl: sandbox.url } };
}

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: SECRET_KEY });
	n8n = await startRealN8n([
		credential('OctopodsSandbox1', 'Octopods Sandbox', SECRET_KEY),
		credential('OctopodsWrongKey', 'Octopods Wrong Key', 'not-the-key'),
		credential('OctopodsNoInterac', 'Octopods No Interactive', sandbox.noInteractiveApiKey),
	]);
});

beforeEach(() => sandbox.reset());

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	// Every n8n process this suite started (server, CLI commands, their task runners) is gone.
	expect(await n8n?.leftovers()).toEqual([]);
});

describe('the package inside a real n8n', () => {
	it('offers the Octopods node and its AI tool variant', async () => {
		const types = await n8n.rest<Array<{ name: string; displayName: string }>>('GET', '/types/nodes.json');
		const names = types.map((type) => type.name);
		expect(names).toContain(OCTOPODS);
		expect(names).toContain(`${OCTOPODS}Tool`);
	});

	it('tests a credential when it is saved: a good key passes, a wrong one is explained', async () => {
		// As the credential modal does for a saved credential: its id, and the data it holds.
		const test = (id: string, apiKey: string) =>
			n8n.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: { id, name: id, type: 'octopodsApi', data: { apiKey, baseUrl: sandbox.url } },
			});
		expect(await test('OctopodsSandbox1', SECRET_KEY)).toMatchObject({ status: 'OK' });
		expect(await test('OctopodsWrongKey', 'not-the-key')).toEqual({
			status: 'Error',
			message: 'The API key was rejected by Octopods: it is wrong or deprecated. Copy the current key from the Octopods app, or generate a new one there.',
		});
	});
});

describe('editor: dynamic parameters over REST', () => {
	const nodeTypeAndVersion = { name: OCTOPODS, version: 1 };
	const credentials = { octopodsApi: { id: 'OctopodsSandbox1', name: 'Octopods Sandbox' } };

	it('fills the template picker with the account templates', async () => {
		const result = await n8n.rest<{ results: Array<{ name: string; value: string }> }>(
			'POST',
			'/rest/dynamic-node-parameters/resource-locator-results',
			{
				nodeTypeAndVersion,
				methodName: 'searchActiveTemplates',
				path: 'parameters.templateId',
				currentNodeParameters: { resource: 'message', operation: 'sendTemplate' },
				credentials,
			},
		);
		expect(result.results).toContainEqual({ name: 'appointment_1 (en)', value: '537' });
		expect(result.results.map((r) => r.value)).not.toContain('543');
	});

	it.each([
		['539', ['body_1']],
		['537', ['header_1', 'body_1', 'body_2']],
		['541', ['header_media_url', 'body_1', 'body_2', 'button_1_url']],
		['542', ['body_first_name', 'body_code']],
		['544', []],
		['545', ['body_1', 'body_2']],
		['546', ['header_media_url', 'body_1']],
	])('offers exactly the variable fields of template %s', async (templateId, expected) => {
		const result = await n8n.rest<{ fields: Array<{ id: string }>; emptyFieldsNotice?: string }>(
			'POST',
			'/rest/dynamic-node-parameters/resource-mapper-fields',
			{
				nodeTypeAndVersion,
				methodName: 'getTemplateVariables',
				path: 'parameters.variables',
				currentNodeParameters: {
					resource: 'message',
					operation: 'sendTemplate',
					templateId: { __rl: true, mode: 'list', value: templateId },
				},
				credentials,
			},
		);
		expect(result.fields.map((field) => field.id)).toEqual(expected);
		if (expected.length === 0) expect(result.emptyFieldsNotice).toMatch(/no variables/);
	});
});

describe('the example workflows run in n8n', () => {
	it('lists templates', async () => {
		const execution = await n8n.execute('OctoExListTempl1');
		expect(execution.code).toBe(0);
		const templates = execution.items('List Active Templates');
		expect(templates).toHaveLength(7);
		expect(templates.every((t) => t.active === true)).toBe(true);
	});

	it('sends a template for a CRM record, then reads its delivery status', async () => {
		const execution = await n8n.execute('OctoExCrmSendSt1');
		expect(execution.code).toBe(0);
		const [sent] = execution.items('Send Appointment Template');
		expect(sent).toMatchObject({ phone_number: '+353838000000', template_name: 'appointment_1' });
		expect(sandbox.sends()[0].body).toEqual({
			destination_phone: '+353838000000',
			message_variables: { header: ['Ana'], body: ['Ana', 'https://cal.example.com/ana'] },
		});
		expect(execution.items('Get Delivery Status')).toEqual([
			expect.objectContaining({ message_id: sent.message_id, status: 'DELIVERED' }),
		]);
		expect(JSON.stringify(execution.run)).not.toContain(SECRET_KEY);
	});

	it('sends reply buttons', async () => {
		const execution = await n8n.execute('OctoExReplyButt1');
		expect(execution.code).toBe(0);
		const payload = (sandbox.sends()[0].body as { waba_interactive_message: { action: unknown } })
			.waba_interactive_message;
		expect(payload.action).toEqual({
			buttons: [
				{ type: 'reply', reply: { id: 'confirm', title: 'Confirm' } },
				{ type: 'reply', reply: { id: 'reschedule', title: 'Reschedule' } },
				{ type: 'reply', reply: { id: 'talk_to_a_human', title: 'Talk to a human' } },
			],
		});
	});

	it('sends a list menu with sections', async () => {
		const execution = await n8n.execute('OctoExListMenu01');
		expect(execution.code).toBe(0);
		const payload = (sandbox.sends()[0].body as { waba_interactive_message: { type: string; action: { sections: Array<{ title: string; rows: unknown[] }> } } })
			.waba_interactive_message;
		expect(payload.type).toBe('list');
		expect(payload.action.sections.map((s) => [s.title, s.rows.length])).toEqual([
			['Orders', 2],
			['Account', 1],
		]);
	});

	it('sends a template chosen per item by expression', async () => {
		const execution = await n8n.execute('OctoExPerItemTp1');
		expect(execution.code).toBe(0);
		expect(sendsByPhone(sandbox).map((s) => [s.path, s.body])).toEqual([
			[
				'/api/v1/whatsapp/templates/539/messages',
				{ destination_phone: '+353838000001', message_variables: { body: ['https://example.com/account'] } },
			],
			[
				'/api/v1/whatsapp/templates/542/messages',
				{ destination_phone: '+353838000002', message_variables: { body: ['Bruno', '4821'] } },
			],
			[
				'/api/v1/whatsapp/templates/541/messages',
				{
					destination_phone: '+353838000003',
					message_variables: { body: ['Carla', 'A-17'], buttons: ['A-17'] },
					header_attachment_url: 'https://picsum.photos/600',
				},
			],
		]);
	});

	it('passes an interactive message of another type through JSON mode unchanged', async () => {
		const product = {
			type: 'product',
			body: { text: 'Our bestseller' },
			action: { catalog_id: 'cat-1', product_retailer_id: 'sku-42' },
		};
		await n8n.importWorkflow(
			octopodsWorkflow('E2eJsonProduct', {
				resource: 'message',
				operation: 'sendInteractive',
				phoneNumber: '+353838000000',
				interactiveType: 'json',
				interactiveJson: JSON.stringify(product),
			}),
		);
		const execution = await n8n.execute('E2eJsonProduct');
		expect(execution.code).toBe(0);
		expect(sandbox.sends()[0].body).toEqual({ destination_phone: '+353838000000', waba_interactive_message: product });
		expect(execution.items('Octopods')[0].payload).toEqual(product);
	});
});

describe('failures in a real n8n', () => {
	it('under Continue On Fail, a failing call becomes an error item', async () => {
		await n8n.importWorkflow(
			octopodsWorkflow(
				'E2eContinueOnFail',
				{ resource: 'template', operation: 'get', templateId: { __rl: true, mode: 'id', value: '9999' } },
				{ onError: 'continueRegularOutput' },
			),
		);
		const execution = await n8n.execute('E2eContinueOnFail');
		expect(execution.code).toBe(0);
		expect(execution.items('Octopods')).toEqual([
			expect.objectContaining({
				error: 'Template 9999 was not found in this Octopods account',
				errorCode: 3,
				httpCode: '404',
				requestId: expect.any(String),
			}),
		]);
	});

	it('a wrong key fails the run with a clear message and never shows the key', async () => {
		await n8n.importWorkflow(
			octopodsWorkflow(
				'E2eWrongKey',
				{ resource: 'template', operation: 'getAll', returnAll: true },
				{ credentialId: 'OctopodsWrongKey' },
			),
		);
		const execution = await n8n.execute('E2eWrongKey');
		expect(execution.code).toBe(1);
		expect(execution.errorMessage).toBe('The Octopods API key was rejected: check the credential');
		expect(JSON.stringify(execution.run)).not.toContain('not-the-key');
	});

	describe("n8n's Retry On Fail", () => {
		const send = (maxWaitOnRateLimit?: number) => ({
			resource: 'message',
			operation: 'sendTemplate',
			templateId: { __rl: true, mode: 'id', value: '544' },
			phoneNumber: '+353838000000',
			variablesInput: 'fields',
			variables: { mappingMode: 'defineBelow', value: {} },
			options: maxWaitOnRateLimit === undefined ? {} : { maxWaitOnRateLimit },
		});
		const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 100 };

		it('sends on a later try when the first was refused', async () => {
			await n8n.importWorkflow(octopodsWorkflow('E2eRetryRefused', send(0), retry));
			sandbox.setFaults([{ mode: 'rate-limit', count: 1, cooldownMs: 50, methods: ['POST'] }]);
			const execution = await n8n.execute('E2eRetryRefused');
			expect(execution.code).toBe(0);
			expect(execution.items('Octopods')).toEqual([expect.objectContaining({ message_id: expect.any(Number) })]);
			const posts = sandbox.received.filter((request) => request.method === 'POST');
			expect(posts.map((request) => request.status)).toEqual([429, 201]);
		});

		it('never repeats a send that may have gone through', async () => {
			await n8n.importWorkflow(octopodsWorkflow('E2eRetryMaybeSent', send(), retry));
			sandbox.setFaults([{ mode: 'server-error', when: 'after', count: 1, methods: ['POST'] }]);
			const execution = await n8n.execute('E2eRetryMaybeSent');
			expect(execution.code).toBe(1);
			expect(execution.errorMessage).toMatch(/^The message may have been sent/);
			expect(sandbox.sends()).toHaveLength(1);
		});
	});

	it('interactive messages on a channel without them are explained', async () => {
		await n8n.importWorkflow(
			octopodsWorkflow(
				'E2eNoInteractive',
				{
					resource: 'message',
					operation: 'sendInteractive',
					phoneNumber: '+353838000000',
					interactiveType: 'buttons',
					bodyText: 'Confirm?',
					buttons: { button: [{ title: 'Yes', id: 'yes' }] },
				},
				{ credentialId: 'OctopodsNoInterac' },
			),
		);
		const execution = await n8n.execute('E2eNoInteractive');
		expect(execution.code).toBe(1);
		expect(execution.errorMessage).toBe('Interactive messages are not enabled for this Octopods channel');
	});
});
