import type { IRun } from 'n8n-workflow';

import { runOctopods } from '../support/engine';
import { useSandbox } from '../support/sandbox';
import { callWebhook as callWebhookOf } from '../support/sendAndWaitWebhook';

const fixture = useSandbox();
const base = { resource: 'message', operation: 'sendAndWait', phoneNumber: '+353 83 800 0000', message: 'Refund order A-17, EUR 40?' };
// Template 537 (appointment_1): header {{1}}, body "Hello {{1}}, here is the appointment link: {{2}} Thank you".
const viaTemplate = {
	...base,
	messageType: 'template',
	templateId: { __rl: true, mode: 'id', value: '537' },
	variablesInput: 'json',
	variablesJson: '{"header": ["Ana"], "body": ["Ana", ""]}',
	linkVariable: 'Body {{2}}',
};

const callWebhook = async (run: IRun, parameters: Record<string, unknown>, method: 'GET' | 'POST', body: unknown = {}, asTool?: 'humanReview') =>
	await callWebhookOf(fixture.credentials, run, parameters, method, body, asTool);

describe('Send and Wait in the engine', () => {
	it('sends one cta_url message with the signed link and waits; GET shows the page, POST answers', async () => {
		const parameters = { ...base, approvalOptions: { values: { approvalType: 'double' } } };
		const { run, error } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'e42', items: [{ a: 1 }, { a: 2 }] });
		expect(error).toBeUndefined();
		expect(run.data.waitTill).toBeDefined();
		const sends = fixture.sandbox.sends();
		expect(sends).toHaveLength(1);
		const payload = (sends[0].body as { waba_interactive_message: { type: string; action: { parameters: { url: string } } } }).waba_interactive_message;
		expect(payload.type).toBe('cta_url');
		expect(payload.action.parameters.url).toMatch(/^http:\/\/localhost\/webhook-waiting\/e42\/octopods-node\?signature=/);

		const page = await callWebhook(run, parameters, 'GET');
		expect(page.result).toEqual({ noWebhookResponse: true });
		expect(page.sent.body).toContain('Refund order A-17, EUR 40?');
		expect(page.sent.body).toContain('value="false"');

		const answer = await callWebhook(run, parameters, 'POST', { approved: 'false' });
		expect(answer.result.workflowData?.[0][0].json.data).toMatchObject({ approved: false });
	});

	it('Dry Run shows the message with the link and sends nothing', async () => {
		const { items } = await runOctopods({ parameters: { ...base, options: { dryRun: true } }, credentials: fixture.credentials, executionId: 'e43' });
		expect(fixture.sandbox.sends()).toHaveLength(0);
		expect(JSON.stringify(items[0].json)).toContain('webhook-waiting/e43/octopods-node');
	});

	it('refuses a blank question and a template with no place for the link before sending', async () => {
		const blank = await runOctopods({ parameters: { ...base, message: ' ' }, credentials: fixture.credentials, executionId: 'e44' });
		expect(blank.error?.message).toMatch(/Message is empty.*\[item 0\]/);
		const template = await runOctopods({
			parameters: { ...base, messageType: 'template', templateId: { mode: 'id', value: '544' }, variablesInput: 'json', variablesJson: '{"body": []}' },
			credentials: fixture.credentials,
			executionId: 'e45',
		});
		expect(template.error?.message).toMatch(/no place for the answer link/);
		expect(fixture.sandbox.sends()).toHaveLength(0);
	});

	it('places the link in the chosen body variable of a template, sends it once and waits', async () => {
		const parameters = viaTemplate;
		const { run, error } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'e46' });
		expect(error).toBeUndefined();
		expect(run.data.waitTill).toBeDefined();
		const sends = fixture.sandbox.sends();
		expect(sends).toHaveLength(1);
		const variables = (sends[0].body as { message_variables: { header: string[]; body: string[] } }).message_variables;
		expect(variables.header).toEqual(['Ana']);
		expect(variables.body[0]).toBe('Ana');
		expect(variables.body[1]).toMatch(/^http:\/\/localhost\/webhook-waiting\/e46\/octopods-node\?signature=/);

		const answer = await callWebhook(run, parameters, 'POST', { approved: 'true' });
		expect(answer.result.workflowData?.[0][0].json.data).toMatchObject({ approved: true });
	});

	it('names the Link Variable field when it points at a variable the template does not have', async () => {
		const { error } = await runOctopods({
			parameters: { ...base, messageType: 'template', templateId: { __rl: true, mode: 'id', value: '539' }, variablesInput: 'json', variablesJson: '{"body": [""]}', linkVariable: 'Body {{3}}' },
			credentials: fixture.credentials,
			executionId: 'e47',
		});
		expect(error?.message).toMatch(/no variable "Body \{\{3\}\}"/);
		expect(`${error?.message} ${error?.description}`).toMatch(/Link Variable/);
		expect(fixture.sandbox.sends()).toHaveLength(0);
	});
});

