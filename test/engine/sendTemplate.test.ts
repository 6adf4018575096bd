import type { INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import { getTemplateVariables } from '../../nodes/Octopods/methods/resourceMapping';
import { searchActiveTemplates } from '../../nodes/Octopods/methods/listSearch';
import { loadOptionsContext, runOctopods } from '../support/engine';
import { GENERATIONS } from '../../sandbox/server';
import { SECRET_KEY, sendsByPhone, useSandbox, visibleText } from '../support/sandbox';

const fromList = (value: string): INodeParameterResourceLocator => ({ __rl: true, mode: 'list', value });
const byId = (value: string): INodeParameterResourceLocator => ({ __rl: true, mode: 'id', value });
/** Every field of template 541 (order_shipped: image header, two body variables, a URL button). */
const ORDER_SHIPPED_VALUES = {
	header_media_url: 'https://cdn.example.com/box.jpg',
	body_1: 'Ana',
	body_2: 'A-17',
	button_1_url: 'A-17',
};

function sendTemplate(
	templateId: INodeParameterResourceLocator,
	values: INodeParameters,
	extra: INodeParameters = {},
): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendTemplate',
		templateId,
		phoneNumber: '+353 83 800 0000',
		variablesInput: 'fields',
		variables: { mappingMode: 'defineBelow', value: values },
		...extra,
	};
}

