import { formValues, readAnswer } from '../../nodes/Octopods/helpers/sendAndWait/answer';
import { SendAndWaitInputError } from '../../nodes/Octopods/helpers/sendAndWait/errors';
import { ctaUrlMessage, placeLink } from '../../nodes/Octopods/helpers/sendAndWait/message';
import { dropdownOptions } from '../../nodes/Octopods/helpers/sendAndWait/form';
import { escapeHtml, questionPage } from '../../nodes/Octopods/helpers/sendAndWait/page';
import { buildQuestion } from '../../nodes/Octopods/helpers/sendAndWait/question';
import { waitTillOf } from '../../nodes/Octopods/helpers/sendAndWait/waitTill';
import { describeTemplate } from '../../nodes/Octopods/helpers/templateVariables';
import type { OctopodsTemplate } from '../../nodes/Octopods/transport/types';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const LINK = 'https://n8n.example.com/webhook-waiting/42/node-1?signature=abc';
const BASE = 'https://n8n.example.com/webhook-waiting';

const question = (extra: Partial<Parameters<typeof buildQuestion>[0]> = {}) =>
	buildQuestion({ message: 'Refund <b>A-17</b>?', responseType: 'approval', approvalOptions: {}, formFields: [], submitLabel: '', ...extra });

describe('the page', () => {
	it('escapes the question and labels, and posts to its own URL', () => {
		const html = questionPage(question({ approvalOptions: { approvalType: 'double', approveLabel: 'Yes "now"' } }));
		expect(html).toContain('Refund &lt;b&gt;A-17&lt;/b&gt;?');
		expect(html).not.toContain('<b>');
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
		expect(html).toContain('<button type="submit" name="approved" value="true">Yes &quot;now&quot;</button>');
		expect(html).toContain('name="approved" value="false" class="secondary">Decline</button>');
		expect(html).toContain('width=device-width');
	});

	it('shows a required textarea for free text', () => {
		expect(questionPage(question({ responseType: 'freeText' }))).toContain('<textarea id="text" name="text" required>');
	});

	it('escapes every HTML special character', () => {
		expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
	});
});

describe('the answer', () => {
	it('reads approval, decline only when offered, and free text', () => {
		const single = question();
		const double = question({ approvalOptions: { approvalType: 'double' } });
		expect(readAnswer(single, { approved: 'true' }, NOW)).toEqual({ data: { approved: true, respondedAt: NOW.toISOString() } });
		expect(readAnswer(single, { approved: 'false' }, NOW)).toHaveProperty('problem');
		expect(readAnswer(double, { approved: 'false' }, NOW)).toEqual({ data: { approved: false, respondedAt: NOW.toISOString() } });
		expect(readAnswer(question({ responseType: 'freeText' }), { text: '  ok ' }, NOW)).toEqual({ data: { text: 'ok', respondedAt: NOW.toISOString() } });
		expect(readAnswer(question({ responseType: 'freeText' }), { text: ' ' }, NOW)).toHaveProperty('problem');
	});

	it('reads a parsed body (multipart: its `data`), or the raw url-encoded text when n8n did not parse it', () => {
		expect(formValues({ data: { 'field-0': 'Tue  10:00' }, files: {} })).toEqual({ 'field-0': 'Tue  10:00' });
		expect(formValues({ approved: ['true', 'false'] })).toEqual({ approved: 'true' });
		expect(formValues({}, 'text=caf%C3%A9+ok&x=1')).toEqual({ text: 'café ok', x: '1' });
	});

	it('reads a custom form by field name, numbers as numbers', () => {
		const form = question({
			responseType: 'customForm',
			formFields: [
				{ fieldLabel: 'Amount', fieldType: 'number', requiredField: true },
				{ fieldLabel: 'Reason', fieldName: 'reason' },
			],
		});
		expect(readAnswer(form, { 'field-0': '40', 'field-1': 'late' }, NOW)).toEqual({
			data: { Amount: 40, reason: 'late', respondedAt: NOW.toISOString() },
		});
		expect(readAnswer(form, { 'field-1': 'late' }, NOW)).toHaveProperty('problem');
	});
});

describe('the custom form', () => {
	it("reads a dropdown's options as n8n stores the list, and the single option saved before it was one", () => {
		expect(dropdownOptions({ values: [{ option: 'Tue  10:00' }, { option: ' Wed 11:00 ' }, { option: '' }] })).toEqual(['Tue  10:00', 'Wed 11:00']);
		expect(dropdownOptions({ values: { option: 'Tue  10:00' } })).toEqual(['Tue  10:00']);
		expect(dropdownOptions(undefined)).toEqual([]);
	});

	it('shows the Response Form Title with the message below it, or the Response Form Description, for forms only', () => {
		const titled = questionPage(question({ responseType: 'freeText', formTitle: 'Refunds', formDescription: '' }));
		expect(titled).toContain('<h1>Refunds</h1>\n<p>Refund &lt;b&gt;A-17&lt;/b&gt;?</p>');
		const described = questionPage(question({ responseType: 'freeText', formDescription: 'Line one\\nline two' }));
		expect(described).toContain('<h1>Refund &lt;b&gt;A-17&lt;/b&gt;?</h1>\n<p>Line one<br>line two</p>');
		expect(questionPage(question({ formTitle: 'Refunds' }))).toContain('<h1>Refund &lt;b&gt;A-17&lt;/b&gt;?</h1>\n<form');
	});
});

describe('the wait', () => {
	it('computes the limit and refuses a time already passed', () => {
		expect(waitTillOf(undefined, NOW)).toBeUndefined();
		expect(waitTillOf({ limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' }, NOW)?.toISOString()).toBe('2026-12-06T14:00:00.000Z');
		expect(() => waitTillOf({ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-06T11:00:00Z' }, NOW)).toThrow(SendAndWaitInputError);
	});
});

describe('the message', () => {
	it('builds a cta_url message and refuses a label over 20 characters', () => {
		expect(ctaUrlMessage('Refund?', 'Respond', LINK)).toEqual({
			type: 'cta_url',
			body: { text: 'Refund?' },
			action: { name: 'cta_url', parameters: { display_text: 'Respond', url: LINK } },
		});
		expect(() => ctaUrlMessage('Refund?', 'A label far too long for it', LINK)).toThrow(/at most 20/);
		expect(() => ctaUrlMessage('  ', 'Respond', LINK)).toThrow(/Message is empty/);
	});

	const template = (components: OctopodsTemplate['template_components']): OctopodsTemplate => ({
		template_id: 1,
		template_name: 'approval',
		template_components: components,
	});

	it('places the link in a body variable or after a URL button base pointing at this n8n', () => {
		const body = template([{ type: 'BODY', text: 'Hi {{1}}, answer here: {{2}}' }]);
		expect(placeLink(body, describeTemplate(body), { body: ['Ana', ''] }, 'Body {{2}}', LINK, BASE)).toEqual({ body: ['Ana', LINK] });
		const button = template([
			{ type: 'BODY', text: 'Hi {{1}}' },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Answer', url: `${BASE}/{{1}}` }] },
		]);
		expect(placeLink(button, describeTemplate(button), { body: ['Ana'] }, '', LINK, BASE)).toEqual({
			body: ['Ana'],
			buttons: ['42/node-1?signature=abc'],
		});
	});

	it('refuses a template that cannot carry the link', () => {
		const none = template([
			{ type: 'BODY', text: 'Hello' },
			{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example.com/{{1}}' }] },
		]);
		expect(() => placeLink(none, describeTemplate(none), {}, '', LINK, BASE)).toThrow(/no place for the answer link/);
	});
});
