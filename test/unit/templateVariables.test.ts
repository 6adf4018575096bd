import {
	TemplateVariablesError,
	checkVariables,
	describeTemplate,
	extractPlaceholders,
	parseVariablesJson,
	renderPreview,
	variablesFromFields,
} from '../../nodes/Octopods/helpers/templateVariables';
import type { MessageVariables, OctopodsTemplate } from '../../nodes/Octopods/transport/types';
import { ORIGINAL_TEMPLATE_537, ORIGINAL_TEMPLATE_539 } from '../fixtures/octopodsDocs';

// The two templates of message-templates-api.txt, as documented.
const accountUpdate: OctopodsTemplate = ORIGINAL_TEMPLATE_539;
const appointment: OctopodsTemplate = ORIGINAL_TEMPLATE_537;

const orderShipped: OctopodsTemplate = {
	template_id: 601,
	template_name: 'order_shipped',
	template_components: [
		{ type: 'HEADER', format: 'IMAGE' },
		{ type: 'BODY', text: 'Your order {{1}} is on its way.' },
		{
			type: 'BUTTONS',
			buttons: [
				{ type: 'QUICK_REPLY', text: 'Stop updates' },
				{ type: 'URL', text: 'Track order', url: 'https://shop.example.com/track/{{1}}' },
				{ type: 'QUICK_REPLY', text: 'Talk to us' },
			],
		},
	],
};

const namedCode: OctopodsTemplate = {
	template_id: 602,
	template_name: 'codigo_pt',
	template_components: [{ type: 'BODY', text: 'Olá {{first_name}}, o seu código é {{code}}.' }],
};

const repeated: OctopodsTemplate = {
	template_id: 603,
	template_name: 'repeat_name',
	template_components: [{ type: 'BODY', text: 'Hi {{1}}! Your code is {{2}}. Thanks, {{1}}.' }],
};

const noVariables: OctopodsTemplate = {
	template_id: 604,
	template_name: 'hello_world',
	template_components: [
		{ type: 'HEADER', text: 'Hello' },
		{ type: 'BODY', text: 'Thanks for your message. We will reply soon.' },
	],
};

const invoice: OctopodsTemplate = {
	template_id: 605,
	template_name: 'invoice_ready',
	template_components: [
		{ type: 'HEADER', format: 'DOCUMENT' },
		{ type: 'BODY', text: 'Invoice {{1}} for {{2}} is attached.' },
		{ type: 'FOOTER', text: 'Example Ltd' },
	],
};

function errorOf(run: () => unknown): TemplateVariablesError {
	try {
		run();
	} catch (error) {
		if (error instanceof TemplateVariablesError) return error;
		throw error;
	}
	throw new Error('expected a TemplateVariablesError');
}

describe('extractPlaceholders', () => {
	it.each<[string, string[]]>([
		['{{1}} x {{2}} {{1}}', ['1', '2']],
		['Olá {{first_name}}, o seu código é {{code}}.', ['first_name', 'code']],
		['{{ 1 }} and {{2 }}', ['1', '2']],
		['{{2}} before {{1}}', ['2', '1']],
		['no variables', []],
		['{single} {{}} {{not valid}}', []],
		['', []],
	])('%p → %p', (text, keys) => {
		expect(extractPlaceholders(text)).toEqual(keys);
	});
});

