/**
 * n8n's Retry On Fail (node Settings) runs the whole node again with all its items. These runs go
 * through n8n's real retry loop and prove that a retry never sends a message a second time.
 */
import { crmRecords, phoneOf, phonesSent, sendTemplateOfRecords } from '../support/sendBatch';
import { Octopods } from '../../nodes/Octopods/Octopods.node';
import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

const env = useSandbox({ rateLimit: false });
/** How many times n8n ran the node: proof that it did retry. */
const tries = jest.spyOn(Octopods.prototype, 'execute');
beforeEach(() => tries.mockClear());
// n8n reads a Wait Between Tries of 0 as its default, 1,000 ms: 1 ms keeps the tests quick.
const retry = (maxTries: number, waitBetweenTries = 1) => ({ retryOnFail: true, maxTries, waitBetweenTries });

describe('Retry On Fail', () => {
	it('retries only the item that was refused, and sends the others once', async () => {
		// The third send meets a 429 whose 50 ms cool-down the item may not wait for (Max Wait 0).
		env.sandbox.setFaults([{ mode: 'rate-limit', skip: 2, count: 1, cooldownMs: 50, methods: ['POST'] }]);
		const run = await runOctopods({
			parameters: sendTemplateOfRecords({ itemsInParallel: 1, maxWaitOnRateLimit: 0 }),
			items: crmRecords(0, 4),
			settings: retry(2, 200),
			credentials: env.credentials,
		});
		expect(run.error).toBeUndefined();
		expect(tries).toHaveBeenCalledTimes(2);
		expect(run.items.map((item) => item.json.phone_number)).toEqual([0, 1, 2, 3].map((index) => phoneOf(index)));
		expect(run.items.every((item) => typeof item.json.message_id === 'number')).toBe(true);
		expect(env.sandbox.received.filter((request) => request.status === 429)).toHaveLength(1);
		expect(phonesSent(env.sandbox)).toEqual([0, 1, 2, 3].map((index) => phoneOf(index)));
	});

	it('does not repeat a send that may have reached Octopods: every try fails with the same message', async () => {
		// The second send is accepted, then answered with a 500: its fate is unknown to the node.
		env.sandbox.setFaults([{ mode: 'server-error', when: 'after', skip: 1, count: 1, methods: ['POST'] }]);
		const run = await runOctopods({
			parameters: sendTemplateOfRecords({ itemsInParallel: 1 }),
			items: crmRecords(0, 3),
			settings: retry(3),
			credentials: env.credentials,
		});
		expect(tries).toHaveBeenCalledTimes(3);
		expect(run.error?.message).toMatch(/^The message may have been sent/);
		expect(run.error?.description).toContain(phoneOf(1));
		// Item 0 once, item 1 once (accepted), item 2 never started: the node stopped at item 1 each try.
		expect(phonesSent(env.sandbox)).toEqual([phoneOf(0), phoneOf(1)]);
		expect(visibleText(run.run)).not.toContain(SECRET_KEY);
	});

	it('with Continue On Fail, when n8n retries because the first item failed, the sent items are not sent again', async () => {
		const items = [{ phone: '12', link: 'https://x.io/0' }, ...crmRecords(1, 2)];
		const run = await runOctopods({
			parameters: sendTemplateOfRecords(),
			items,
			continueOnFail: true,
			settings: retry(3),
			credentials: env.credentials,
		});
		expect(tries).toHaveBeenCalledTimes(3);
		expect(run.items).toHaveLength(3);
		expect(run.items[0].json).toMatchObject({ field: 'Phone Number', error: expect.stringMatching(/\[item 0\]$/) });
		expect(run.items.slice(1).map((item) => item.json.phone_number)).toEqual([phoneOf(1), phoneOf(2)]);
		expect(run.items.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect([...phonesSent(env.sandbox)].sort()).toEqual([phoneOf(1), phoneOf(2)]);
	});

	it('keeps nothing between executions: running the workflow again sends again', async () => {
		const once = { parameters: sendTemplateOfRecords(), items: crmRecords(0, 2), settings: retry(2), credentials: env.credentials };
		await runOctopods(once);
		await runOctopods(once);
		expect([...phonesSent(env.sandbox)].sort()).toEqual([phoneOf(0), phoneOf(0), phoneOf(1), phoneOf(1)]);
	});
});
