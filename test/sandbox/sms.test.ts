/** The sandbox's SMS channel (NOTES.md, "The SMS channel"), in both generations of answers. */
import { GENERATIONS, startSandbox, type Generation, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { call, type Json } from '../support/sandboxHttp';

function withSandbox(options: SandboxOptions): { sandbox: Sandbox } {
	const env = {} as { sandbox: Sandbox };
	beforeAll(async () => (env.sandbox = await startSandbox(options)));
	beforeEach(() => env.sandbox.reset());
	afterAll(async () => await env.sandbox.close());
	return env;
}

const sms = (sandbox: Sandbox, body: unknown, key: string | null = sandbox.smsApiKey) =>
	call(sandbox, 'POST', '/api/v1/sms/messages', { key, body });
const smsStatus = (sandbox: Sandbox, id: unknown, key: string = sandbox.smsApiKey) =>
	call(sandbox, 'GET', `/api/v1/sms/messages/${String(id)}`, { key });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// timeScale 0.05: queued until 50 ms, sent until 100 ms, then final.
describe.each<Generation>(GENERATIONS)('the SMS channel, %s generation', (generation) => {
	const env = withSandbox({ generation, rateLimit: false, timeScale: 0.05 });
	const modern = generation === '2026';

	it('accepts an SMS with the SMS key and answers in the generation\'s shape', async () => {
		const reply = await sms(env.sandbox, {
			destination_phone: '+353838000000',
			body: 'Your order shipped.',
			destination_user_name: 'Ana',
			open_intercom_conversation: 'yes',
			intercom_teammate_id: '42',
		});
		expect(reply.status).toBe(201);
		const id = reply.body.message_id;
		expect(typeof id).toBe('number');
		if (modern) {
			expect(Object.keys(reply.body).sort()).toEqual(['channel_message_id', 'message_id', 'request_id']);
		} else {
			expect(reply.body).toEqual({ message_id: id, phone_number: '353838000000', request_id: expect.any(String) });
		}
		expect(env.sandbox.inbox()[0]).toMatchObject({ messageId: id, phone: '+353838000000', kind: 'sms', text: 'Your order shipped.' });
	});

	it('moves a status from accepted to delivered', async () => {
		const id = (await sms(env.sandbox, { destination_phone: '+353838000000', body: 'Hi' })).body.message_id;
		const first = (await smsStatus(env.sandbox, id)).body;
		await sleep(150);
		const last = (await smsStatus(env.sandbox, id)).body;
		if (modern) {
			expect(first).toMatchObject({ message_id: id, status: 'queued', phone_number: '+353838000000', sent_at: null, delivered_at: null });
			expect(last).toMatchObject({ status: 'delivered', sent_at: expect.any(String), delivered_at: expect.any(String), failure_reason: null });
		} else {
			expect(first).toMatchObject({ message_id: id, status: 'SENT', status_message: expect.any(String), last_updated: expect.any(String) });
			expect(last).toMatchObject({ status: 'DELIVERED' });
		}
	});

	it('passes through sent on the way (2026) and gives up on an undeliverable number with a reason', async () => {
		const id = (await sms(env.sandbox, { destination_phone: '+353838000999', body: 'Hi' })).body.message_id;
		await sleep(70);
		if (modern) expect((await smsStatus(env.sandbox, id)).body).toMatchObject({ status: 'sent', sent_at: expect.any(String) });
		await sleep(80);
		const last = (await smsStatus(env.sandbox, id)).body;
		if (modern) {
			expect(last).toMatchObject({ status: 'undelivered', delivered_at: null, failure_reason: expect.stringMatching(/Unreachable/) });
		} else {
			expect(last).toMatchObject({ status: 'FAILED', status_message: expect.stringMatching(/Unreachable/) });
		}
	});

	it.each<[string, Json, number]>([
		['no phone: 1 ARGUMENT_MISSING', { body: 'Hi' }, 1],
		['a blank body: 2 EMPTY_BODY', { destination_phone: '+353838000000', body: '  ' }, 2],
		['no body: 2 EMPTY_BODY', { destination_phone: '+353838000000' }, 2],
		['a phone not in E.164: 3 PHONE_INVALID', { destination_phone: '0838000000', body: 'Hi' }, 3],
		['a body over 1,600 characters: 4, the provider refuses', { destination_phone: '+353838000000', body: 'a'.repeat(1601) }, 4],
		['a number the provider refuses: 4', { destination_phone: '+353838000444', body: 'Hi' }, 4],
	])('refuses %s', async (_case, body, code) => {
		const reply = await sms(env.sandbox, body);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ request_id: expect.any(String), error_code: code, error: expect.any(String) });
		expect(env.sandbox.sends()).toHaveLength(0);
	});

	it('takes 1,600 characters, emoji counted as one each', async () => {
		expect((await sms(env.sandbox, { destination_phone: '+353838000000', body: '😀'.repeat(1600) })).status).toBe(201);
	});

	it('refuses a deprecated SMS key with 401 and 5 DEPRECATED_API_KEY (WhatsApp\'s code is 6)', async () => {
		const reply = await sms(env.sandbox, { destination_phone: '+353838000000', body: 'Hi' }, env.sandbox.smsDeprecatedApiKey);
		expect(reply.status).toBe(401);
		expect(reply.body).toMatchObject({ error_code: 5, error: expect.stringMatching(/DEPRECATED_API_KEY/) });
	});

	it('tells a WhatsApp key on the SMS endpoints apart, and the SMS key on WhatsApp\'s', async () => {
		const whatsappSend = await sms(env.sandbox, { destination_phone: '+353838000000', body: 'Hi' }, env.sandbox.apiKey);
		expect(whatsappSend.status).toBe(403);
		expect(whatsappSend.body.error).toMatch(/WhatsApp channel/);
		const id = (await sms(env.sandbox, { destination_phone: '+353838000000', body: 'Hi' })).body.message_id;
		expect((await smsStatus(env.sandbox, id, env.sandbox.apiKey)).status).toBe(403);
		for (const path of ['/api/v1/whatsapp/templates', '/api/v1/whatsapp/messages/1000']) {
			const reply = await call(env.sandbox, 'GET', path, { key: env.sandbox.smsApiKey });
			expect([reply.status, reply.body.error]).toEqual([403, expect.stringMatching(/SMS channel/)]);
		}
		const template = await call(env.sandbox, 'POST', '/api/v1/whatsapp/templates/544/messages', {
			key: env.sandbox.smsApiKey,
			body: { destination_phone: '+353838000000' },
		});
		expect(template.status).toBe(403);
		expect(env.sandbox.sends()).toHaveLength(1);
	});

	it('keeps an interactive message on the same path with the WhatsApp key', async () => {
		const reply = await call(env.sandbox, 'POST', '/api/v1/sms/messages', {
			body: {
				destination_phone: '+353838000000',
				waba_interactive_message: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } },
			},
		});
		expect(reply.status).toBe(201);
		expect(env.sandbox.inbox()[0].kind).toBe('interactive');
	});

	it('answers 404 for an unknown SMS ID or a WhatsApp message\'s ID', async () => {
		const whatsappId = (
			await call(env.sandbox, 'POST', '/api/v1/whatsapp/templates/544/messages', { body: { destination_phone: '+353838000000' } })
		).body.message_id;
		expect((await smsStatus(env.sandbox, whatsappId)).status).toBe(404);
		expect((await smsStatus(env.sandbox, 99999)).status).toBe(404);
	});
});

describe('the SMS channel\'s rate budget', () => {
	// Documented limits, real time: 56 requests land well inside one 10-second window.
	const env = withSandbox({});

	it('is 55 per window per key, apart from WhatsApp\'s', async () => {
		const replies = await Promise.all(
			Array.from({ length: 56 }, (_, i) => sms(env.sandbox, { destination_phone: `+35383800${String(i).padStart(4, '0')}`, body: 'Hi' })),
		);
		const statuses = replies.map((reply) => reply.status).sort();
		expect(statuses.filter((status) => status === 201)).toHaveLength(55);
		expect(statuses.filter((status) => status === 429)).toHaveLength(1);
		// The SMS channel cools down; WhatsApp's budget is untouched.
		expect((await call(env.sandbox, 'GET', '/api/v1/whatsapp/templates')).status).toBe(200);
		expect((await sms(env.sandbox, { destination_phone: '+353838000000', body: 'Hi' })).status).toBe(429);
	});
});