describe.each(GENERATIONS)('the %s generation', (generation) => {
	const env = useSandbox({ generation });

	async function mapperFields(templateId: string) {
		const context = loadOptionsContext(env.credentials, { templateId: fromList(templateId) });
		return await getTemplateVariables.call(context);
	}

	/** 2026 sends answer with the message's status endpoint; the node passes it through. */
	const statusUrl = (id: unknown) =>
		generation === '2026' ? { message_status_url: `${env.sandbox.url}/api/v1/whatsapp/messages/${String(id)}` } : {};

	describe('Send Template: variable fields loaded from the template', () => {
		it.each([
			['539', ['body_1']],
			['537', ['header_1', 'body_1', 'body_2']],
			['541', ['header_media_url', 'body_1', 'body_2', 'button_1_url']],
			['542', ['body_first_name', 'body_code']],
			['545', ['body_1', 'body_2']],
			['546', ['header_media_url', 'body_1']],
		])('template %s offers exactly the fields %j, all required', async (id, expected) => {
			const { fields } = await mapperFields(id);
			expect(fields.map((f) => f.id)).toEqual(expected);
			expect(fields.every((f) => f.required && f.display)).toBe(true);
		});

		it('labels each field with where it goes and the text around it', async () => {
			const { fields } = await mapperFields('541');
			const labels = fields.map((f) => f.displayName);
			expect(labels[0]).toBe('Header Image URL');
			expect(labels[1]).toMatch(/^Body \{\{1\}\} — .*Hi \{\{1\}\}, your order/);
			expect(labels[3]).toMatch(/^Button 1 URL Suffix — https:\/\/shop\.example\.com\/track\/\{\{1\}\}/);
		});

		it('shows a notice, not an error, for a template without variables', async () => {
			expect(await mapperFields('544')).toEqual({
				fields: [],
				emptyFieldsNotice: 'This template has no variables: nothing to fill in.',
			});
		});

		it('offers only active templates in the picker', async () => {
			const { results } = await searchActiveTemplates.call(loadOptionsContext(env.credentials));
			expect(results.map((r) => r.value)).not.toContain('543');
			expect(results).toContainEqual({ name: `order_shipped (${generation === '2026' ? 'en_GB' : 'en'})`, value: '541' });
		});
	});

	describe('Send Template: what is sent', () => {
		it('sends a text-header template with the exact documented body and returns a preview', async () => {
			const { items, error } = await runOctopods({
				parameters: sendTemplate(
					fromList('537'),
					{ header_1: 'Ana', body_1: 'Ana', body_2: 'https://cal.example/ana' },
					{ options: { intercomTeammateId: '5173352', openIntercomConversation: false } },
				),
				credentials: env.credentials,
			});
			expect(error).toBeUndefined();
			expect(env.sandbox.sends().map((s) => [s.path, s.body])).toEqual([
				[
					'/api/v1/whatsapp/templates/537/messages',
					{
						destination_phone: '+353838000000',
						message_variables: { header: ['Ana'], body: ['Ana', 'https://cal.example/ana'], footer: [], buttons: [] },
						open_intercom_conversation: false,
						intercom_teammate_id: '5173352',
					},
				],
			]);
			expect(items).toEqual([
				{
					json: {
						message_id: expect.any(Number),
						request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
						...statusUrl(items[0]?.json.message_id),
						phone_number: '+353838000000',
						template_id: 537,
						template_name: 'appointment_1',
						preview: {
							header: 'Welcome to our online shoe store Ana!',
							body: 'Hello Ana, here is the appointment link: https://cal.example/ana Thank you',
							footer: 'Thank you so much!',
							buttons: ['Call us', 'Speak to a human now'],
						},
					},
					pairedItem: { item: 0 },
				},
			]);
		});

		it('sends an image header and a URL button variable', async () => {
			await runOctopods({
				parameters: sendTemplate(fromList('541'), ORDER_SHIPPED_VALUES),
				credentials: env.credentials,
			});
			expect(env.sandbox.sends()[0].body).toEqual({
				destination_phone: '+353838000000',
				message_variables: { header: [], body: ['Ana', 'A-17'], footer: [], buttons: ['A-17'] },
				header_attachment_url: 'https://cdn.example.com/box.jpg',
			});
		});

		it('sends named variables in order of first appearance, and no variables when there are none', async () => {
			await runOctopods({
				parameters: sendTemplate(fromList('542'), { body_code: '1234', body_first_name: 'Ana' }),
				credentials: env.credentials,
			});
			await runOctopods({ parameters: sendTemplate(fromList('544'), {}), credentials: env.credentials });
			expect(env.sandbox.sends().map((s) => s.body)).toEqual([
				{ destination_phone: '+353838000000', message_variables: ['Ana', '1234'] },
				{ destination_phone: '+353838000000' },
			]);
		});

		it('sends a template chosen per item by expression, with JSON variables', async () => {
			const { items } = await runOctopods({
				parameters: {
					...sendTemplate(byId('={{ $json.template }}'), {}),
					phoneNumber: '={{ $json.phone }}',
					variablesInput: 'json',
					variablesJson: '={{ $json.vars }}',
					headerMediaUrl: '={{ $json.media ?? "" }}',
				},
				items: [
					{ template: 539, phone: '00353838000001', vars: { body: ['https://x.io/a'] } },
					{ template: '537', phone: 'whatsapp:+353838000002', vars: '{"header":["Bo"],"body":["Bo","12:30"]}' },
					{
						template: 546,
						phone: '+353838000003',
						vars: ['INV-9'],
						media: 'https://cdn.example.com/inv.pdf',
					},
				],
				credentials: env.credentials,
			});
			expect(items.map((item) => item.json.template_name)).toEqual([
				'account_update_1',
				'appointment_1',
				'invoice_ready',
			]);
			expect(sendsByPhone(env.sandbox).map((s) => [s.path, s.body])).toEqual([
				[
					'/api/v1/whatsapp/templates/539/messages',
					{ destination_phone: '+353838000001', message_variables: ['https://x.io/a'] },
				],
				[
					'/api/v1/whatsapp/templates/537/messages',
					{
						destination_phone: '+353838000002',
						message_variables: { header: ['Bo'], body: ['Bo', '12:30'], footer: [], buttons: [] },
					},
				],
				[
					'/api/v1/whatsapp/templates/546/messages',
					{
						destination_phone: '+353838000003',
						message_variables: ['INV-9'],
						header_attachment_url: 'https://cdn.example.com/inv.pdf',
					},
				],
			]);
			expect(visibleText(items)).not.toContain(SECRET_KEY);
		});

		it('looks each template up once per run, however many items use it', async () => {
			await runOctopods({
				parameters: { ...sendTemplate(fromList('539'), { body_1: '={{ $json.link }}' }) },
				items: [{ link: 'https://a.io' }, { link: 'https://b.io' }, { link: 'https://c.io' }],
				credentials: env.credentials,
			});
			const lookUps = env.sandbox.received.filter((r) => r.method === 'GET');
			expect(lookUps).toHaveLength(1);
			expect(env.sandbox.sends()).toHaveLength(3);
		});
	});

	describe('Send Template: bad input is refused before sending', () => {
		it.each([
			['0838 000 000', /^Phone Number: .*Default Country/],
			['call me', /^Phone Number: .*not a phone number/i],
			['+3538', /^Phone Number: .*too short/i],
			['+35383800000000000', /^Phone Number: .*too long/i],
			['+999 123456', /^Phone Number: .*country/i],
		])('phone %j: %s, with no HTTP call at all', async (phone, message) => {
			const { error } = await runOctopods({
				parameters: { ...sendTemplate(fromList('539'), { body_1: 'x' }), phoneNumber: phone },
				credentials: env.credentials,
			});
			expect(error?.message).toMatch(message);
			expect(error?.message).toMatch(/\[item 0\]$/);
			expect(env.sandbox.received).toHaveLength(0);
		});

		it('uses the Default Country for national numbers', async () => {
			const { items } = await runOctopods({
				parameters: {
					...sendTemplate(fromList('539'), { body_1: 'x' }),
					phoneNumber: '083 800 0000',
					options: { defaultCountry: 'IE' },
				},
				credentials: env.credentials,
			});
			expect(items[0].json.phone_number).toBe('+353838000000');
		});

		it.each([
			['a missing body variable', '537', { header_1: 'Ana', body_1: 'Ana' }, 'Body {{2}}'],
			['a missing media URL', '541', { body_1: 'a', body_2: 'b', button_1_url: 'c' }, 'Header Image URL'],
			['a missing URL suffix', '541', { header_media_url: 'https://x.io/a.jpg', body_1: 'a', body_2: 'b' }, 'Button 1 URL Suffix'],
		])('%s: a field error naming item and field, and nothing sent', async (_case, id, values, field) => {
			const { error } = await runOctopods({
				parameters: sendTemplate(fromList(id), values),
				credentials: env.credentials,
			});
			expect(error?.message).toContain(field);
			expect(error?.message).toMatch(/\[item 0\]$/);
			expect(env.sandbox.sends()).toHaveLength(0);
		});

		it('refuses an inactive template by ID with a field error, and sends nothing', async () => {
			const { error } = await runOctopods({ parameters: sendTemplate(byId('543'), {}), credentials: env.credentials });
			expect(error?.message).toMatch(/^The template "\w+" \(ID 543\) is not active in Octopods: .* \[item 0\]$/);
			expect((error as { context?: { field?: string } }).context?.field).toBe('Template');
			expect(env.sandbox.sends()).toHaveLength(0);
		});

		it('refuses an empty template ID from an expression, naming the item', async () => {
			const { error } = await runOctopods({
				parameters: sendTemplate(byId('={{ $json.template }}'), {}),
				items: [{ template: '' }],
				credentials: env.credentials,
			});
			expect(error?.message).toMatch(/^Template is empty: .* \[item 0\]$/);
			expect(env.sandbox.received).toHaveLength(0);
		});

		it('with a template chosen by expression and Map Each Variable, says to use JSON input', async () => {
			const { error } = await runOctopods({
				parameters: sendTemplate(byId('={{ $json.template }}'), {}),
				items: [{ template: '539' }],
				credentials: env.credentials,
			});
			expect(error?.message).toMatch(/^Body \{\{1\}\} is empty: .*set Variables Input to JSON \[item 0\]$/);
			expect(env.sandbox.sends()).toHaveLength(0);
		});

		it('under Continue On Fail, refuses bad items, sends good ones, one output per input in order', async () => {
			const { items } = await runOctopods({
				parameters: {
					...sendTemplate(byId('537'), {}),
					phoneNumber: '={{ $json.phone }}',
					variablesInput: 'json',
					variablesJson: '={{ $json.vars }}',
				},
				items: [
					{ phone: '+353838000001', vars: { header: ['A'], body: ['A', 'B'] } },
					{ phone: '+353838000002', vars: { header: ['A'], body: ['A', 'B', 'C'] } },
					{ phone: 'nope', vars: { header: ['A'], body: ['A', 'B'] } },
					{ phone: '+353838000004', vars: { header: ['A'], body: ['A', 'B'] } },
				],
				continueOnFail: true,
				credentials: env.credentials,
			});
			expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			expect(items[0].json).toMatchObject({ phone_number: '+353838000001', message_id: expect.any(Number) });
			expect(items[1].json).toMatchObject({ field: 'Body', error: expect.stringMatching(/body has 2 variables.*\[item 1\]$/) });
			expect(items[2].json).toMatchObject({ field: 'Phone Number', error: expect.stringMatching(/\[item 2\]$/) });
			expect(items[3].json).toMatchObject({ phone_number: '+353838000004', message_id: expect.any(Number) });
			expect(sendsByPhone(env.sandbox).map((s) => (s.body as { destination_phone: string }).destination_phone)).toEqual([
				'+353838000001',
				'+353838000004',
			]);
		});

		it('with On Error: Continue (using error output), sends failed items down the error output', async () => {
			const { items, errorItems } = await runOctopods({
				parameters: {
					...sendTemplate(byId('537'), {}),
					phoneNumber: '={{ $json.phone }}',
					variablesInput: 'json',
					variablesJson: '{"header": ["A"], "body": ["A", "B"]}',
				},
				items: [{ phone: '+353838000001' }, { phone: 'nope' }, { phone: '+353838000003' }],
				continueOnFail: 'errorOutput',
				credentials: env.credentials,
			});
			expect(items.map((item) => [item.json.phone_number, item.pairedItem])).toEqual([
				['+353838000001', { item: 0 }],
				['+353838000003', { item: 2 }],
			]);
			expect(errorItems).toHaveLength(1);
			expect(errorItems[0].pairedItem).toEqual({ item: 1 });
			// Only error and details, or n8n would keep it in the success output.
			expect(errorItems[0].json).toEqual({
				error: expect.stringMatching(/^Phone Number: "nope" is not a phone number.*\[item 1\]$/),
				details: { description: 'Field: Phone Number. Nothing was sent for this item.', field: 'Phone Number' },
			});
			expect(env.sandbox.sends()).toHaveLength(2);
		});

		it('keeps the vendor words when Octopods refuses the template look-up', async () => {
			const { error } = await runOctopods({ parameters: sendTemplate(byId('9999'), {}), credentials: env.credentials });
			expect(error?.message).toBe('Template 9999 was not found in this Octopods account');
			expect(error?.description).toMatch(/^Octopods says: ".*9999.*" \(error code 3 TEMPLATE_NOT_EXIST, request ID [0-9a-f-]{36}\)$/);
			expect(env.sandbox.sends()).toHaveLength(0);
		});
	});

	describe('Send Template: template look-ups shared across executions', () => {
		const lookUps = () => env.sandbox.received.filter((request) => request.method === 'GET');
		const run = (credentials = env.credentials) =>
			runOctopods({ parameters: sendTemplate(fromList('539'), { body_1: 'https://a.io' }), credentials });

		it('makes one look-up for a burst of single-item executions, within the Template Cache time', async () => {
			await Promise.all([run(), run(), run()]);
			await run();
			expect(lookUps()).toHaveLength(1);
			expect(env.sandbox.sends()).toHaveLength(4);
		});

		it('with Template Cache 0, looks the template up once per execution', async () => {
			const credentials = { ...env.credentials, customLimits: true, templateCacheSeconds: 0 };
			await run(credentials);
			await run(credentials);
			expect(lookUps()).toHaveLength(2);
		});

		it("shares the editor's template list and variable fields too, but not the Template operations", async () => {
			await searchActiveTemplates.call(loadOptionsContext(env.credentials));
			await searchActiveTemplates.call(loadOptionsContext(env.credentials), 'order');
			await mapperFields('541');
			await mapperFields('541');
			expect(lookUps().map((request) => request.path)).toEqual(['/api/v1/whatsapp/templates/', '/api/v1/whatsapp/templates/541']);
			// The same template for sending: already known from the mapper.
			await runOctopods({
				parameters: sendTemplate(fromList('541'), ORDER_SHIPPED_VALUES),
				credentials: env.credentials,
			});
			expect(lookUps()).toHaveLength(2);
			// Template > Get reads fresh each time.
			const get = { resource: 'template', operation: 'get', templateId: fromList('541') };
			await runOctopods({ parameters: get, credentials: env.credentials });
			await runOctopods({ parameters: get, credentials: env.credentials });
			expect(lookUps()).toHaveLength(4);
		});

		it('keeps no failed look-up: the next execution asks again', async () => {
			env.sandbox.setFaults([{ mode: 'server-error', count: 3, methods: ['GET'] }]);
			const failed = await run();
			expect(failed.error?.message).toBe('Octopods had an internal error (HTTP 500)');
			await run();
			expect(lookUps()).toHaveLength(4);
			expect(env.sandbox.sends()).toHaveLength(1);
		});
	});
});