describe('describeTemplate', () => {
	it('body only (account_update_1)', () => {
		expect(describeTemplate(accountUpdate)).toEqual({
			variables: [
				{
					id: 'body_1',
					section: 'body',
					key: '1',
					position: 0,
					displayName: 'Body {{1}}',
					context: 'go here: {{1}} to check your updated…',
				},
			],
			mediaHeader: undefined,
			counts: { header: 0, body: 1, buttons: 0 },
		});
	});

	it('text header, body, footer and quick replies (appointment_1)', () => {
		const shape = describeTemplate(appointment);
		expect(shape.counts).toEqual({ header: 1, body: 2, buttons: 0 });
		expect(shape.mediaHeader).toBeUndefined();
		expect(shape.variables.map((variable) => [variable.id, variable.displayName, variable.position])).toEqual([
			['header_1', 'Header {{1}}', 0],
			['body_1', 'Body {{1}}', 0],
			['body_2', 'Body {{2}}', 1],
		]);
		expect(shape.variables[1].context).toBe('Hello {{1}}, here is the…');
		expect(shape.variables[2].context).toBe('…the appointment link: {{2}} Thank you');
	});

	it('IMAGE header, URL button and quick replies', () => {
		const shape = describeTemplate(orderShipped);
		expect(shape.mediaHeader).toBe('IMAGE');
		expect(shape.counts).toEqual({ header: 0, body: 1, buttons: 1 });
		expect(shape.variables[1]).toEqual({
			id: 'button_2_url',
			section: 'buttons',
			key: '2',
			position: 0,
			displayName: 'Button 2 URL Suffix',
			context: 'https://shop.example.com/track/{{1}}',
		});
	});

	it('named variables, in order of first appearance', () => {
		expect(describeTemplate(namedCode).variables.map((variable) => [variable.id, variable.displayName, variable.position])).toEqual([
			['body_first_name', 'Body {{first_name}}', 0],
			['body_code', 'Body {{code}}', 1],
		]);
	});

	it('a repeated variable counts once', () => {
		expect(describeTemplate(repeated).counts.body).toBe(2);
	});

	it('no variables', () => {
		expect(describeTemplate(noVariables)).toEqual({
			variables: [],
			mediaHeader: undefined,
			counts: { header: 0, body: 0, buttons: 0 },
		});
	});

	it('DOCUMENT header', () => {
		const shape = describeTemplate(invoice);
		expect(shape.mediaHeader).toBe('DOCUMENT');
		expect(shape.counts).toEqual({ header: 0, body: 2, buttons: 0 });
	});

	it('VIDEO header; lower-case types are tolerated', () => {
		const template: OctopodsTemplate = {
			template_id: 1,
			template_name: 'video',
			template_components: [{ type: 'header', format: 'video' }, { type: 'body', text: 'Hi {{1}}' }],
		};
		expect(describeTemplate(template)).toMatchObject({ mediaHeader: 'VIDEO', counts: { body: 1 } });
	});

	it('positional variables map by number, not by where they appear', () => {
		const template: OctopodsTemplate = {
			template_id: 1,
			template_name: 'swapped',
			template_components: [{ type: 'BODY', text: 'On {{2}}, {{1}} will call.' }],
		};
		expect(describeTemplate(template).variables.map((variable) => [variable.key, variable.position])).toEqual([
			['1', 0],
			['2', 1],
		]);
	});

	it('footers, quick replies, phone buttons and media headers hold no variables', () => {
		const template: OctopodsTemplate = {
			template_id: 1,
			template_name: 'static_parts',
			template_components: [
				{ type: 'HEADER', format: 'IMAGE', text: 'ignored {{1}}' },
				{ type: 'BODY', text: 'Body' },
				{ type: 'FOOTER', text: 'Footer {{1}}' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Yes {{1}}' },
						{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+353838000000' },
						{ type: 'URL', text: 'Site', url: 'https://example.com/' },
					],
				},
			],
		};
		expect(describeTemplate(template).variables).toEqual([]);
	});

	it('falls back to template_body when components lack a body', () => {
		const template: OctopodsTemplate = { template_id: 1, template_name: 'legacy', template_body: 'Hi {{1}}', template_components: [] };
		expect(describeTemplate(template).counts.body).toBe(1);
	});

	it('numbers URL buttons among all buttons, positions among URL variables', () => {
		const template: OctopodsTemplate = {
			template_id: 1,
			template_name: 'two_links',
			template_components: [
				{ type: 'BODY', text: 'Hi' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}' },
						{ type: 'QUICK_REPLY', text: 'Stop' },
						{ type: 'URL', text: 'Pay', url: 'https://example.com/p/{{1}}' },
					],
				},
			],
		};
		expect(describeTemplate(template).variables.map((variable) => [variable.id, variable.position])).toEqual([
			['button_1_url', 0],
			['button_3_url', 1],
		]);
	});

	it('keeps long context short and on one line', () => {
		const template: OctopodsTemplate = {
			template_id: 1,
			template_name: 'long',
			template_components: [
				{ type: 'BODY', text: 'A long opening sentence that goes on\nand on before {{1}} appears, followed by more words than needed.' },
			],
		};
		expect(describeTemplate(template).variables[0].context).toBe('…goes on and on before {{1}} appears, followed by…');
	});
});

