import { runOctopods } from '../support/engine';
import { useSandbox } from '../support/sandbox';
import { callWebhook } from '../support/sendAndWaitWebhook';

// Send and Wait's Custom Form with its parameters exactly as n8n's editor stores them: a dropdown
// whose options are a list (`fieldOptions.values[].option`) and a text field with its type left at
// the default (the editor leaves defaults out).
const fixture = useSandbox();
const base = { resource: 'message', operation: 'sendAndWait', phoneNumber: '+353 83 800 0000', message: 'Your appointment: which slot?' };
const SLOT = 'Which slot suits you?';
const fields = {
	responseType: 'customForm',
	formFields: {
		values: [
			{ fieldType: 'dropdown', fieldLabel: SLOT, fieldOptions: { values: [{ option: 'Tue  10:00' }, { option: 'Wed 11:00' }] }, requiredField: true },
			{ fieldLabel: 'Your name', requiredField: true },
		],
	},
};
/** What n8n 2.41.1 hands the node for the page's multipart/form-data submission (webhook-form-data.js). */
const multipart = (values: Record<string, string>) => ({ data: values, files: {} });

describe('Send and Wait Custom Form in the engine', () => {
	it('sends for a dropdown form, shows it as a multipart form with exact option values, and resumes with the chosen fields', async () => {
		const parameters = { ...base, ...fields, options: { responseFormTitle: 'Book your visit', responseFormButtonLabel: 'Book' } };
		const { run, error } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'f1' });
		expect(error).toBeUndefined();
		expect(run.data.waitTill).toBeDefined();
		expect(fixture.sandbox.sends()).toHaveLength(1);

		const page = await callWebhook(fixture.credentials, run, parameters, 'GET');
		const html = page.sent.body;
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
		expect(html).toContain('<h1>Book your visit</h1>\n<p>Your appointment: which slot?</p>');
		expect(html).toContain(
			'<select id="field-0" name="field-0" required><option value=""></option><option value="Tue  10:00">Tue  10:00</option><option value="Wed 11:00">Wed 11:00</option></select>',
		);
		expect(html).toContain('<input id="field-1" name="field-1" type="text" required>');
		expect(html).toContain('<button type="submit">Book</button>');

		const answer = await callWebhook(fixture.credentials, run, parameters, 'POST', multipart({ 'field-0': 'Tue  10:00', 'field-1': 'Ana' }));
		expect(answer.result.workflowData?.[0][0].json).toEqual({ data: { [SLOT]: 'Tue  10:00', 'Your name': 'Ana', respondedAt: expect.any(String) } });
	});

	it('refuses the space-collapsed text a browser sends for an option without a value, and a missing required field, resuming nothing', async () => {
		const parameters = { ...base, ...fields };
		const { run } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'f2' });
		const collapsed = await callWebhook(fixture.credentials, run, parameters, 'POST', multipart({ 'field-0': 'Tue 10:00', 'field-1': 'Ana' }));
		expect(collapsed.sent.status).toBe(400);
		expect(collapsed.result.workflowData).toBeUndefined();
		expect(collapsed.sent.body).toContain('Please choose one of the options for &quot;Which slot suits you?&quot;.');
		const unnamed = await callWebhook(fixture.credentials, run, parameters, 'POST', multipart({ 'field-0': 'Wed 11:00' }));
		expect(unnamed.sent.body).toContain('Please fill in &quot;Your name&quot;.');
		expect(unnamed.result.workflowData).toBeUndefined();
	});

	it('takes the form as JSON (Define Form: Using JSON) and reads its answer the same way', async () => {
		const json = JSON.stringify([
			{ fieldLabel: SLOT, fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Tue  10:00' }, { option: 'Wed 11:00' }] } },
			{ fieldLabel: 'Guests', fieldName: 'guests', fieldType: 'number', requiredField: true },
		]);
		const parameters = { ...base, responseType: 'customForm', defineForm: 'json', jsonOutput: json };
		const { run, error } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'f3' });
		expect(error).toBeUndefined();
		const page = await callWebhook(fixture.credentials, run, parameters, 'GET');
		expect(page.sent.body).toContain('<option value="Wed 11:00">Wed 11:00</option>');
		const answer = await callWebhook(fixture.credentials, run, parameters, 'POST', multipart({ 'field-0': 'Wed 11:00', 'field-1': '3' }));
		expect(answer.result.workflowData?.[0][0].json).toEqual({ data: { [SLOT]: 'Wed 11:00', guests: 3, respondedAt: expect.any(String) } });
	});

	it.each([
		['not JSON', '[{"fieldLabel": "Name",}]', /Form Fields is not valid JSON/],
		['not an array', '{"fieldLabel": "Name"}', /Form Fields must be a JSON array of form elements/],
		['an element without a label', '[{"fieldLabel": "Name"}, {"fieldType": "email"}]', /Form Fields element 2 has no Field Label \(fieldLabel\)/],
		['an unknown type', '[{"fieldLabel": "Photo", "fieldType": "file"}]', /Form Fields element 1 \("Photo"\) has fieldType "file"; use one of text, textarea/],
		['a dropdown without options', '[{"fieldLabel": "Slot", "fieldType": "dropdown"}]', /Form Fields element 1 \("Slot"\) is a dropdown without options/],
	])('refuses a JSON form that is %s before sending, naming the field and the item', async (_case, jsonOutput, message) => {
		const parameters = { ...base, responseType: 'customForm', defineForm: 'json', jsonOutput };
		const { error } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'f4' });
		expect(error?.message).toMatch(message);
		expect(error?.message).toMatch(/\[item 0\]$/);
		expect(error?.description).toBe('Field: Form Fields. Nothing was sent for this item.');
		expect(fixture.sandbox.sends()).toHaveLength(0);
	});
});
