/** Statuses on demand (numbers ending 555 stay SENT; POST /__sandbox/messages/status), for the trigger's tests and demo. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { call, type Json, sendTo } from '../support/sandboxHttp';

describe.each<[string, SandboxOptions]>([
	['original', { generation: 'original' }],
	['2026, lower case', { generation: '2026', statusStyle: 'lowercase' }],
	['2026, upper case', { generation: '2026', statusStyle: 'uppercase' }],
])('the sandbox (%s): statuses on demand', (_name, options) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ timeScale: 0.01, rateLimit: false, ...options })));
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());
	const status = async (id: number) => (await call<Json>(sandbox, 'GET', `/api/v1/whatsapp/messages/${id}`)).body;
	const setStatus = (body: unknown) => call<Json>(sandbox, 'POST', '/__sandbox/messages/status', { key: null, body });

	it('keeps numbers ending 555 SENT until told, then fails the given IDs with a reason', async () => {
		const [held, other] = await sendTo(sandbox, ['+353838000555', '+353838001555']);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(String((await status(held)).status).toUpperCase()).toBe('SENT');

		const reply = await setStatus({ ids: [held, 99999], status: 'failed' });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ updated: [held], unknown: [99999] });
		const failed = await status(held);
		expect(String(failed.status).toUpperCase()).toBe('FAILED');
		expect(JSON.stringify(failed.failure_reason)).toContain('Message undeliverable');
		expect(String((await status(other)).status).toUpperCase()).toBe('SENT');

		await setStatus({ ids: [other], status: 'FAILED', failure_reason: { code: 470, description: 'Re-engagement window expired' } });
		expect(JSON.stringify((await status(other)).failure_reason)).toContain('Re-engagement window expired');
	});

	it('refuses a request it cannot read, saying what to send', async () => {
		expect((await setStatus({ ids: [], status: 'FAILED' })).status).toBe(400);
		const wrong = await setStatus({ ids: [1000], status: 'LOST' });
		expect(wrong.status).toBe(400);
		expect(JSON.stringify(wrong.body)).toContain('not one of SENT, DELIVERED, READ, FAILED, DELETED, UNKNOWN');
		expect((await call(sandbox, 'GET', '/__sandbox/messages/status', { key: null })).status).toBe(405);
	});
});
