import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

// Statuses move on after 2 s and 5 s in Octopods' time: 400 ms and 1 s here.
const env = useSandbox({ timeScale: 0.2 });
const DELIVERED_AFTER_MS = 450;

/** Sends a template straight to the sandbox (the send operations are tested elsewhere). */
async function sendDirectly(phone: string): Promise<string> {
	const response = await fetch(`${env.sandbox.url}/api/v1/whatsapp/templates/539/messages`, {
		method: 'POST',
		headers: { 'X-Octopods-Auth': env.sandbox.apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({ destination_phone: phone, message_variables: { body: ['https://x.io'] } }),
	});
	expect(response.status).toBe(201);
	return String(((await response.json()) as { message_id: number }).message_id);
}

const getStatus = (messageId: string) => ({
	resource: 'message',
	operation: 'getStatus',
	messageId,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Message > Get Status', () => {
	it('reports a delivered message', async () => {
		const messageId = await sendDirectly('+353838000000');
		await sleep(DELIVERED_AFTER_MS);
		const { items, error } = await runOctopods({
			parameters: getStatus(messageId),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: {
					message_id: Number(messageId),
					status: 'DELIVERED',
					status_message: expect.any(String),
					last_updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
					request_id: expect.any(String),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('reports a failed message with the failure code and description', async () => {
		const messageId = await sendDirectly('+353838000999');
		await sleep(DELIVERED_AFTER_MS);
		const { items } = await runOctopods({ parameters: getStatus(messageId), credentials: env.credentials });
		expect(items[0].json).toMatchObject({
			status: 'FAILED',
			failure_reason: { code: '63003', description: 'Channel could not find To address' },
		});
	});

	it('reads the message ID of each item from an expression', async () => {
		const first = await sendDirectly('+353838000000');
		const second = await sendDirectly('+353838000001');
		const { items } = await runOctopods({
			parameters: getStatus('={{ $json.message_id }}'),
			items: [{ message_id: Number(first) }, { message_id: Number(second) }],
			credentials: env.credentials,
		});
		expect(items.map((item) => item.json.message_id)).toEqual([Number(first), Number(second)]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(visibleText(items)).not.toContain(SECRET_KEY);
	});

	it('says which message was not found', async () => {
		const { error } = await runOctopods({ parameters: getStatus('424242'), credentials: env.credentials });
		expect(error?.message).toBe('Message 424242 was not found on this channel');
	});

	it('refuses an empty message ID before any HTTP call, naming the item', async () => {
		const { error } = await runOctopods({
			parameters: getStatus('={{ $json.message_id }}'),
			items: [{ message_id: '' }],
			credentials: env.credentials,
		});
		expect(error?.message).toBe('Message ID is empty');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		expect(env.sandbox.received).toHaveLength(0);
	});
});
