import type { IRun } from 'n8n-workflow';

import { runOctopods } from '../support/engine';
import { useSandbox } from '../support/sandbox';
import { callWebhook as callWebhookOf } from '../support/sendAndWaitWebhook';

const fixture = useSandbox();
const base = { resource: 'message', operation: 'sendAndWait', phoneNumber: '+353 83 800 0000', message: 'Refund order A-17, EUR 40?' };

const callWebhook = async (run: IRun, parameters: Record<string, unknown>, method: 'GET' | 'POST', body: unknown = {}) =>
	await callWebhookOf(fixture.credentials, run, parameters, method, body);

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
		// Template 537 (appointment_1): header {{1}}, body "Hello {{1}}, here is the appointment link: {{2}} Thank you".
		const parameters = {
			...base,
			messageType: 'template',
			templateId: { __rl: true, mode: 'id', value: '537' },
			variablesInput: 'json',
			variablesJson: '{"header": ["Ana"], "body": ["Ana", ""]}',
			linkVariable: 'Body {{2}}',
		};
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
