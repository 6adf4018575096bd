import type { INodeParameters } from 'n8n-workflow';

import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

// The node as an AI agent's tool (its `octopodsTool` variant) inside n8n-core's engine: a failed
// call answers with one item whose `error` is the model's whole answer (AI Agent 2.x reads a
// thrown error as "", toolAnswer.ts), thrown only under the error output, while Continue On Fail
// keeps its items. The real agents (2.2 and 3.1) are in test/e2e/agent.e2e.test.ts.

const env = useSandbox();

const send = (phoneNumber: string, templateId = '544', body: string[] = []): INodeParameters => ({
	resource: 'message',
	operation: 'sendTemplate',
	templateId: { __rl: true, mode: 'id', value: templateId },
	phoneNumber,
	variablesInput: 'json',
	variablesJson: JSON.stringify({ body }),
});

describe('as an AI agent tool', () => {
	it('a refused input answers with the field, what is accepted and that nothing was sent, without an item number', async () => {
		const { items, error } = await runOctopods({ parameters: send('12345'), credentials: env.credentials, asTool: true });
		expect(error).toBeUndefined();
		expect(items).toEqual([
			expect.objectContaining({
				json: {
					error:
						'Phone Number: "12345" has no + or 00 in front, so its country is unclear: write it with its country code and a +, e.g. +353838000000, or set Default Country. Field: Phone Number. Nothing was sent for this item.',
				},
				pairedItem: { item: 0 },
			}),
		]);
		expect(env.sandbox.received).toHaveLength(0);
	});

	it('under On Error: Continue (using error output), where only a throw reaches the model, it throws the same text', async () => {
		const { error } = await runOctopods({
			parameters: send('12345'),
			credentials: env.credentials,
			continueOnFail: 'errorOutput',
			asTool: true,
		});
		expect(error?.message).toBe(
			'Phone Number: "12345" has no + or 00 in front, so its country is unclear: write it with its country code and a +, e.g. +353838000000, or set Default Country. Field: Phone Number. Nothing was sent for this item.',
		);
	});

	it('the same input as a plain node fails as before, naming the item', async () => {
		const { error } = await runOctopods({ parameters: send('12345'), credentials: env.credentials });
		expect(error?.message).toMatch(/or set Default Country \[item 0\]$/);
		expect(error?.description).toBe('Field: Phone Number. Nothing was sent for this item.');
	});

	it('a send that may have gone through says plainly not to send it again', async () => {
		env.sandbox.setFaults([{ mode: 'server-error', when: 'after', count: 1, methods: ['POST'] }]);
		const { items } = await runOctopods({ parameters: send('+353838000000'), credentials: env.credentials, asTool: true });
		const answer = String(items[0]?.json.error);
		expect(answer).toMatch(
			/^The message may have been sent: Octopods answered HTTP 500\. Do not send this message again\. It was not sent again, so the customer cannot get it twice\. Before sending it again, check whether it went out: /,
		);
		expect(env.sandbox.sends()).toHaveLength(1);
		expect(visibleText(items)).not.toContain(SECRET_KEY);
	});

	it('under Continue On Fail (regular output) the error item is kept, as for the plain node', async () => {
		const { items } = await runOctopods({
			parameters: send('+353838000000', '9999', ['x']),
			credentials: env.credentials,
			continueOnFail: true,
			asTool: true,
		});
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ error: 'Template 9999 was not found in this Octopods account', httpCode: '404', errorCode: 3 }),
		]);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});