describe('renderPreview', () => {
	it('body only', () => {
		expect(renderPreview(accountUpdate, { body: ['https://example.com/me'] })).toEqual({
			body: 'go here: https://example.com/me to check your updated information.',
		});
	});

	it('text header, body, footer and quick replies', () => {
		expect(renderPreview(appointment, { header: ['Ana'], body: ['Ana', 'https://meet.example.com/x'] })).toEqual({
			header: 'Welcome to our online shoe store Ana!',
			body: 'Hello Ana, here is the appointment link: https://meet.example.com/x Thank you',
			footer: 'Thank you so much!',
			buttons: ['Call us', 'Speak to a human now'],
		});
	});

	it('IMAGE header and URL button', () => {
		const preview = renderPreview(orderShipped, { body: ['A-17'], buttons: ['A-17'] }, 'https://cdn.example.com/box.png');
		expect(preview).toEqual({
			header: '[IMAGE] https://cdn.example.com/box.png',
			body: 'Your order A-17 is on its way.',
			buttons: ['Stop updates', 'Track order (https://shop.example.com/track/A-17)', 'Talk to us'],
		});
	});

	it('named variables', () => {
		expect(renderPreview(namedCode, { body: ['Rui', '4821'] }).body).toBe('Olá Rui, o seu código é 4821.');
	});

	it('fills a repeated variable everywhere', () => {
		expect(renderPreview(repeated, { body: ['Ana', '77'] }).body).toBe('Hi Ana! Your code is 77. Thanks, Ana.');
	});

	it('no variables', () => {
		expect(renderPreview(noVariables, {})).toEqual({ header: 'Hello', body: 'Thanks for your message. We will reply soon.' });
	});

	it('DOCUMENT header without a URL yet', () => {
		expect(renderPreview(invoice, { body: ['7', '€20'] })).toEqual({
			header: '[DOCUMENT]',
			body: 'Invoice 7 for €20 is attached.',
			footer: 'Example Ltd',
		});
	});

	it('leaves missing values visible and takes $ in values literally', () => {
		expect(renderPreview(appointment, { body: ['$& $1'] }).body).toBe('Hello $& $1, here is the appointment link: {{2}} Thank you');
	});

	it('fills positional variables by number', () => {
		const template: OctopodsTemplate = {
			template_id: 1,
			template_name: 'swapped',
			template_components: [{ type: 'BODY', text: 'On {{2}}, {{ 1 }} will call.' }],
		};
		expect(renderPreview(template, { body: ['Ana', 'Monday'] }).body).toBe('On Monday, Ana will call.');
	});
});

