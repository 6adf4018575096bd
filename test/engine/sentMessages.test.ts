import type { SandboxOptions } from '../../sandbox/server';
import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';
import { sendTo } from '../support/sandboxHttp';

const getMany = (extra: object = {}) => ({ resource: 'message', operation: 'getAll', ...extra });


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The list's two answer shapes (articles 14824157 and 14823960) come out as the same items.
describe.each<[string, SandboxOptions]>([
	['{request_id, messages} (lower case)', { statusStyle: 'lowercase' }],
	['a bare array of records (upper case)', { statusStyle: 'uppercase' }],
])('Message > Get Many, answered as %s', (_shape, style) => {
	// FAILED after 2 s in Octopods' time: 20 ms here.
	const env = useSandbox({ generation: '2026', timeScale: 0.01, ...style });

	it('returns the newest sends first, one item each, in the Get Status shape', async () => {
		const [first, failed] = await sendTo(env.sandbox, ['+353838000001', '+353838000999']);
		await sleep(100);
		const { items, error } = await runOctopods({ parameters: getMany({ returnAll: true }), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.message_id)).toEqual([failed, first]);
		expect(items[0].json).toMatchObject({
			message_id: failed,
			status: 'FAILED',
			phone_number: '+353838000999',
			sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			failure_reason: { description: 'Channel could not find To address' },
		});
		expect(['DELIVERED', 'READ']).toContain(items[1].json.status);
		expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		expect(env.sandbox.received.at(-1)?.query).toEqual({ limit: '100' });
		expect(visibleText(items)).not.toContain(SECRET_KEY);
	});

	it('asks for Limit messages, and applies the Status filter on our side over the newest 100', async () => {
		await sendTo(env.sandbox, ['+353838000001', '+353838000999', '+353838000002', '+353838000998']);
		await sleep(100);
		const limited = await runOctopods({ parameters: getMany({ limit: 2 }), credentials: env.credentials });
		expect(limited.items).toHaveLength(2);
		const failed = await runOctopods({ parameters: getMany({ limit: 5, filters: { status: 'FAILED' } }), credentials: env.credentials });
		expect(failed.items.map((item) => item.json.phone_number)).toEqual(['+353838000999']);
		expect(env.sandbox.received.filter((r) => r.method === 'GET').map((r) => r.query.limit)).toEqual(['2', '100']);
	});

	it('before the first send, Octopods answers 400: that is no items, not an error', async () => {
		const { items, error } = await runOctopods({ parameters: getMany(), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
		expect(env.sandbox.received.map((request) => request.status)).toEqual([400]);
	});
});

describe('Message > Get Many against the original generation', () => {
	const env = useSandbox();

	it('says the account does not offer the list', async () => {
		const { error } = await runOctopods({ parameters: getMany(), credentials: env.credentials });
		expect(error?.message).toMatch(/^This Octopods account does not offer the sent-messages list/);
	});
});
