/** The sandbox must answer like the documented Octopods API: every other test trusts it. */
import { SEEDED_TEMPLATES, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

import { call, type Json, type Reply } from '../support/sandboxHttp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PHONE = '+353838000000';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const sendTemplate = (sandbox: Sandbox, id: number | string, body: unknown, key?: string) =>
	call(sandbox, 'POST', `/api/v1/whatsapp/templates/${id}/messages`, { body, key });
const sendInteractive = (sandbox: Sandbox, payload: unknown, options: { key?: string; phone?: string } = {}) =>
	call(sandbox, 'POST', '/api/v1/whatsapp/interactive', {
		body: { destination_phone: options.phone ?? PHONE, waba_interactive_message: payload },
		key: options.key,
	});
const statusOf = (sandbox: Sandbox, id: unknown, key?: string) =>
	call(sandbox, 'GET', `/api/v1/whatsapp/messages/${id}`, { key });

function expectError(reply: Reply<Json>, status: number, code: number | undefined, message?: RegExp): void {
	expect(reply.status).toBe(status);
	expect(reply.body.request_id).toMatch(UUID);
	expect(reply.body.error_code).toBe(code);
	expect(typeof reply.body.error).toBe('string');
	if (message) expect(reply.body.error).toMatch(message);
}

const buttons = (...titles: string[]) => ({
	type: 'button',
	body: { text: 'Pick one' },
	action: { buttons: titles.map((title, index) => ({ type: 'reply', reply: { id: `id-${index}`, title } })) },
});
const list = (sections: Json[]) => ({
	type: 'list',
	header: { type: 'text', text: 'Menu' },
	body: { text: 'Choose' },
	action: { button: 'Open', sections },
});
const rows = (count: number, prefix = 'r') =>
	Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, title: `Row ${index}` }));