describe('Send Template: template approval (the 2026 generation, template_status)', () => {
	const env = useSandbox({ generation: '2026' });

	it.each([
		['547', 'winter_sale', 'Pending'],
		['548', 'loyalty_points', 'Rejected'],
		['549', 'feedback_request', 'Under review'],
	])('refuses template %s before the POST, naming its state', async (id, name, state) => {
		const { error } = await runOctopods({
			parameters: sendTemplate(byId(id), { body_1: 'Ana' }),
			credentials: env.credentials,
		});
		expect(error?.message).toBe(`Template "${name}" is ${state} in Octopods; only Accepted templates can be sent [item 0]`);
		expect((error as { context?: { field?: string } }).context?.field).toBe('Template');
		expect(env.sandbox.received.map((request) => request.method)).toEqual(['GET']);
	});

	it('offers only Accepted templates in the send picker, with their language when the API gives one', async () => {
		const { results } = await searchActiveTemplates.call(loadOptionsContext(env.credentials));
		const values = results.map((result) => String(result.value));
		// Pending, Rejected, Under review, and the inactive one: none offered.
		expect(values.filter((value) => ['547', '548', '549', '543'].includes(value))).toEqual([]);
		expect(results).toContainEqual({ name: 'order_shipped_v1', value: '84579' });
		expect(results).toContainEqual({ name: 'appointment_1 (en_US)', value: '537' });
	});

	it('shows no variable fields for a template that cannot be sent, and says why', async () => {
		const context = loadOptionsContext(env.credentials, { templateId: fromList('547') });
		expect(await getTemplateVariables.call(context)).toEqual({
			fields: [],
			emptyFieldsNotice: 'Template "winter_sale" is Pending in Octopods; only Accepted templates can be sent.',
		});
	});

	it('sends the docs\' own 2026 example template (a text header without placeholders) with a plain array', async () => {
		const { items, error } = await runOctopods({
			parameters: sendTemplate(byId('84579'), { body_1: 'Ana', body_2: 'A-17', body_3: 'Friday' }),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(env.sandbox.sends()[0].body).toEqual({
			destination_phone: '+353838000000',
			message_variables: ['Ana', 'A-17', 'Friday'],
		});
		expect(items[0].json).toMatchObject({
			template_name: 'order_shipped_v1',
			message_status_url: expect.stringMatching(/\/api\/v1\/whatsapp\/messages\/\d+$/),
		});
	});
});
