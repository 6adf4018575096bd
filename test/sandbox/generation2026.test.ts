/** The sandbox in its 2026 mode answers as the rewritten help-centre articles say (NOTES.md, 2026 section). */
import { SEEDED_TEMPLATES_2026, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { call, type Json } from '../support/sandboxHttp';

const ids = (reply: { body: unknown }) => (reply.body as Array<{ template_id: number }>).map((t) => t.template_id);

function withSandbox(options: SandboxOptions): { sandbox: Sandbox } {
	const env = {} as { sandbox: Sandbox };
	beforeAll(async () => (env.sandbox = await startSandbox({ generation: '2026', ...options })));
	beforeEach(() => env.sandbox.reset());
	afterAll(async () => await env.sandbox.close());
	return env;
}

describe('the 2026 sandbox: templates', () => {
	const env = withSandbox({ rateLimit: false });
	const list = (query: string) => call<Json[]>(env.sandbox, 'GET', `/api/v1/whatsapp/templates?${query}`);

	it('gives every template a template_status, some not Accepted, and regional languages', async () => {
		const all = (await list('')).body;
		expect(all).toHaveLength(SEEDED_TEMPLATES_2026.length);
		expect(all.every((template) => typeof template.template_status === 'string')).toBe(true);
		expect(new Set(all.map((template) => template.template_status))).toEqual(
			new Set(['Accepted', 'Pending', 'Rejected', 'Under review']),
		);
		expect(all.find((template) => template.template_id === 537)?.lang).toBe('en_US');
		// The docs' newest list example, verbatim: no language field.
		expect(all.find((template) => template.template_id === 84579)).not.toHaveProperty('lang');
	});

	it('matches a broad language code to its regional variants, a regional one only to itself', async () => {
		expect(ids(await list('lang=en')).sort()).toEqual([537, 539, 541, 544, 547, 548, 84579]);
		expect(ids(await list('lang=en_GB')).sort()).toEqual([541, 544, 547]);
		expect(ids(await list('lang=pt')).sort()).toEqual([542, 549, 550]);
	});

	it('filters by status (combined with the others by AND) and refuses an unknown one with error 10', async () => {
		expect(ids(await list('status=pending'))).toEqual([547]);
		expect(ids(await list('status=under_review&lang=pt'))).toEqual([549]);
		expect(ids(await list('status=accepted&active=false'))).toEqual([543]);
		const refused = await list('status=approved');
		expect(refused.status).toBe(400);
		expect(refused.body).toMatchObject({ error_code: 10, error: expect.stringMatching(/INVALID_STATUS/) });
	});
});

describe('the 2026 sandbox: sends', () => {
	const env = withSandbox({ rateLimit: false });
	const send = (id: number, body: Json) =>
		call(env.sandbox, 'POST', `/api/v1/whatsapp/templates/${id}/messages`, { body: { destination_phone: '+353838000000', ...body } });

	it('takes a plain array for a body-only template', async () => {
		expect((await send(539, { message_variables: ['https://x.io'] })).status).toBe(201);
	});

	it.each([
		['a plain array', ['Ana', 'Ana', 'x']],
		['an object without footer and buttons', { header: ['Ana'], body: ['Ana', 'x'] }],
	])('refuses %s for a template with header placeholders, with error 9', async (_case, variables) => {
		const reply = await send(537, { message_variables: variables });
		expect(reply.status).toBe(400);
		expect(reply.body.error_code).toBe(9);
	});

	it('takes every section, empty ones included, and answers with message_status_url', async () => {
		const reply = await send(537, { message_variables: { header: ['Ana'], body: ['Ana', 'x'], footer: [], buttons: [] } });
		expect(reply.status).toBe(201);
		expect(reply.body.message_status_url).toBe(`${env.sandbox.url}/api/v1/whatsapp/messages/${String(reply.body.message_id)}`);
	});

	it('refuses a template that is not Accepted with error 3', async () => {
		const reply = await send(547, { message_variables: ['Ana'] });
		expect(reply).toMatchObject({ status: 400, body: { error_code: 3 } });
	});
});

describe.each([
	['lowercase', { statuses: ['sent', 'delivered', 'read'], list: 'an object with messages' }],
	['uppercase', { statuses: ['SENT', 'DELIVERED', 'READ'], list: 'a bare array' }],
] as const)('the 2026 sandbox, %s status style', (statusStyle, expected) => {
	const env = withSandbox({ rateLimit: false, statusStyle, timeScale: 0.01 });
	const send = (phone: string) =>
		call(env.sandbox, 'POST', '/api/v1/whatsapp/templates/544/messages', { body: { destination_phone: phone } });
	const messages = () => call<unknown>(env.sandbox, 'GET', '/api/v1/whatsapp/messages?limit=5');

	it(`answers a status in ${statusStyle} (${expected.statuses.join(', ')})`, async () => {
		const { body } = await send('+353838000000');
		const status = await call(env.sandbox, 'GET', `/api/v1/whatsapp/messages/${String(body.message_id)}`);
		expect(expected.statuses).toContain(status.body.status);
		expect(status.body.channel_message_id).toEqual(expect.any(String));
	});

	it(`lists sent messages newest first as ${expected.list}, and 400s before the first send`, async () => {
		expect((await messages()).status).toBe(400);
		const first = await send('+353838000001');
		const second = await send('+353838000999');
		const { status, body } = await messages();
		expect(status).toBe(200);
		const entries = (Array.isArray(body) ? body : (body as { messages: Json[] }).messages) as Json[];
		expect(Array.isArray(body)).toBe(statusStyle === 'uppercase');
		const idOf = (entry: Json) => entry.message_id ?? (entry.message_status as Json).channel_message_id;
		expect(entries.map(idOf)).toEqual([second.body.message_id, first.body.message_id]);
	});
});

describe('the original sandbox has no sent-messages list', () => {
	const env = {} as { sandbox: Sandbox };
	beforeAll(async () => (env.sandbox = await startSandbox({ rateLimit: false })));
	afterAll(async () => await env.sandbox.close());

	it('answers 404, as the original pages know no such endpoint', async () => {
		expect((await call(env.sandbox, 'GET', '/api/v1/whatsapp/messages')).status).toBe(404);
	});
});
