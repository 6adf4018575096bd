import type { INodeParameters } from 'n8n-workflow';

import { runOctopods } from '../support/engine';
import type { SandboxOptions } from '../../sandbox/server';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

/** Every shape a status may come in: the original page's, and the 2026 articles' two. */
const ANSWERS: Array<[string, 'original' | 'uppercase' | 'lowercase', SandboxOptions]> = [
	['the original generation', 'original', { generation: 'original' }],
	['the 2026 generation, upper case', 'uppercase', { generation: '2026', statusStyle: 'uppercase' }],
	['the 2026 generation, lower case', 'lowercase', { generation: '2026', statusStyle: 'lowercase' }],
];

describe.each(ANSWERS)('%s', (_name, shape, answers) => {
	// Statuses move on after 2 s and 5 s in Octopods' time: 400 ms and 1 s here.
	const env = useSandbox({ timeScale: 0.2, ...answers });
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
			const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
			const byShape = {
				original: { status_message: expect.any(String), last_updated: timestamp },
				uppercase: { status_message: expect.any(String), last_updated: timestamp, channel_message_id: expect.any(String) },
				lowercase: { phone_number: '+353838000000', channel_message_id: expect.any(String), sent_at: timestamp, delivered_at: timestamp },
			};
			expect(items).toEqual([
				{
					json: { message_id: Number(messageId), status: 'DELIVERED', request_id: expect.any(String), ...byShape[shape] },
					pairedItem: { item: 0 },
				},
			]);
		});

		it('reports a failed message with the failure code and description', async () => {
			const messageId = await sendDirectly('+353838000999');
			await sleep(DELIVERED_AFTER_MS);
			const { items } = await runOctopods({ parameters: getStatus(messageId), credentials: env.credentials });
			// The lower-case shape gives the reason as text only: no code.
			expect(items[0].json).toMatchObject({ status: 'FAILED', failure_reason: { description: 'Channel could not find To address' } });
			expect(items[0].json.failure_reason).toEqual(
				shape === 'lowercase'
					? { description: 'Channel could not find To address' }
					: { code: '63003', description: 'Channel could not find To address' },
			);
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
			expect(error?.message).toBe('Message ID is empty: map the message_id of a send, e.g. {{ $json.message_id }} [item 0]');
			expect((error as { context?: { itemIndex?: number; field?: string } }).context).toMatchObject({ itemIndex: 0, field: 'Message ID' });
			expect(env.sandbox.received).toHaveLength(0);
		});
	});

	describe('Message > Get Status: waiting for a status', () => {
		const waitFor = (messageId: string, options: INodeParameters): INodeParameters => ({ ...getStatus(messageId), options });

		it('checks until the target, stops early on a failure, and says how long it waited (items in parallel)', async () => {
			const delivered = await sendDirectly('+353838000000');
			const failed = await sendDirectly('+353838000999');
			const { items, error } = await runOctopods({
				parameters: {
					...getStatus('={{ $json.id }}'),
					options: { waitForStatus: '={{ $json.target }}', maxWaitForStatus: 10, statusCheckInterval: 1 },
				},
				items: [
					{ id: delivered, target: 'read' },
					{ id: failed, target: 'delivered' },
					{ id: failed, target: 'final' },
				],
				credentials: env.credentials,
			});
			expect(error).toBeUndefined();
			// READ comes 1 s after sending here, FAILED after 0.4 s; the checks are 1 s apart.
			expect(items[0].json).toMatchObject({ message_id: Number(delivered), status: 'READ', target_reached: true });
			expect(items[0].json.waited_ms).toBeGreaterThanOrEqual(900);
			expect(items[0].json.waited_ms).toBeLessThan(5000);
			// Delivered can no longer happen: the wait ends, not reached, with the failure.
			expect(items[1].json).toMatchObject({ status: 'FAILED', failure_reason: { description: expect.any(String) }, target_reached: false });
			expect(items[1].json.waited_ms).toBeLessThan(5000);
			// FAILED is a final status.
			expect(items[2].json).toMatchObject({ status: 'FAILED', target_reached: true });
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(visibleText(items)).not.toContain(SECRET_KEY);
			// In parallel: the three items' first checks left together (one at a time, item 0's second
			// of checking would come before the others').
			const checks = env.sandbox.received.filter((request) => request.method === 'GET').map((request) => request.at);
			expect(checks[2] - checks[0]).toBeLessThan(500);
		});

		it('returns at once when the status is already there', async () => {
			const messageId = await sendDirectly('+353838000000');
			await sleep(DELIVERED_AFTER_MS);
			const { items } = await runOctopods({
				parameters: waitFor(messageId, { waitForStatus: 'delivered', statusCheckInterval: 1 }),
				credentials: env.credentials,
			});
			// Delivered after 0.4 s, read after 1 s: a busy machine may look after the read, which counts too.
			expect(items[0].json).toMatchObject({ target_reached: true, waited_ms: expect.any(Number) });
			expect(['DELIVERED', 'READ']).toContain(items[0].json.status);
			expect(items[0].json.waited_ms).toBeLessThan(900);
		});

		it('at the time limit returns the last status seen, not reached, without failing', async () => {
			const messageId = await sendDirectly('+353838000000');
			const { items, error } = await runOctopods({
				parameters: waitFor(messageId, { waitForStatus: 'read', maxWaitForStatus: 0.5, statusCheckInterval: 1 }),
				credentials: env.credentials,
			});
			expect(error).toBeUndefined();
			// Checked at once (SENT) and at the 0.5 s limit (DELIVERED after 0.4 s, READ only after 1 s).
			expect(items[0].json).toMatchObject({ status: 'DELIVERED', target_reached: false });
			expect(items[0].json.waited_ms).toBeGreaterThanOrEqual(450);
			expect(items[0].json.waited_ms).toBeLessThan(2000);
		});

		it("without Wait for Status, the output is Octopods' status alone", async () => {
			const messageId = await sendDirectly('+353838000000');
			const { items } = await runOctopods({
				parameters: waitFor(messageId, { waitForStatus: 'none' }),
				credentials: env.credentials,
			});
			const fields = {
				original: ['last_updated', 'message_id', 'request_id', 'status', 'status_message'],
				uppercase: ['channel_message_id', 'last_updated', 'message_id', 'request_id', 'status', 'status_message'],
				// Sent only: delivered_at and read_at are null in the answer, so left out.
				lowercase: ['channel_message_id', 'message_id', 'phone_number', 'request_id', 'sent_at', 'status'],
			};
			expect(Object.keys(items[0].json).sort()).toEqual(fields[shape]);
		});
	});
});