describe('Send and Wait details (issue 28)', () => {
	const longQuestion = `${'Refund order A-17, EUR 40? '.repeat(45)}End.`;

	it('sends a template whose question, longer than 1,024 characters, is shown only on the page', async () => {
		const parameters = { ...viaTemplate, message: longQuestion };
		const { run, error } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'e49' });
		expect(error).toBeUndefined();
		expect(run.data.waitTill).toBeDefined();
		expect(fixture.sandbox.sends()).toHaveLength(1);
		const page = await callWebhook(run, parameters, 'GET');
		expect(page.sent.body).toContain(longQuestion.trim());
	});

	it('keeps WhatsApp\'s 1,024 characters where the question is the message\'s body (Interactive)', async () => {
		const { error } = await runOctopods({ parameters: { ...base, message: longQuestion }, credentials: fixture.credentials, executionId: 'e50' });
		expect(error?.message).toBe(`Message is ${longQuestion.length} characters long; WhatsApp allows at most 1024 [item 0]`);
		expect(fixture.sandbox.sends()).toHaveLength(0);
	});

	it('names Message Button Label, as the editor does, when the label is too long; nothing is sent', async () => {
		const { error } = await runOctopods({
			parameters: { ...base, options: { messageButtonLabel: 'A label of 25 characters!' } },
			credentials: fixture.credentials,
			executionId: 'e48',
		});
		expect(error?.message).toBe('Message Button Label is 25 characters long; WhatsApp allows at most 20 [item 0]');
		expect(error?.description).toBe('Field: Message Button Label. Nothing was sent for this item.');
		expect(fixture.sandbox.sends()).toHaveLength(0);
	});

	it('sends a human review whose tool input exceeds 1,024 characters, shortened, and shows all of it on the page', async () => {
		const variables = JSON.stringify({ body: ['Ana', 'x'.repeat(1500)] });
		const parameters = {
			...base,
			// As n8n 2.41.1 renders its default review message, and the gated call's input.
			message: 'The agent wants to run this tool: Send_Template\n\nInput:\n[object Object]',
			reviewedToolInput: { Template: '542', Variables__JSON_: variables },
		};
		const { run, error, items } = await runOctopods({ parameters, credentials: fixture.credentials, executionId: 'e51', asTool: 'humanReview' });
		// Refused, the review answers the agent with an error item, which the agent reads as a rejection.
		expect(items[0]?.json.error).toBeUndefined();
		expect(error).toBeUndefined();
		expect(run.data.waitTill).toBeDefined();
		const sends = fixture.sandbox.sends();
		expect(sends).toHaveLength(1);
		const text = (sends[0].body as { waba_interactive_message: { body: { text: string } } }).waba_interactive_message.body.text;
		expect(text.startsWith('The agent wants to run this tool: Send_Template\n\nInput:\nTemplate: 542\nVariables__JSON_: {"body":["Ana","xx')).toBe(true);
		expect(text.endsWith('xx… (all of it on the page)')).toBe(true);
		expect(text).toHaveLength(1024);

		const page = await callWebhook(run, parameters, 'GET', {}, 'humanReview');
		expect(page.sent.body).toContain(`Variables__JSON_: ${variables.replace(/"/g, '&quot;')}`);
	});

	// What a browser must be told about the page behind the signed link (webhook.ts), written out here
	// so that dropping or weakening one fails.
	const pageHeaders = {
		'content-type': 'text/html; charset=utf-8',
		'cache-control': 'no-store',
		'x-robots-tag': 'noindex, nofollow',
		'referrer-policy': 'no-referrer',
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
	};

	it.each([
		['GET (the page)', 'GET', {}],
		['POST (an answer recorded)', 'POST', { approved: 'true' }],
		['POST (a submission refused, the page again)', 'POST', { approved: 'maybe' }],
	] as const)('answers %s with no caching, no indexing, no referrer and a script-free CSP', async (_case, method, body) => {
		const { run } = await runOctopods({ parameters: base, credentials: fixture.credentials, executionId: 'e52' });
		const { sent } = await callWebhook(run, base, method, body);
		expect(sent.headers).toEqual(pageHeaders);
	});
});