describe('checkVariables', () => {
	it.each<[string, OctopodsTemplate, MessageVariables, string | undefined]>([
		['body only', accountUpdate, { body: ['x'] }, undefined],
		['header + body', appointment, { header: ['Ana'], body: ['Ana', 'link'] }, undefined],
		['image + URL button', orderShipped, { body: ['A-17'], buttons: ['A-17'] }, 'https://cdn.example.com/box.png'],
		['named', namedCode, { body: ['Rui', '4821'] }, undefined],
		['repeated', repeated, { body: ['Ana', '77'] }, undefined],
		['no variables', noVariables, {}, undefined],
		['document', invoice, { body: ['7', '€20'] }, 'http://files.example.com/7.pdf'],
		['newline in a body value', accountUpdate, { body: ['line 1\nline 2'] }, undefined],
	])('accepts %s', (_label, template, vars, url) => {
		expect(() => checkVariables(template, vars, url)).not.toThrow();
	});

	it.each<[string, OctopodsTemplate, MessageVariables, string | undefined, string, string | RegExp]>([
		['too many body values', appointment, { header: ['Ana'], body: ['a', 'b', 'c'] }, undefined, 'Body', 'The template "appointment_1" body has 2 variables; 3 were given'],
		['header values for a template without header variables', accountUpdate, { header: ['x'], body: ['y'] }, undefined, 'Header', 'The template "account_update_1" header has no variables; 1 was given'],
		['too many button values', orderShipped, { body: ['1'], buttons: ['a', 'b'] }, 'https://x.example/a.png', 'Buttons', 'The template "order_shipped" has 1 URL button variable; 2 were given'],
		['a missing body value', appointment, { header: ['Ana'], body: ['Ana'] }, undefined, 'Body {{2}}', /^Body \{\{2\}\} is missing\. The template "appointment_1" body has 2 variables; 1 was given \(Body \{\{2\}\} fills "…the appointment link: \{\{2\}\} Thank you"\)$/],
		['a missing header value', appointment, { body: ['Ana', 'link'] }, undefined, 'Header {{1}}', /Header \{\{1\}\} is missing/],
		['an empty body value', appointment, { header: ['Ana'], body: ['Ana', '  '] }, undefined, 'Body {{2}}', /Body \{\{2\}\} is empty/],
		['an empty named value', namedCode, { body: ['', '4821'] }, undefined, 'Body {{first_name}}', /Body \{\{first_name\}\} is empty/],
		['no variables given at all', accountUpdate, {}, undefined, 'Body {{1}}', /missing.*has 1 variable; 0 were given/],
		['a missing URL suffix', orderShipped, { body: ['A-17'] }, 'https://x.example/a.png', 'Button 2 URL Suffix', /Button 2 URL Suffix is missing/],
		['a missing image URL', orderShipped, { body: ['A-17'], buttons: ['A-17'] }, undefined, 'Header Image URL', 'The template "order_shipped" has an IMAGE header: set Header Image URL to a public http(s) link to the image'],
		['a blank document URL', invoice, { body: ['7', '€20'] }, ' ', 'Header Document URL', /has a DOCUMENT header: set Header Document URL/],
		['a media URL that is not http(s)', invoice, { body: ['7', '€20'] }, 'ftp://files.example.com/7.pdf', 'Header Document URL', /^Header Document URL "ftp:.*" is not an http\(s\) link/],
		['a media URL that is not a URL', invoice, { body: ['7', '€20'] }, 'invoice.pdf', 'Header Document URL', /is not an http\(s\) link/],
		['a line break in a header value', appointment, { header: ['Ana\n'], body: ['Ana', 'link'] }, undefined, 'Header {{1}}', /line break.*single line/],
		['a line break in a URL suffix', orderShipped, { body: ['A-17'], buttons: ['A-17\r\n'] }, 'https://x.example/a.png', 'Button 2 URL Suffix', /line break.*appended to the URL https:\/\/shop\.example\.com\/track\/\{\{1\}\}/],
	])('refuses %s', (_label, template, vars, url, field, message) => {
		const error = errorOf(() => checkVariables(template, vars, url));
		expect(error.field).toBe(field);
		if (typeof message === 'string') expect(error.message).toBe(message);
		else expect(error.message).toMatch(message);
	});

	it('names the media URL field as the caller shows it (JSON input has one Header Media URL field)', () => {
		const error = errorOf(() => checkVariables(invoice, { body: ['7', '€20'] }, '', 'Header Media URL'));
		expect(error.field).toBe('Header Media URL');
		expect(error.message).toMatch(/set Header Media URL to a public/);
	});

	it('throws an Error named TemplateVariablesError', () => {
		const error = errorOf(() => checkVariables(accountUpdate, {}));
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('TemplateVariablesError');
	});
});