/** A template send straight to the sandbox to a number whose status reads UNKNOWN until delivered. */
async function sendToUnknownFirst(sandboxUrl: string, apiKey: string): Promise<string> {
	const response = await fetch(`${sandboxUrl}/api/v1/whatsapp/templates/544/messages`, {
		method: 'POST',
		headers: { 'X-Octopods-Auth': apiKey, 'Content-Type': 'application/json' },
		body: JSON.stringify({ destination_phone: '+353838000777' }),
	});
	return String(((await response.json()) as { message_id: number }).message_id);
}

describe('Message > Get Status: UNKNOWN (2026, upper case)', () => {
	describe('at Octopods\' own pace (UNKNOWN for 2 s)', () => {
		const env = useSandbox({ generation: '2026', statusStyle: 'uppercase' });

		it('reads UNKNOWN upper case, with its status message', async () => {
			const messageId = await sendToUnknownFirst(env.sandbox.url, env.sandbox.apiKey);
			const { items } = await runOctopods({ parameters: { resource: 'message', operation: 'getStatus', messageId }, credentials: env.credentials });
			expect(items[0].json).toMatchObject({ status: 'UNKNOWN', status_message: expect.stringMatching(/not yet available/) });
		});
	});

	describe('compressed (UNKNOWN for 0.4 s, READ after 1 s)', () => {
		const env = useSandbox({ timeScale: 0.2, generation: '2026', statusStyle: 'uppercase' });

		it('is not final: Wait for Status keeps checking until a final status', async () => {
			const messageId = await sendToUnknownFirst(env.sandbox.url, env.sandbox.apiKey);
			const { items } = await runOctopods({
				parameters: {
					resource: 'message',
					operation: 'getStatus',
					messageId,
					options: { waitForStatus: 'final', maxWaitForStatus: 10, statusCheckInterval: 1 },
				},
				credentials: env.credentials,
			});
			expect(items[0].json).toMatchObject({ status: 'READ', target_reached: true });
			expect(env.sandbox.received.filter((request) => request.method === 'GET').length).toBeGreaterThanOrEqual(2);
		});
	});
});
