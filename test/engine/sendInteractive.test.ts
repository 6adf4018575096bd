import type { INodeParameters, INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { description as messageDescription } from '../../nodes/Octopods/actions/message/Message.resource';
import { description as sendInteractiveDescription } from '../../nodes/Octopods/actions/message/sendInteractive.operation';
import { runOctopods } from '../support/engine';
import type { EngineRun } from '../support/engine';
import { SECRET_KEY, sendsByPhone, useSandbox, visibleText } from '../support/sandbox';

const PHONE = '+353 83 800 0000';
const E164 = '+353838000000';
const ENDPOINT = '/api/v1/sms/messages';
const BODY = 'Your appointment is tomorrow at 10:00. Can you make it?';

type Parameters = INodeParameters;

function sendInteractive(parameters: Parameters): Parameters {
	return { resource: 'message', operation: 'sendInteractive', phoneNumber: PHONE, ...parameters };
}

function replyButtons(extra: Parameters = {}): Parameters {
	return sendInteractive({
		interactiveType: 'buttons',
		bodyText: BODY,
		buttons: {
			button: [
				{ title: 'Confirm', id: 'confirm-17' },
				{ title: 'Reschedule', id: '' },
				{ title: 'Talk to a human', id: '' },
			],
		},
		...extra,
	});
}

const REPLY_ACTION = {
	buttons: [
		{ type: 'reply', reply: { id: 'confirm-17', title: 'Confirm' } },
		{ type: 'reply', reply: { id: 'reschedule', title: 'Reschedule' } },
		{ type: 'reply', reply: { id: 'talk_to_a_human', title: 'Talk to a human' } },
	],
};

function list(rows: Parameters[], extra: Parameters = {}): Parameters {
	return sendInteractive({
		interactiveType: 'list',
		bodyText: 'Pick a time that suits you',
		buttonLabel: 'See times',
		rows: { row: rows },
		...extra,
	});
}

function json(interactiveJson: unknown): Parameters {
	return sendInteractive({ interactiveType: 'json', interactiveJson: interactiveJson as INodeParameters });
}

const jsonButtons = (...titles: string[]) => titles.map((title) => ({ type: 'reply', reply: { id: title, title } }));
const jsonRows = (count: number, prefix = 'a') =>
	Array.from({ length: count }, (_unused, index) => ({ id: `${prefix}${index}`, title: `Row ${index + 1}` }));

interface ErrorWithField {
	message: string;
	description?: string | null;
	context?: { field?: string; itemIndex?: number };
}

const env = useSandbox();

const sentPayloads = (): unknown[] =>
	sendsByPhone(env.sandbox).map((send) => (send.body as { waba_interactive_message: unknown }).waba_interactive_message);

describe('Send Interactive: registered on the Message resource', () => {
	it('sits between Get Status and Send Template, with its action', () => {
		const operation = messageDescription.find((property) => property.name === 'operation');
		const options = operation?.options as INodePropertyOptions[];
		expect(options.map((option) => option.value)).toEqual(['getAll', 'getStatus', 'sendAndWait', 'sendInteractive', 'sendTemplate']);
		expect(options[3]).toMatchObject({ name: 'Send Interactive', action: 'Send an interactive message' });
	});

	it('keeps its public parameter names and option values', () => {
		const names = [...new Set(sendInteractiveDescription.map((property) => property.name))];
		expect(names).toEqual([
			'dryRunNotice',
			'phoneNumber',
			'interactiveType',
			'headerType',
			'headerText',
			'headerMediaUrl',
			'headerFilename',
			'bodyText',
			'footerText',
			'buttons',
			'buttonLabel',
			'rows',
			'interactiveJson',
			'options',
		]);
		const byName = (name: string) => sendInteractiveDescription.find((property) => property.name === name) as INodeProperties;
		const values = (name: string) => (byName(name).options as INodePropertyOptions[]).map((option) => option.value);
		const fields = (name: string) =>
			(byName(name).options as INodePropertyCollection[]).map((option) => [
				option.name,
				option.values.map((value) => value.name),
			]);
		expect(values('interactiveType')).toEqual(['json', 'list', 'buttons']);
		expect(values('headerType')).toEqual(['document', 'image', 'none', 'text', 'video']);
		expect(fields('buttons')).toEqual([['button', ['title', 'id']]]);
		expect(fields('rows')).toEqual([['row', ['section', 'title', 'description', 'id']]]);
		expect((byName('options').options as INodeProperties[]).map((option) => option.name)).toEqual([
			'dryRun',
			'defaultCountry',
			'numbersWithoutPlus',
			'intercomTeammateId',
			'itemsInParallel',
			'maxWaitOnRateLimit',
		]);
		expect(byName('buttons').typeOptions).toMatchObject({ multipleValues: true, maxAllowedFields: 3 });
		expect(byName('rows').typeOptions).toMatchObject({ multipleValues: true, maxAllowedFields: 10 });
	});
});

describe('Send Interactive: reply buttons arrive as valid WhatsApp payloads', () => {
	it('sends buttons without a header to the documented endpoint, and outputs the IDs and payload', async () => {
		const { items, error } = await runOctopods({
			parameters: replyButtons({ footerText: 'Reply any time', options: { intercomTeammateId: '5173352' } }),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		const payload = { type: 'button', body: { text: BODY }, footer: { text: 'Reply any time' }, action: REPLY_ACTION };
		expect(env.sandbox.sends().map((send) => [send.path, send.body])).toEqual([
			[ENDPOINT, { destination_phone: E164, waba_interactive_message: payload, intercom_teammate_id: '5173352' }],
		]);
		expect(items).toEqual([
			{
				json: {
					message_id: expect.any(Number),
					request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
					phone_number: E164,
					payload,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(visibleText(items)).not.toContain(SECRET_KEY);
	});

	it.each([
		['text', { headerType: 'text', headerText: 'Appointment reminder' }, { type: 'text', text: 'Appointment reminder' }],
		[
			'image',
			{ headerType: 'image', headerMediaUrl: 'https://cdn.example.com/clinic.jpg' },
			{ type: 'image', image: { link: 'https://cdn.example.com/clinic.jpg' } },
		],
		[
			'video',
			{ headerType: 'video', headerMediaUrl: 'https://cdn.example.com/how-to.mp4' },
			{ type: 'video', video: { link: 'https://cdn.example.com/how-to.mp4' } },
		],
		[
			'document',
			{ headerType: 'document', headerMediaUrl: 'https://cdn.example.com/i-17.pdf', headerFilename: 'Invoice 17.pdf' },
			{ type: 'document', document: { link: 'https://cdn.example.com/i-17.pdf', filename: 'Invoice 17.pdf' } },
		],
		[
			'document without a filename',
			{ headerType: 'document', headerMediaUrl: 'https://cdn.example.com/i-17.pdf', headerFilename: '' },
			{ type: 'document', document: { link: 'https://cdn.example.com/i-17.pdf' } },
		],
	])('sends a %s header', async (_kind, header, expected) => {
		const { error } = await runOctopods({ parameters: replyButtons(header), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(sentPayloads()).toEqual([{ type: 'button', header: expected, body: { text: BODY }, action: REPLY_ACTION }]);
	});

	it('sends the limits at their exact edge, counting an emoji once', async () => {
		const title20 = `${'👍'.repeat(2)}${'a'.repeat(18)}`;
		const { error } = await runOctopods({
			parameters: replyButtons({
				bodyText: 'b'.repeat(1024),
				headerType: 'text',
				headerText: 'h'.repeat(60),
				footerText: 'f'.repeat(60),
				buttons: { button: [{ title: title20, id: 'i'.repeat(256) }, { title: 'No', id: 'no' }, { title: 'Maybe' }] },
			}),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(env.sandbox.sends()).toHaveLength(1);
	});

	it('builds each item from its own data, reading the Default Country for national numbers', async () => {
		const { items } = await runOctopods({
			parameters: replyButtons({
				phoneNumber: '={{ $json.phone }}',
				bodyText: '=Hi {{ $json.name }}, is {{ $json.time }} still good?',
				buttons: { button: [{ title: 'Yes', id: '={{ "yes-" + $json.booking }}' }, { title: 'No', id: '' }] },
				options: { defaultCountry: 'IE' },
			}),
			items: [
				{ phone: '083 800 0001', name: 'Ana', time: '10:00', booking: 17 },
				{ phone: '+353838000002', name: 'Bo', time: '12:30', booking: 18 },
			],
			credentials: env.credentials,
		});
		expect(items.map((item) => item.json.phone_number)).toEqual(['+353838000001', '+353838000002']);
		expect(sentPayloads()).toEqual([
			{
				type: 'button',
				body: { text: 'Hi Ana, is 10:00 still good?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'yes-17', title: 'Yes' } },
						{ type: 'reply', reply: { id: 'no', title: 'No' } },
					],
				},
			},
			expect.objectContaining({ body: { text: 'Hi Bo, is 12:30 still good?' } }),
		]);
	});
});

describe('Send Interactive: lists', () => {
	it('groups rows into sections by their Section, in order of first appearance, titles matched loosely (case, spaces)', async () => {
		const { items, error } = await runOctopods({
			parameters: list(
				[
					{ section: 'This week', title: 'Tuesday 10:00', description: 'Dr Byrne', id: 'tue_1000' },
					{ section: 'Next week', title: 'Monday 09:00', description: '', id: '' },
					{ section: ' This  Week ', title: 'Thursday 15:30', description: 'Dr Walsh', id: '' },
					{ section: 'Later', title: 'Call me to arrange', id: 'call' },
				],
				{ headerText: 'Book your visit', footerText: 'Reply STOP to opt out' },
			),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		const payload = {
			type: 'list',
			header: { type: 'text', text: 'Book your visit' },
			body: { text: 'Pick a time that suits you' },
			footer: { text: 'Reply STOP to opt out' },
			action: {
				button: 'See times',
				sections: [
					{
						title: 'This week',
						rows: [
							{ id: 'tue_1000', title: 'Tuesday 10:00', description: 'Dr Byrne' },
							{ id: 'thursday_15_30', title: 'Thursday 15:30', description: 'Dr Walsh' },
						],
					},
					{ title: 'Next week', rows: [{ id: 'monday_09_00', title: 'Monday 09:00' }] },
					{ title: 'Later', rows: [{ id: 'call', title: 'Call me to arrange' }] },
				],
			},
		};
		expect(env.sandbox.sends().map((send) => [send.path, send.body])).toEqual([
			[ENDPOINT, { destination_phone: E164, waba_interactive_message: payload }],
		]);
		expect(items[0].json.payload).toEqual(payload);
	});

	it('sends one untitled section when no row has a Section', async () => {
		await runOctopods({
			parameters: list([{ title: 'Yes, keep it' }, { title: 'No, cancel it', description: 'You can book again later' }]),
			credentials: env.credentials,
		});
		expect(sentPayloads()).toEqual([
			{
				type: 'list',
				body: { text: 'Pick a time that suits you' },
				action: {
					button: 'See times',
					sections: [
						{
							rows: [
								{ id: 'yes_keep_it', title: 'Yes, keep it' },
								{ id: 'no_cancel_it', title: 'No, cancel it', description: 'You can book again later' },
							],
						},
					],
				},
			},
		]);
	});

	it('sends 10 rows, the most WhatsApp allows', async () => {
		const rows = Array.from({ length: 10 }, (_unused, index) => ({ section: `S${index % 3}`, title: `Slot ${index + 1}` }));
		const { error } = await runOctopods({ parameters: list(rows), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(env.sandbox.sends()).toHaveLength(1);
	});
});

describe('Send Interactive: JSON', () => {
	const product = {
		type: 'product',
		body: { text: 'Back in stock' },
		footer: { text: 'Shop now' },
		action: { catalog_id: '367025965434465', product_retailer_id: 'SKU-17' },
	};
	const flow = {
		type: 'flow',
		header: { type: 'text', text: 'Book a table' },
		body: { text: 'Choose a day and a time' },
		action: {
			name: 'flow',
			parameters: { flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book', flow_action: 'navigate' },
		},
	};
	const productList = {
		type: 'product_list',
		header: { type: 'text', text: 'Our picks' },
		body: { text: 'Chosen for you' },
		action: {
			catalog_id: '367025965434465',
			sections: [{ title: 'Shoes', product_items: [{ product_retailer_id: 'SKU-1' }, { product_retailer_id: 'SKU-2' }] }],
		},
	};

	it.each([
		['product', product],
		['flow', flow],
		['product_list', productList],
	])('passes a %s message through unchanged, given as JSON text', async (_type, payload) => {
		const { items, error } = await runOctopods({
			parameters: json(JSON.stringify(payload, null, 2)),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(sentPayloads()).toStrictEqual([payload]);
		expect(items[0].json.payload).toStrictEqual(payload);
	});

	it('takes an object or a string from an expression, per item', async () => {
		const { items } = await runOctopods({
			parameters: json('={{ $json.message }}'),
			items: [{ message: flow }, { message: JSON.stringify(product) }],
			credentials: env.credentials,
		});
		expect(items).toHaveLength(2);
		// Both go to one phone and run side by side: order them by type (flow before product).
		const byType = (a: unknown, b: unknown) =>
			(a as { type: string }).type.localeCompare((b as { type: string }).type);
		expect(sentPayloads().sort(byType)).toStrictEqual([flow, product]);
	});

	it('checks reply buttons given as JSON against the same limits', async () => {
		const payload = {
			type: 'button',
			body: { text: 'Pick one' },
			action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] },
		};
		const { error } = await runOctopods({ parameters: json(payload), credentials: env.credentials });
		expect(error?.message).toBe('Button 1 title is 21 characters; WhatsApp allows 20 [item 0]');
		expect(env.sandbox.received).toHaveLength(0);
	});
});

describe('Send Interactive: bad input is refused before any request', () => {
	const fourButtons = { button: ['A', 'B', 'C', 'D'].map((title) => ({ title })) };
	const elevenRows = { row: Array.from({ length: 11 }, (_unused, index) => ({ title: `Slot ${index + 1}` })) };

	it.each<[string, Parameters, string, string | RegExp]>([
		[
			'a button title one past 20',
			replyButtons({ buttons: { button: [{ title: 'Yes' }, { title: 'Reschedule my booking' + '!'.repeat(6) }] } }),
			'Button 2 title',
			'Button 2 title is 27 characters; WhatsApp allows 20 [item 0]',
		],
		[
			'duplicate button titles',
			replyButtons({ buttons: { button: [{ title: 'Yes' }, { title: 'Yes' }] } }),
			'Button titles',
			'Button titles must be unique: buttons 1 and 2 are both "Yes" [item 0]',
		],
		['a 1025-character body', replyButtons({ bodyText: 'b'.repeat(1025) }), 'Body', 'Body is 1025 characters; WhatsApp allows 1024 [item 0]'],
		['an empty body', replyButtons({ bodyText: '  ' }), 'Body', /^Body is empty/],
		[
			'a 61-character header text',
			replyButtons({ headerType: 'text', headerText: 'h'.repeat(61) }),
			'Header text',
			'Header text is 61 characters; WhatsApp allows 60 [item 0]',
		],
		[
			'a text header whose expression gives nothing',
			replyButtons({ headerType: 'text', headerText: '={{ $json.subject ?? "" }}' }),
			'Header text',
			'Header text is empty; WhatsApp needs 1 to 60 characters [item 0]',
		],
		[
			'an image header whose URL expression gives nothing',
			replyButtons({ headerType: 'image', headerMediaUrl: '={{ $json.photo ?? "" }}' }),
			'Header image URL',
			/^Header image URL is empty; a media header needs a public http\(s\) link \[item 0\]$/,
		],
		[
			'a document header with a non-http link',
			replyButtons({ headerType: 'document', headerMediaUrl: 'file:///tmp/a.pdf' }),
			'Header document URL',
			/^Header document URL must be an http\(s\) link/,
		],
		[
			'a list row title one past 24',
			list([
				{ section: 'A', title: 'Tuesday' },
				{ section: 'B', title: 'Monday' },
				{ section: 'B', title: 'Wednesday' },
				{ section: 'B', title: 'x'.repeat(31) },
			]),
			'List row 4 (section "B"): title',
			'List row 4 (section "B"): title is 31 characters; WhatsApp allows 24 [item 0]',
		],
		[
			'a 21-character list button label',
			list([{ title: 'One' }], { buttonLabel: 'l'.repeat(21) }),
			'List button label',
			'List button label is 21 characters; WhatsApp allows 20 [item 0]',
		],
		[
			'a row without a Section among rows with one',
			list([{ section: 'A', title: 'One' }, { section: '', title: 'Two' }]),
			'List row 2 section',
			/^List row 2 has no Section, but other rows do; .* \[item 0\]$/,
		],
		[
			'a 25-character section title',
			list([{ section: 's'.repeat(25), title: 'One' }]),
			'List section 1 title',
			'List section 1 title is 25 characters; WhatsApp allows 24 [item 0]',
		],
		[
			'duplicate row IDs',
			list([{ section: 'A', title: 'One', id: 'x' }, { section: 'B', title: 'Two', id: 'x' }]),
			'List row IDs',
			'List row IDs must be unique: row 1 (section "A") and row 2 (section "B") are both "x" [item 0]',
		],
		['a bad phone number', replyButtons({ phoneNumber: 'call me' }), 'Phone Number', /^Phone Number: .*\[item 0\]$/],
		['a national number without a Default Country', replyButtons({ phoneNumber: '083 800 0000' }), 'Phone Number', /Default Country/],
		[
			'invalid JSON',
			json('{"type": "product", "body": {"text": "Hi"},}'),
			'JSON',
			'Interactive message JSON is invalid at line 1, column 43 (position 42): a comma before "}" is not allowed in JSON [item 0]',
		],
		[
			'4 buttons in JSON',
			json({ type: 'button', body: { text: 'Hi' }, action: { buttons: jsonButtons('A', 'B', 'C', 'D') } }),
			'Buttons',
			'There are 4 buttons; WhatsApp allows 1 to 3 [item 0]',
		],
		[
			'11 list rows in JSON',
			json({
				type: 'list',
				body: { text: 'Hi' },
				action: { button: 'Open', sections: [{ title: 'A', rows: jsonRows(6) }, { title: 'B', rows: jsonRows(5, 'b') }] },
			}),
			'Rows',
			'The list has 11 rows across all sections; WhatsApp allows 1 to 10 [item 0]',
		],
		['JSON without a type', json({ body: { text: 'Hi' } }), 'type', /^Interactive message JSON has no "type"/],
		['JSON with a near-miss type', json({ type: 'buttons', body: { text: 'Hi' } }), 'type', /did you mean "button"\?/],
		[
			'a product_list without its header',
			json({ type: 'product_list', body: { text: 'Hi' }, action: {} }),
			'Header',
			'Header is required for product_list messages [item 0]',
		],
		['the default JSON left as it is', json('{\n  "type": "",\n  "body": {\n    "text": ""\n  },\n  "action": {}\n}'), 'type', /"type" is empty/],
	])('%s', async (_case, parameters, field, message) => {
		const { error, items } = await runOctopods({ parameters, credentials: env.credentials });
		expect(items).toEqual([]);
		const failure = error as unknown as ErrorWithField;
		if (typeof message === 'string') expect(failure.message).toBe(message);
		else expect(failure.message).toMatch(message);
		expect(failure.context?.field).toBe(field);
		expect(failure.context?.itemIndex).toBe(0);
		expect(failure.description).toMatch(/Nothing was sent for this item/);
		expect(env.sandbox.received).toHaveLength(0);
	});

	// Counts and empty required fields are fixed in the editor, so n8n itself shows them on the parameter
	// and refuses to run the workflow (the node's own checks above stay for payloads built per item).
	it.each<[string, Parameters, string]>([
		['4 buttons', replyButtons({ buttons: fourButtons }), 'At most 3 fields are allowed.'],
		['no buttons', replyButtons({ buttons: {} }), 'At least 1 field is required.'],
		['11 list rows', list(elevenRows.row), 'At most 10 fields are allowed.'],
		['a list without rows', list([]), 'At least 1 field is required.'],
		['an image header without a URL', replyButtons({ headerType: 'image', headerMediaUrl: '' }), 'Parameter "Header Media URL" is required.'],
	])('%s: n8n flags the parameter and runs nothing', async (_case, parameters, issue) => {
		await expect(runOctopods({ parameters, credentials: env.credentials })).rejects.toThrow(issue);
		expect(env.sandbox.received).toHaveLength(0);
	});

	it('under Continue On Fail, sends the good items and returns one output per input, in order', async () => {
		const { items, error } = await runOctopods({
			parameters: replyButtons({
				phoneNumber: '={{ $json.phone }}',
				buttons: { button: [{ title: '={{ $json.yes }}' }, { title: 'No' }] },
			}),
			items: [
				{ phone: '+353838000001', yes: 'Yes' },
				{ phone: '+353838000002', yes: 'Yes, that works for me' },
				{ phone: 'nope', yes: 'Yes' },
				{ phone: '+353838000004', yes: 'No' },
				{ phone: '+353838000005', yes: 'Sure' },
			],
			continueOnFail: true,
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[0].json).toMatchObject({ phone_number: '+353838000001', message_id: expect.any(Number) });
		expect(items[1].json).toEqual({
			error: 'Button 1 title is 22 characters; WhatsApp allows 20 [item 1]',
			description: 'Field: Button 1 title. Nothing was sent for this item.',
			field: 'Button 1 title',
		});
		expect(items[2].json).toMatchObject({ field: 'Phone Number', error: expect.stringMatching(/\[item 2\]$/) });
		expect(items[3].json).toMatchObject({
			field: 'Button titles',
			error: 'Button titles must be unique: buttons 1 and 2 are both "No" [item 3]',
		});
		expect(items[4].json).toMatchObject({ phone_number: '+353838000005', message_id: expect.any(Number) });
		expect(env.sandbox.received.map((request) => (request.body as { destination_phone: string }).destination_phone)).toEqual([
			'+353838000001',
			'+353838000005',
		]);
	});
});

describe('Send Interactive: Octopods refusals', () => {
	it('explains a 403: interactive messages are not enabled for the channel', async () => {
		const { error, items }: EngineRun = await runOctopods({
			parameters: replyButtons(),
			credentials: { ...env.credentials, apiKey: env.sandbox.noInteractiveApiKey },
		});
		expect(items).toEqual([]);
		expect(error?.message).toBe('Interactive messages are not enabled for this Octopods channel');
		expect(error?.description).toMatch(/^Octopods must enable \(whitelist\) interactive messages for each WhatsApp channel/);
		expect(error?.description).toMatch(/Octopods says: "Interactive messages are not enabled for this channel\./);
		expect((error as unknown as { httpCode?: string }).httpCode).toBe('403');
		expect(env.sandbox.received.map((request) => [request.path, request.status])).toEqual([[ENDPOINT, 403]]);
	});

	it('keeps the 403 per item under Continue On Fail', async () => {
		const { items } = await runOctopods({
			parameters: replyButtons(),
			items: [{}, {}],
			continueOnFail: true,
			credentials: { ...env.credentials, apiKey: env.sandbox.noInteractiveApiKey },
		});
		expect(items.map((item) => [item.json.error, item.json.httpCode, item.pairedItem])).toEqual([
			['Interactive messages are not enabled for this Octopods channel', '403', { item: 0 }],
			['Interactive messages are not enabled for this Octopods channel', '403', { item: 1 }],
		]);
	});
});

describe('Get Status after Send Interactive: the 24-hour window', () => {
	// Statuses move on after 2 s in Octopods' time: 100 ms here.
	const timed = useSandbox({ timeScale: 0.05 });
	const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

	async function sendThenStatus(phone: string) {
		const sent = await runOctopods({ parameters: replyButtons({ phoneNumber: phone }), credentials: timed.credentials });
		expect(sent.error).toBeUndefined();
		await sleep(200);
		const { items, error } = await runOctopods({
			parameters: { resource: 'message', operation: 'getStatus', messageId: '={{ $json.message_id }}' },
			items: sent.items.map((item) => item.json),
			credentials: timed.credentials,
		});
		expect(error).toBeUndefined();
		return items[0].json;
	}

	it('adds a hint when an interactive message failed outside the window', async () => {
		const status = await sendThenStatus('+353838000888');
		expect(status).toMatchObject({
			status: 'FAILED',
			failure_reason: { code: '131047', description: expect.stringMatching(/24 hours/) },
		});
		expect(status.hint).toMatch(/within 24 hours of the customer's last message/);
		expect(status.hint).toMatch(/template/);
	});

	it('adds no hint to a delivered message or to another failure', async () => {
		const delivered = await sendThenStatus('+353838000000');
		// Delivered after 100 ms, read after 250 ms: a busy machine may ask after the read.
		expect(['DELIVERED', 'READ']).toContain(delivered.status);
		expect(delivered).not.toHaveProperty('hint');
		const unreachable = await sendThenStatus('+353838000999');
		expect(unreachable).toMatchObject({ status: 'FAILED', failure_reason: { code: '63003' } });
		expect(unreachable).not.toHaveProperty('hint');
	});
});