describe('variablesFromFields', () => {
	it('maps fields by id into sections, stringifying numbers and booleans', () => {
		const shape = describeTemplate(appointment);
		expect(variablesFromFields(shape, { header_1: 'Ana', body_1: 42, body_2: true })).toEqual({
			header: ['Ana'],
			body: ['42', 'true'],
		});
	});

	it('leaves out sections without variables and uses button positions', () => {
		const shape = describeTemplate(orderShipped);
		expect(variablesFromFields(shape, { body_1: 'A-17', button_2_url: 'A-17', unrelated: 'x' })).toEqual({
			body: ['A-17'],
			buttons: ['A-17'],
		});
	});

	it('orders named variables by first appearance', () => {
		const shape = describeTemplate(namedCode);
		expect(variablesFromFields(shape, { body_code: 4821, body_first_name: 'Rui' })).toEqual({ body: ['Rui', '4821'] });
	});

	it('gives missing values as empty text, so checkVariables names them', () => {
		const shape = describeTemplate(appointment);
		const vars = variablesFromFields(shape, { header_1: 'Ana', body_1: null });
		expect(vars).toEqual({ header: ['Ana'], body: ['', ''] });
		expect(errorOf(() => checkVariables(appointment, vars)).field).toBe('Body {{1}}');
	});

	it('returns no sections for a template without variables', () => {
		expect(variablesFromFields(describeTemplate(noVariables), { anything: 1 })).toEqual({});
	});

	it('refuses objects instead of sending "[object Object]"', () => {
		const error = errorOf(() => variablesFromFields(describeTemplate(accountUpdate), { body_1: { name: 'Ana' } }));
		expect(error.field).toBe('Body {{1}}');
		expect(error.message).toBe('Body {{1}} must be text or a number, not an object');
	});
});

describe('parseVariablesJson', () => {
	it.each<[string, unknown, MessageVariables]>([
		['an object', { header: ['Ana'], body: ['Ana', 'link'] }, { header: ['Ana'], body: ['Ana', 'link'] }],
		['a JSON string', '{"body": ["Ana", 12], "buttons": ["A-17"]}', { body: ['Ana', '12'], buttons: ['A-17'] }],
		['a plain array (body)', ['Ana', 12, false], { body: ['Ana', '12', 'false'] }],
		['a JSON array string', '["Ana"]', { body: ['Ana'] }],
		['empty sections left out', { header: [], body: ['x'], buttons: null }, { body: ['x'] }],
		['null values become empty text', { body: [null, 'x'] }, { body: ['', 'x'] }],
		['an empty string', '  ', {}],
		['undefined', undefined, {}],
		['null', null, {}],
		['an empty object', {}, {}],
		['the 2026 form with every section', { header: ['A'], body: ['x'], footer: [], buttons: [] }, { header: ['A'], body: ['x'] }],
	])('accepts %s', (_label, input, expected) => {
		expect(parseVariablesJson(input)).toEqual(expected);
	});

	it.each<[string, unknown, string, RegExp]>([
		['invalid JSON', '{body: [1]}', 'Variables (JSON)', /is not valid JSON/],
		['a number', 42, 'Variables (JSON)', /must be an object .* not a number/],
		['a JSON string of a string', '"Ana"', 'Variables (JSON)', /not a string/],
		['an unknown key', { Body: ['x'] }, 'Variables (JSON)', /unknown key "Body"/],
		['a section that is not a list', { body: 'Ana' }, 'Variables (JSON)', /"body" must be a list/],
		['footer values (footers hold none)', { body: ['x'], footer: ['y'] }, 'Variables (JSON)', /"footer" must be an empty list/],
		['an object inside a section', { body: ['Ana', { x: 1 }] }, 'body[1]', /body\[1\] must be text or a number, not an object/],
		['a nested list', [['Ana']], 'body[0]', /not a list/],
	])('refuses %s', (_label, input, field, message) => {
		const error = errorOf(() => parseVariablesJson(input));
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
	});
});
