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
/** The same API as the 2026 help-centre articles describe it (statuses move on in 20 ms, not 2 s). */
let sandbox2026: Sandbox;
let n8n: RealN8n;

function credential(id: string, name: string, apiKey: string, baseUrl = sandbox.url) {
	return { id, name, type: 'octopodsApi', data: { apiKey, baseUrl } };
}

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: SECRET_KEY });
	sandbox2026 = await startSandbox({ apiKey: SECRET_KEY, generation: '2026', timeScale: 0.01 });
	n8n = await startRealN8n([
		credential('OctopodsSandbox1', 'Octopods Sandbox', SECRET_KEY),
		credential('Octopods2026', 'Octopods 2026', SECRET_KEY, sandbox2026.url),
		credential('OctopodsWrongKey', 'Octopods Wrong Key', 'not-the-key'),
		credential('OctopodsNoInterac', 'Octopods No Interactive', sandbox.noInteractiveApiKey),
	]);
});

beforeEach(() => {
	sandbox.reset();
	sandbox2026.reset();
});

afterAll(async () => {
	await n8n?.stop();
	await sandbox?.close();
	await sandbox2026?.close();
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
		expect(templates).toHaveLength(10);
		expect(templates.every((t) => t.active === true)).toBe(true);
	});

	it('sends a template for a CRM record, then reads its delivery status', async () => {
		const execution = await n8n.execute('OctoExCrmSendSt1');
		expect(execution.code).toBe(0);
		const [sent] = execution.items('Send Appointment Template');
		expect(sent).toMatchObject({ phone_number: '+353838000000', template_name: 'appointment_1' });
		expect(sandbox.sends()[0].body).toEqual({
			destination_phone: '+353838000000',
			message_variables: { header: ['Ana'], body: ['Ana', 'https://cal.example.com/ana'], footer: [], buttons: [] },
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
				{ destination_phone: '+353838000001', message_variables: ['https://example.com/account'] },
			],
			[
				'/api/v1/whatsapp/templates/542/messages',
				{ destination_phone: '+353838000002', message_variables: ['Bruno', '4821'] },
			],
			[
				'/api/v1/whatsapp/templates/541/messages',
				{
					destination_phone: '+353838000003',
					message_variables: { header: [], body: ['Carla', 'A-17'], footer: [], buttons: ['A-17'] },
					header_attachment_url: 'https://picsum.photos/600',
				},
			],
		]);
	});

	it("sends each CRM contact order_shipped in its language, after a Dry Run that showed the exact requests", async () => {
		const execution = await n8n.execute('OctoExCrmLangua1');
		expect(execution.code).toBe(0);
		const facts = (name: string) =>
			execution.items(name).map((item) => [item.template_id, item.template_language, item.language_match, item.fallback_used]);
		// pt-BR → pt (broad), pt → pt, es_MX → es (broad), de → en (the fallback): each its own template ID.
		const expected = [
			[550, 'pt', 'broad', false],
			[550, 'pt', 'exact', false],
			[551, 'es', 'broad', false],
			[541, 'en', 'fallback', true],
		];
		expect(facts('Check Without Sending (Dry Run)')).toEqual(expected);
		expect(facts("Send in Contact's Language")).toEqual(expected);
		// Dry Run posted nothing: the four POSTs are the real sends, and each is exactly the request the Dry Run showed.
		const shown = execution.items('Check Without Sending (Dry Run)').map((item) => {
			expect(item.dry_run).toBe(true);
			return item.request;
		});
		expect(sandbox.received.filter((request) => request.method === 'POST')).toHaveLength(4);
		const sent = sendsByPhone(sandbox).map((send) => ({ method: send.method, path: send.path, body: send.body }));
		const byPhone = (request: unknown) => String((request as { body: { destination_phone: string } }).body.destination_phone);
		expect(sent).toEqual([...shown].sort((a, b) => byPhone(a).localeCompare(byPhone(b))));
		expect(sent[0].body).toEqual({
			destination_phone: '+351912345678',
			message_variables: { header: [], body: ['Rui', 'A-102'], footer: [], buttons: ['A-102'] },
			header_attachment_url: 'https://picsum.photos/600',
		});
		expect(JSON.stringify(execution.run)).not.toContain(SECRET_KEY);
	});

	it('refuses an unknown template name, and a language with no match and no fallback, with no POST', async () => {
		const workflow = octopodsWorkflow(
			'E2eByNameRefused',
			{
				resource: 'message',
				operation: 'sendTemplate',
				templateId: { __rl: true, mode: 'name', value: '={{ $json.name }}' },
				language: '={{ $json.locale }}',
				phoneNumber: '+353838000000',
				variablesInput: 'json',
				variablesJson: '={{ { body: ["Ana", "A-17"], buttons: ["A-17"] } }}',
				headerMediaUrl: 'https://cdn.example.com/box.jpg',
			},
			{ onError: 'continueRegularOutput' },
		);
		// Start → Contacts (two items) → Octopods.
		const contacts = {
			id: 'c',
			name: 'Contacts',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [110, 0],
			parameters: { jsCode: "return [{ json: { name: 'order_shiped', locale: 'en' } }, { json: { name: 'order_shipped', locale: 'de' } }];" },
		};
		await n8n.importWorkflow({
			...workflow,
			nodes: [...workflow.nodes, contacts],
			connections: {
				Start: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
				Contacts: { main: [[{ node: 'Octopods', type: 'main', index: 0 }]] },
			},
		});
		const execution = await n8n.execute('E2eByNameRefused');
		expect(execution.code).toBe(0);
		expect(execution.items('Octopods').map((item) => [item.field, item.error])).toEqual([
			['Template', expect.stringMatching(/^No template named "order_shiped" in this Octopods account .*\[item 0\]$/)],
			['Language', 'No sendable template "order_shipped" in de; the account has it in en, pt, es, fr [item 1]'],
		]);
		expect(sandbox.received.filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('a Dry Run of reply buttons makes no request, and shows exactly what the real send posts', async () => {
		const parameters = (dryRun: boolean) => ({
			resource: 'message',
			operation: 'sendInteractive',
			phoneNumber: '+353838000000',
			interactiveType: 'buttons',
			bodyText: 'Your table for two at 20:00 is ready. Confirm?',
			buttons: { button: [{ title: 'Confirm' }, { title: 'Change time', id: 'change' }] },
			options: { dryRun },
		});
		// One run (one `n8n execute`): Start → Dry Run → the same node for real.
		const workflow = octopodsWorkflow('E2eDryRunButtons', parameters(true));
		const real = { ...workflow.nodes[1], id: 'r', name: 'Real Send', position: [440, 0], parameters: parameters(false) };
		await n8n.importWorkflow({
			...workflow,
			nodes: [...workflow.nodes, real],
			connections: { ...workflow.connections, Octopods: { main: [[{ node: 'Real Send', type: 'main', index: 0 }]] } },
		});
		const execution = await n8n.execute('E2eDryRunButtons');
		expect(execution.code).toBe(0);
		const [shown] = execution.items('Octopods');
		expect(shown).toMatchObject({ dry_run: true, request: { method: 'POST', path: '/api/v1/sms/messages' } });
		expect(execution.items('Real Send')).toEqual([expect.objectContaining({ message_id: expect.any(Number) })]);
		// The Dry Run made no request: the only one the sandbox saw is the real send, exactly as shown.
		expect(sandbox.received).toHaveLength(1);
		const [send] = sandbox.sends();
		expect(shown.request).toEqual({ method: send.method, path: send.path, body: send.body });
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
		// The fault's 2 s cool-down outlasts a slow answer (a 429 that arrives after its stated end
		// reads as clock skew and pauses a whole 10 s window); tries 4 s apart reach past both.
		const retryAfterCooldown = { retryOnFail: true, maxTries: 4, waitBetweenTries: 4000 };

		it('sends on a later try when the first was refused', async () => {
			await n8n.importWorkflow(octopodsWorkflow('E2eRetryRefused', send(0), retryAfterCooldown));
			sandbox.setFaults([{ mode: 'rate-limit', count: 1, cooldownMs: 2000, methods: ['POST'] }]);
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

describe("Octopods' 2026 API in a real n8n", () => {
	/** One node of a chain; `executeOnce` where the node before it gave several items. */
	const node = (name: string, x: number, parameters: object, settings: object = {}) => ({
		id: name,
		name,
		type: OCTOPODS,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { octopodsApi: { id: 'Octopods2026', name: 'Octopods 2026' } },
		...settings,
	});
	const send = (templateId: string, phoneNumber: string, values: object) => ({
		resource: 'message',
		operation: 'sendTemplate',
		templateId: { __rl: true, mode: 'list', value: templateId },
		phoneNumber,
		variablesInput: 'fields',
		variables: { mappingMode: 'defineBelow', value: values },
	});
	const chain = [
		node('Text Header', 220, send('537', '+353838000001', { header_1: 'Ana', body_1: 'Ana', body_2: 'https://cal.example/ana' })),
		node(
			'Media And URL Button',
			440,
			send('541', '+353838000002', {
				header_media_url: 'https://cdn.example.com/box.jpg',
				body_1: 'Ana',
				body_2: 'A-17',
				button_1_url: 'A-17',
			}),
		),
		node('Body Only', 660, send('539', '+353838000999', { body_1: 'https://x.io/a' })),
		node('Pending', 880, send('547', '+353838000003', { body_1: 'Ana' }), { onError: 'continueRegularOutput' }),
		node('Failed Status', 1100, {
			resource: 'message',
			operation: 'getStatus',
			messageId: "={{ $('Body Only').first().json.message_id }}",
			options: { waitForStatus: 'final', maxWaitForStatus: 20, statusCheckInterval: 1 },
		}),
		node('Templates En', 1320, { resource: 'template', operation: 'getAll', returnAll: true, filters: { lang: 'en' } }),
		node('Sent Messages', 1540, { resource: 'message', operation: 'getAll', returnAll: true }, { executeOnce: true }),
	];
	const workflow = {
		id: 'E2e2026MustShow',
		name: 'e2e 2026 API',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...chain,
		],
		connections: Object.fromEntries(
			['Start', ...chain.map((step) => step.name)]
				.slice(0, -1)
				.map((from, index) => [from, { main: [[{ node: chain[index].name, type: 'main', index: 0 }]] }]),
		),
	};

	it('sends what the 2026 rules accept, refuses a Pending template before the POST, reads FAILED and the sent list', async () => {
		await n8n.importWorkflow(workflow);
		const execution = await n8n.execute('E2e2026MustShow');
		expect(execution.code).toBe(0);

		// Sends of a text-header, a media + URL-button and a body-only template, each accepted.
		for (const name of ['Text Header', 'Media And URL Button', 'Body Only']) {
			expect(execution.items(name)).toEqual([
				expect.objectContaining({ message_id: expect.any(Number), message_status_url: expect.stringContaining('/api/v1/whatsapp/messages/') }),
			]);
		}
		const posts = sandbox2026.received.filter((request) => request.method === 'POST');
		expect(posts.map((request) => [request.path, request.status, (request.body as { message_variables?: unknown }).message_variables])).toEqual([
			['/api/v1/whatsapp/templates/537/messages', 201, { header: ['Ana'], body: ['Ana', 'https://cal.example/ana'], footer: [], buttons: [] }],
			['/api/v1/whatsapp/templates/541/messages', 201, { header: [], body: ['Ana', 'A-17'], footer: [], buttons: ['A-17'] }],
			['/api/v1/whatsapp/templates/539/messages', 201, ['https://x.io/a']],
		]);

		// The Pending template: refused with its state named, and never POSTed (above: three POSTs only).
		expect(execution.items('Pending')).toEqual([
			expect.objectContaining({
				error: 'Template "winter_sale" is Pending in Octopods; only Accepted templates can be sent [item 0]',
				field: 'Template',
			}),
		]);

		// The failed message reads FAILED, with its reason.
		expect(execution.items('Failed Status')).toEqual([
			expect.objectContaining({
				status: 'FAILED',
				failure_reason: { description: 'Channel could not find To address' },
				target_reached: true,
			}),
		]);

		// Get Many filtered by `en`: the en_US and en_GB templates (and the docs' example, which names no language).
		const languages = execution.items('Templates En').map((template) => template.lang ?? 'none given');
		expect(new Set(languages)).toEqual(new Set(['en_US', 'en_GB', 'none given']));
		expect(execution.items('Templates En').map((template) => template.template_name)).toContain('winter_sale');

		// The sent-messages list, as items in the Get Status shape, newest first.
		const sent = execution.items('Sent Messages');
		expect(sent.map((message) => [message.phone_number, message.status])).toEqual([
			['+353838000999', 'FAILED'],
			['+353838000002', expect.stringMatching(/^(DELIVERED|READ)$/)],
			['+353838000001', expect.stringMatching(/^(DELIVERED|READ)$/)],
		]);
	});
});
