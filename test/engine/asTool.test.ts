import type { INodeParameters } from 'n8n-workflow';

import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

// The node as an AI agent's tool (its `octopodsTool` variant) inside n8n-core's engine: a failed
// call fails with one text that is the model's whole answer (n8n hands an agent only the message
// of a tool's error), while Continue On Fail keeps its items. The real agent is in
// test/e2e/agent.e2e.test.ts.

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
	it('a refused input fails with the field, what is accepted and that nothing was sent, without an item number', async () => {
		const { error } = await runOctopods({ parameters: send('12345'), credentials: env.credentials, asTool: true });
		expect(error?.message).toBe(
			'Phone Number: "12345" has no + or 00 in front, so its country is unclear: write it with its country code and a +, e.g. +353838000000, or set Default Country. Field: Phone Number. Nothing was sent for this item.',
		);
		expect(env.sandbox.received).toHaveLength(0);
	});

	it('the same input as a plain node fails as before, naming the item', async () => {
		const { error } = await runOctopods({ parameters: send('12345'), credentials: env.credentials });
		expect(error?.message).toMatch(/or set Default Country \[item 0\]$/);
		expect(error?.description).toBe('Field: Phone Number. Nothing was sent for this item.');
	});

	it('a send that may have gone through says plainly not to send it again', async () => {
		env.sandbox.setFaults([{ mode: 'server-error', when: 'after', count: 1, methods: ['POST'] }]);
		const { error } = await runOctopods({ parameters: send('+353838000000'), credentials: env.credentials, asTool: true });
		expect(error?.message).toMatch(
			/^The message may have been sent: Octopods answered HTTP 500\. Do not send this message again\. It was not sent again, so the customer cannot get it twice\. Before sending it again, check whether it went out: /,
		);
		expect(env.sandbox.sends()).toHaveLength(1);
		expect(visibleText(error)).not.toContain(SECRET_KEY);
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