describe('Octopods sandbox', () => {
	let sandbox: Sandbox;
	const sandboxes: Sandbox[] = [];
	async function extraSandbox(options: SandboxOptions): Promise<Sandbox> {
		const started = await startSandbox(options);
		sandboxes.push(started);
		return started;
	}

	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => {
		await Promise.all([sandbox, ...sandboxes].map((started) => started.close()));
	});

	describe('auth and routing', () => {
		it('rejects a missing or unknown key with 401 and no error code', async () => {
			for (const key of [null, 'nope']) {
				const reply = await call(sandbox, 'GET', '/api/v1/whatsapp/templates', { key });
				expectError(reply, 401, undefined, /^Invalid API key\./);
			}
		});

		it('rejects the deprecated key with 401 and error_code 6', async () => {
			const reply = await call(sandbox, 'GET', '/api/v1/whatsapp/templates', { key: sandbox.deprecatedApiKey });
			expectError(reply, 401, 6, /deprecated/);
		});

		it('answers unknown routes with 404 and wrong methods with 405', async () => {
			expectError(await call(sandbox, 'GET', '/api/v1/whatsapp/nothing'), 404, undefined, /^Not found$/);
			const wrongMethod = await call(sandbox, 'DELETE', '/api/v1/whatsapp/templates/539');
			expectError(wrongMethod, 405, undefined);
			expect(wrongMethod.headers.get('allow')).toBe('GET');
		});

		it('records every request without ever storing a key', async () => {
			await call(sandbox, 'GET', '/api/v1/whatsapp/templates');
			await call(sandbox, 'GET', '/api/v1/whatsapp/templates', { key: 'secret-unknown-key' });
			await call(sandbox, 'GET', '/api/v1/whatsapp/templates', { key: sandbox.deprecatedApiKey });
			await sendTemplate(sandbox, 544, { destination_phone: PHONE }, sandbox.noInteractiveApiKey);
			expect(sandbox.received.map((entry) => [entry.status, entry.channel])).toEqual([
				[200, 'main'],
				[401, null],
				[401, null],
				[201, 'no-interactive'],
			]);
			const overHttp = await (await fetch(`${sandbox.url}/__sandbox/requests`)).text();
			for (const recorded of [JSON.stringify(sandbox.received), overHttp]) {
				for (const key of [sandbox.apiKey, sandbox.noInteractiveApiKey, sandbox.deprecatedApiKey, 'secret-unknown-key']) {
					expect(recorded).not.toContain(key);
				}
			}
			expect(sandbox.sends()).toHaveLength(1);
			expect((await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
			expect(sandbox.received).toHaveLength(0);
		});
	});

	describe('templates', () => {
		const ids = (reply: Reply<Json[]>) => reply.body.map((template) => template.template_id);

		it('lists all seeded templates, with or without the trailing slash', async () => {
			const withSlash = await call<Json[]>(sandbox, 'GET', '/api/v1/whatsapp/templates/');
			const without = await call<Json[]>(sandbox, 'GET', '/api/v1/whatsapp/templates');
			expect(withSlash.status).toBe(200);
			expect(withSlash.body).toEqual(SEEDED_TEMPLATES);
			expect(without.body).toEqual(SEEDED_TEMPLATES);
		});

		it('filters by active and lang, and ignores status (not on the original pages) and other parameters', async () => {
			const list = (query: string) => call<Json[]>(sandbox, 'GET', `/api/v1/whatsapp/templates/?${query}`);
			expect(ids(await list('active=false'))).toEqual([543]);
			expect(ids(await list('lang=pt'))).toEqual([542, 550]);
			expect(ids(await list('active=true&lang=es'))).toEqual([545, 551]);
			expect(ids(await list('status=APPROVED&page=2'))).toHaveLength(SEEDED_TEMPLATES.length);
			expect(ids(await list('status=pending'))).toHaveLength(SEEDED_TEMPLATES.length);
			expectError(await call(sandbox, 'GET', '/api/v1/whatsapp/templates?active=yes'), 400, 2);
		});

		it('gets one template and 404s an unknown one with code 3', async () => {
			const found = await call(sandbox, 'GET', '/api/v1/whatsapp/templates/537');
			expect(found.body).toEqual(SEEDED_TEMPLATES.find((template) => template.template_id === 537));
			expectError(
				await call(sandbox, 'GET', '/api/v1/whatsapp/templates/9999'),
				404,
				3,
				/^Message Template 9999 does not exist\.$/,
			);
		});
	});

	describe('sending a template', () => {
		it.each([
			['body-only, legacy array', 539, { message_variables: ['https://example.com/me'] }],
			['text header, body, quick replies', 537, { message_variables: { header: ['Ann'], body: ['Ann', 'https://x.io/a'] } }],
			[
				'image header and URL button',
				541,
				{
					message_variables: { body: ['Ann', 'A-17'], buttons: ['A-17'] },
					header_attachment_url: 'https://cdn.example.com/box.png',
				},
			],
			['named variables', 542, { message_variables: { body: ['Ana', '4321'] } }],
			['no variables', 544, { open_intercom_conversation: true, intercom_teammate_id: '5173352' }],
			['a repeated variable', 545, { message_variables: ['Luis', 'martes'] }],
			['document header, Arabic', 546, { message_variables: { body: ['INV-9'] }, header_attachment_url: 'http://x.io/i.pdf' }],
		])('accepts %s (%i)', async (_kind, id, extra) => {
			const reply = await sendTemplate(sandbox, id, { destination_phone: PHONE, ...extra });
			expect(reply.status).toBe(201);
			expect(reply.body).toEqual({ message_id: 1000, phone_number: '353838000000', request_id: expect.stringMatching(UUID) });
		});

		it('numbers messages upwards from 1000 and lists only accepted sends', async () => {
			await sendTemplate(sandbox, 544, { destination_phone: PHONE });
			await sendTemplate(sandbox, 544, {});
			const second = await sendTemplate(sandbox, 544, { destination_phone: PHONE });
			expect(second.body.message_id).toBe(1001);
			expect(sandbox.sends().map((entry) => entry.status)).toEqual([201, 201]);
		});

		it('code 1: destination_phone missing', async () => {
			expectError(await sendTemplate(sandbox, 544, {}), 400, 1, /destination_phone is missing/);
		});

		it('code 2: body not a JSON object, wrong types, array form where the object form is required', async () => {
			expectError(await sendTemplate(sandbox, 544, 'not json'), 400, 2);
			expectError(await sendTemplate(sandbox, 544, [PHONE]), 400, 2);
			expectError(await sendTemplate(sandbox, 539, { destination_phone: PHONE, message_variables: [42] }), 400, 2);
			expectError(
				await sendTemplate(sandbox, 537, { destination_phone: PHONE, message_variables: ['Ann', 'Ann', 'x'] }),
				400,
				2,
				/object/,
			);
			expectError(await sendTemplate(sandbox, 544, { destination_phone: PHONE, open_intercom_conversation: 'false' }), 400, 2);
			expectError(await sendTemplate(sandbox, 544, { destination_phone: PHONE, intercom_teammate_id: 5173352 }), 400, 2);
		});

		it('code 3: unknown template (404) and inactive template (400)', async () => {
			expectError(await sendTemplate(sandbox, 1, { destination_phone: PHONE }), 404, 3, /does not exist/);
			expectError(
				await sendTemplate(sandbox, 543, { destination_phone: PHONE, message_variables: ['Ana'] }),
				400,
				3,
				/not active/,
			);
		});

		it('code 4: wrong number of variables, naming the component', async () => {
			const short = await sendTemplate(sandbox, 537, {
				destination_phone: PHONE,
				message_variables: { header: ['Ann'], body: ['Ann'] },
			});
			expectError(short, 400, 4, /has 2 body variables which you must supply/);
			expectError(
				await sendTemplate(sandbox, 541, {
					destination_phone: PHONE,
					message_variables: { body: ['Ann', 'A-17'] },
					header_attachment_url: 'https://cdn.example.com/box.png',
				}),
				400,
				4,
				/1 button variable/,
			);
			// {{1}} appears twice in recordatorio_cita but is supplied once.
			expectError(await sendTemplate(sandbox, 545, { destination_phone: PHONE, message_variables: ['a', 'b', 'a'] }), 400, 4);
			expectError(await sendTemplate(sandbox, 539, { destination_phone: PHONE }), 400, 4);
		});

		it.each(['+353 83 800 0000', '353838000000', '00353838000000', '0838000000', 'whatsapp:+353838000000', '+0123456789'])(
			'code 5: rejects %s',
			async (phone) => {
				expectError(await sendTemplate(sandbox, 544, { destination_phone: phone }), 400, 5, /^Invalid phone number/);
			},
		);

		it('code 8: media header without an http(s) header_attachment_url', async () => {
			const base = { destination_phone: PHONE, message_variables: { body: ['INV-9'] } };
			expectError(await sendTemplate(sandbox, 546, base), 400, 8, /DOCUMENT/);
			expectError(await sendTemplate(sandbox, 546, { ...base, header_attachment_url: 'ftp://x.io/i.pdf' }), 400, 8);
		});
	});

	describe('sending an interactive message', () => {
		it('accepts reply buttons on the documented path and a list given as a JSON string', async () => {
			const viaSms = await call(sandbox, 'POST', '/api/v1/sms/messages', {
				body: { destination_phone: PHONE, waba_interactive_message: buttons('Yes', 'No'), intercom_teammate_id: '1' },
			});
			expect(viaSms.status).toBe(201);
			expect(viaSms.body).toEqual({ message_id: 1000, phone_number: '353838000000', request_id: expect.stringMatching(UUID) });
			const asString = JSON.stringify(list([{ title: 'A', rows: rows(2) }]));
			expect((await sendInteractive(sandbox, asString)).status).toBe(201);
		});

		it('answers 403 on a channel without interactive messages', async () => {
			const reply = await sendInteractive(sandbox, buttons('Yes'), { key: sandbox.noInteractiveApiKey });
			expectError(reply, 403, undefined, /^Interactive messages are not enabled for this channel\./);
		});

		it('requires waba_interactive_message as an object or JSON string', async () => {
			expectError(await call(sandbox, 'POST', '/api/v1/whatsapp/interactive', { body: { destination_phone: PHONE } }), 400, 1);
			expectError(await sendInteractive(sandbox, 12), 400, 2);
			expectError(await sendInteractive(sandbox, '{not json'), 400, 2);
		});

		it('counts title length in graphemes, as a person sees them', async () => {
			expect((await sendInteractive(sandbox, buttons('👍🏽'.repeat(20)))).status).toBe(201);
			const tooLong = await sendInteractive(sandbox, buttons('x'.repeat(21)));
			expectError(tooLong, 400, 2, /buttons\[0\]\.reply\.title is 21 characters/);
		});

		it.each<[string, unknown, RegExp]>([
			['an unknown type', { ...buttons('A'), type: 'carousel' }, /type must be one of/],
			['a button message without body', { type: 'button', action: buttons('A').action }, /body is required/],
			['four reply buttons', buttons('A', 'B', 'C', 'D'), /action\.buttons must hold 1 to 3/],
			['duplicate button titles', buttons('Same', 'Same'), /reply\.title "Same" is used twice/],
			['an 11-row list', list([{ title: 'A', rows: rows(6, 'a') }, { title: 'B', rows: rows(5, 'b') }]), /11 rows/],
			[
				'two sections without titles',
				list([{ rows: rows(1, 'a') }, { title: 'B', rows: rows(1, 'b') }]),
				/sections\[0\]\.title is required/,
			],
			['a 25-character row title', list([{ rows: [{ id: 'a', title: 'y'.repeat(25) }] }]), /rows\[0\]\.title is 25/],
			[
				'a media header on a list',
				{ ...list([{ rows: rows(1) }]), header: { type: 'image', image: { link: 'https://x.io/a.png' } } },
				/header\.type must be text/,
			],
			[
				'a header on a product message',
				{ type: 'product', header: { type: 'text', text: 'x' }, action: { catalog_id: 'c', product_retailer_id: 'p' } },
				/header is not allowed/,
			],
			[
				'a product_list without header',
				{ type: 'product_list', body: { text: 'b' }, action: { catalog_id: 'c', sections: [] } },
				/header is required/,
			],
		])('rejects %s with code 2', async (_case, payload, message) => {
			expectError(await sendInteractive(sandbox, payload), 400, 2, message);
		});
	});

	describe('message status', () => {
		let fast: Sandbox;
		beforeAll(async () => {
			// 0.1: DELIVERED after 200 ms, READ after 500 ms.
			fast = await extraSandbox({ timeScale: 0.1 });
		});

		it('progresses SENT, DELIVERED, READ', async () => {
			const { body } = await sendTemplate(fast, 544, { destination_phone: PHONE });
			const first = await statusOf(fast, body.message_id);
			expect(first.status).toBe(200);
			expect(first.body).toEqual({
				message_id: body.message_id,
				status: 'SENT',
				status_message: expect.any(String),
				last_updated: expect.stringMatching(ISO),
				request_id: expect.stringMatching(UUID),
			});
			await sleep(300);
			expect((await statusOf(fast, body.message_id)).body.status).toBe('DELIVERED');
			await sleep(300);
			expect((await statusOf(fast, body.message_id)).body.status).toBe('READ');
		});

		it('fails numbers ending 999, and interactive sends to numbers ending 888', async () => {
			const unreachable = await sendTemplate(fast, 544, { destination_phone: '+353838000999' });
			const outsideWindow = await sendInteractive(fast, buttons('OK'), { phone: '+353838000888' });
			const templateTo888 = await sendTemplate(fast, 544, { destination_phone: '+353838000888' });
			expect((await statusOf(fast, unreachable.body.message_id)).body.status).toBe('SENT');
			await sleep(300);
			expect((await statusOf(fast, unreachable.body.message_id)).body).toMatchObject({
				status: 'FAILED',
				failure_reason: { code: '63003', description: 'Channel could not find To address' },
			});
			expect((await statusOf(fast, outsideWindow.body.message_id)).body).toMatchObject({
				status: 'FAILED',
				failure_reason: { code: '131047', description: expect.stringMatching(/24 hours/) },
			});
			expect((await statusOf(fast, templateTo888.body.message_id)).body.status).toBe('DELIVERED');
		});

		it('404s unknown ids and messages of another channel', async () => {
			expectError(await statusOf(sandbox, 4242), 404, undefined, /^Message 4242 does not exist\.$/);
			const { body } = await sendTemplate(sandbox, 544, { destination_phone: PHONE });
			expectError(await statusOf(sandbox, body.message_id, sandbox.noInteractiveApiKey), 404, undefined);
		});
	});

	describe('rate limit', () => {
		const list = (target: Sandbox, key?: string) => call(target, 'GET', '/api/v1/whatsapp/templates', { key });

		it('allows 55 requests per 10 s, then 429s with the cool-down end, per channel', async () => {
			for (let index = 0; index < 55; index++) expect((await list(sandbox)).status).toBe(200);
			const before = Date.now();
			const refused = await list(sandbox);
			expectError(refused, 429, undefined, /^Too many requests: this channel exceeded 55 requests per 10 seconds/);
			const endsAt = Date.parse(refused.body.cooldown_ends_at as string);
			expect(endsAt - before).toBeGreaterThanOrEqual(299_000);
			expect(endsAt - before).toBeLessThanOrEqual(301_000);
			expect(refused.body.error).toContain(refused.body.cooldown_ends_at as string);
			expect((await list(sandbox)).status).toBe(429);
			expect((await list(sandbox, sandbox.noInteractiveApiKey)).status).toBe(200);
			expect(sandbox.received.filter((entry) => entry.status === 429)).toHaveLength(2);
		});

		it('ends the cool-down, never creates messages while limiting, and ignores 401s', async () => {
			// Window 1 s, cool-down 600 ms.
			const rateLimit = { requests: 3, windowMs: 100_000, cooldownMs: 60_000 };
			const limited = await extraSandbox({ timeScale: 0.01, rateLimit });
			for (let index = 0; index < 5; index++) expect((await list(limited, 'wrong')).status).toBe(401);
			for (let index = 0; index < 3; index++) {
				expect((await sendTemplate(limited, 544, { destination_phone: PHONE }, limited.apiKey)).status).toBe(201);
			}
			expect((await sendTemplate(limited, 544, { destination_phone: PHONE }, limited.apiKey)).status).toBe(429);
			await sleep(300);
			expect((await list(limited)).status).toBe(429);
			await sleep(400);
			const after = await sendTemplate(limited, 544, { destination_phone: PHONE }, limited.apiKey);
			expect(after.status).toBe(201);
			expect(after.body.message_id).toBe(1003);
			expect(limited.sends()).toHaveLength(4);
		});

		it('slides the window and can be turned off', async () => {
			const sliding = await extraSandbox({ timeScale: 0.01, rateLimit: { requests: 3, windowMs: 10_000, cooldownMs: 60_000 } });
			for (let index = 0; index < 3; index++) expect((await list(sliding)).status).toBe(200);
			await sleep(150);
			for (let index = 0; index < 3; index++) expect((await list(sliding)).status).toBe(200);
			const unlimited = await extraSandbox({ rateLimit: false });
			const statuses = await Promise.all(Array.from({ length: 70 }, () => list(unlimited)));
			expect(statuses.every((reply) => reply.status === 200)).toBe(true);
		});
	});
});

describe('templates without a language field (hideLanguages), as the docs list examples show them', () => {
	it.each(['original', '2026'] as const)('%s: no lang in any answer, yet the lang filter still finds each version', async (generation) => {
		const hidden = await startSandbox({ generation, hideLanguages: true });
		try {
			const all = await call<Json[]>(hidden, 'GET', '/api/v1/whatsapp/templates');
			expect(all.body.some((template) => 'lang' in template)).toBe(false);
			expect((await call<Json>(hidden, 'GET', '/api/v1/whatsapp/templates/550')).body).not.toHaveProperty('lang');
			const pt = await call<Json[]>(hidden, 'GET', `/api/v1/whatsapp/templates?lang=${generation === '2026' ? 'pt_BR' : 'pt'}`);
			expect(pt.body.map((template) => template.template_id)).toEqual([542, 550]);
		} finally {
			await hidden.close();
		}
	});
});
