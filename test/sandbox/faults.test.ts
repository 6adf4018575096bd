/** The sandbox's fault injection does what the fault suite relies on, programmatically and over HTTP. */
import { startSandbox, type FaultSpec, type Sandbox } from '../../sandbox/server';

const PHONE = '+353838000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Answer {
	status: number;
	text: string;
	contentType: string | null;
	retryAfter: string | null;
}

async function call(sandbox: Sandbox, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
	const response = await fetch(sandbox.url + path, {
		method,
		headers: { 'X-Octopods-Auth': sandbox.apiKey, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return {
		status: response.status,
		text: await response.text(),
		contentType: response.headers.get('content-type'),
		retryAfter: response.headers.get('retry-after'),
	};
}

const send = (sandbox: Sandbox, phone = PHONE) =>
	call(sandbox, 'POST', '/api/v1/whatsapp/templates/544/messages', { destination_phone: phone });
const list = (sandbox: Sandbox) => call(sandbox, 'GET', '/api/v1/whatsapp/templates');

describe('Sandbox fault injection', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ rateLimit: false });
	});
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());

	it('strikes the next N matching requests only, by method', async () => {
		sandbox.setFaults([{ mode: 'server-error', when: 'before', count: 2, methods: ['POST'] }]);
		expect((await list(sandbox)).status).toBe(200);
		expect((await send(sandbox)).status).toBe(500);
		expect((await send(sandbox)).status).toBe(500);
		expect((await send(sandbox)).status).toBe(201);
		expect(sandbox.faultRules()).toEqual([
			{ spec: { mode: 'server-error', when: 'before', count: 2, methods: ['POST'] }, toSkip: 0, remaining: 0, struck: 2 },
		]);
		expect(sandbox.received.map((request) => [request.status, request.accepted, request.fault])).toEqual([
			[200, true, null],
			[500, false, 'server-error'],
			[500, false, 'server-error'],
			[201, true, null],
		]);
		expect(sandbox.sends()).toHaveLength(1);
	});

	it('lets the first N matching requests pass when told to skip them', async () => {
		sandbox.setFaults([{ mode: 'rate-limit', skip: 2, count: 1, methods: ['POST'] }]);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await send(sandbox)).status);
		expect(statuses).toEqual([201, 201, 429, 201]);
		expect(sandbox.faultRules()[0]).toMatchObject({ toSkip: 0, remaining: 0, struck: 1 });
		expect(() => sandbox.setFaults([{ mode: 'drop', skip: -1 }])).toThrow('faults[0].skip must be a whole number >= 0.');
	});

	it('strikes a fraction of requests, the same ones for the same seed', async () => {
		const pattern = async (seed: number) => {
			sandbox.reset();
			sandbox.setFaults([{ mode: 'server-error', fraction: 0.5, seed }]);
			const statuses: number[] = [];
			for (let index = 0; index < 20; index++) statuses.push((await list(sandbox)).status);
			return statuses.map((status) => (status === 500 ? 'x' : '.')).join('');
		};
		const first = await pattern(42);
		expect(await pattern(42)).toBe(first);
		expect(await pattern(43)).not.toBe(first);
		expect(first).toMatch(/x/);
		expect(first).toMatch(/\./);
	});

	it('5xx after accepting: the message exists (and is delivered), the client sees 500', async () => {
		sandbox.setFaults([{ mode: 'server-error', count: 1 }]);
		const answer = await send(sandbox);
		expect(answer.status).toBe(500);
		expect(JSON.parse(answer.text)).toEqual({ request_id: expect.any(String), error: expect.stringMatching(/Internal server error/) });
		expect(sandbox.sends()).toHaveLength(1);
		expect(sandbox.sends()[0]).toMatchObject({ status: 500, accepted: true, fault: 'server-error' });
		// The message really exists: its status can be read.
		expect((await call(sandbox, 'GET', '/api/v1/whatsapp/messages/1000')).status).toBe(200);
	});

	it('an "after" fault does not strike a request Octopods refuses: the 4xx is answered', async () => {
		sandbox.setFaults([{ mode: 'server-error', count: 1 }]);
		const answer = await call(sandbox, 'POST', '/api/v1/whatsapp/templates/539/messages', { destination_phone: PHONE });
		expect(answer.status).toBe(400);
		expect(sandbox.received[0]).toMatchObject({ accepted: false, fault: null });
	});

	it('slow: the send is accepted at once, the answer comes delayMs later', async () => {
		sandbox.setFaults([{ mode: 'slow', delayMs: 300, count: 1 }]);
		const started = Date.now();
		const answer = await send(sandbox);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(answer.status).toBe(201);
		expect(sandbox.sends()[0]).toMatchObject({ accepted: true, fault: 'slow' });
		expect(sandbox.sends()[0].at - started).toBeLessThan(250);
	});

	it('slow past the client timeout: the client gives up, the message was accepted', async () => {
		sandbox.setFaults([{ mode: 'slow', delayMs: 2000, count: 1 }]);
		await expect(
			fetch(`${sandbox.url}/api/v1/whatsapp/templates/544/messages`, {
				method: 'POST',
				headers: { 'X-Octopods-Auth': sandbox.apiKey, 'Content-Type': 'application/json' },
				body: JSON.stringify({ destination_phone: PHONE }),
				signal: AbortSignal.timeout(100),
			}),
		).rejects.toThrow();
		expect(sandbox.sends()).toHaveLength(1);
	});

	it('drop: the connection closes with no answer after the send was accepted', async () => {
		sandbox.setFaults([{ mode: 'drop', count: 1 }]);
		await expect(send(sandbox)).rejects.toThrow();
		expect(sandbox.received[0]).toMatchObject({ status: 0, accepted: true, fault: 'drop' });
		expect(sandbox.sends()).toHaveLength(1);
		expect((await send(sandbox)).status).toBe(201);
	});

	it('rate-limit: a 429 as the real limit gives it, with the cool-down end, and nothing accepted', async () => {
		sandbox.setFaults([{ mode: 'rate-limit', count: 1, cooldownMs: 1500 }]);
		const before = Date.now();
		const answer = await send(sandbox);
		const body = JSON.parse(answer.text) as { cooldown_ends_at: string; error: string; request_id: string };
		expect(answer.status).toBe(429);
		expect(answer.retryAfter).toBe('2');
		expect(body.cooldown_ends_at).toMatch(ISO);
		expect(body.error).toBe(`Too many requests: this channel is cooling down until ${body.cooldown_ends_at}.`);
		expect(Date.parse(body.cooldown_ends_at) - before).toBeGreaterThanOrEqual(1500);
		expect(sandbox.sends()).toHaveLength(0);
	});

	it('not-json: an HTML page, after accepting by default, or before', async () => {
		sandbox.setFaults([
			{ mode: 'not-json', count: 1 },
			{ mode: 'not-json', when: 'before', status: 502, count: 1, methods: ['GET'] },
		]);
		const answer = await send(sandbox);
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/^text\/html/);
		expect(answer.text).toMatch(/^<html>/);
		expect(sandbox.sends()).toHaveLength(1);
		expect((await list(sandbox)).status).toBe(502);
		expect(sandbox.received[1]).toMatchObject({ accepted: false, fault: 'not-json' });
	});

	it('by path: nothing-sent, odd-shape and unreadable-row on the sent-messages list, a 500 on one status read only', async () => {
		const sandbox2026 = await startSandbox({ rateLimit: false, generation: '2026' });
		try {
			await send(sandbox2026);
			const [first] = await Promise.all([send(sandbox2026), send(sandbox2026)]);
			const id = (JSON.parse(first.text) as { message_id: number }).message_id;
			const messages = '/api/v1/whatsapp/messages';
			sandbox2026.setFaults([
				{ mode: 'nothing-sent', count: 1, paths: [messages] },
				{ mode: 'odd-shape', count: 1, paths: [messages] },
				{ mode: 'server-error', when: 'before', paths: [`${messages}/${id}`] },
			]);
			const nothing = await call(sandbox2026, 'GET', messages);
			expect([nothing.status, JSON.parse(nothing.text).error]).toEqual([400, 'No messages have been sent on this channel yet.']);
			const odd = await call(sandbox2026, 'GET', messages);
			expect(odd.status).toBe(200);
			expect(Object.keys(JSON.parse(odd.text) as object)).toEqual(['data']);
			expect((await call(sandbox2026, 'GET', messages)).status).toBe(200);
			// One row without a message ID on top of the list; the rows as they are below it.
			sandbox2026.setFaults([{ mode: 'unreadable-row', count: 1, paths: [messages] }]);
			const withRow = JSON.parse((await call(sandbox2026, 'GET', messages)).text) as { messages: Array<Record<string, unknown>> };
			expect(withRow.messages).toHaveLength(4);
			expect(withRow.messages[0]).toMatchObject({ status: 'failed' });
			expect(withRow.messages[0].message_id).toBeUndefined();
			expect(withRow.messages.slice(1).every((row) => typeof row.message_id === 'number')).toBe(true);
			sandbox2026.setFaults([
				{ mode: 'server-error', when: 'before', paths: [`${messages}/${id}`] },
			]);
			// The status read of that one message fails every time; another message's does not.
			for (let i = 0; i < 3; i++) expect((await call(sandbox2026, 'GET', `${messages}/${id}`)).status).toBe(500);
			expect((await call(sandbox2026, 'GET', `${messages}/${id + 1}`)).status).toBe(200);
			expect(sandbox2026.faultRules()[0].struck).toBe(3);
			expect(() => sandbox2026.setFaults([{ mode: 'slow', paths: ['api'] }])).toThrow(/faults\[0\]\.paths/);
		} finally {
			await sandbox2026.close();
		}
	});

	it('is set and read over HTTP, and refuses a bad rule naming the field', async () => {
		const control = async (method: 'GET' | 'POST', body?: unknown) => {
			const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
				method,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		};
		const rules: FaultSpec[] = [{ mode: 'drop', fraction: 0.25, seed: 9, methods: ['POST'] }];
		expect(await control('POST', { faults: rules })).toEqual({
			status: 200,
			body: { faults: [{ spec: rules[0], toSkip: 0, remaining: null, struck: 0 }] },
		});
		expect((await control('GET')).body.faults).toHaveLength(1);
		expect(sandbox.faultRules()).toHaveLength(1);
		const bad = await control('POST', [{ mode: 'explode' }]);
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatch(/^faults\[0\]\.mode must be one of server-error, slow, drop, rate-limit, not-json/);
		expect((await control('POST', [{ mode: 'drop', fraction: 2 }])).body.error).toMatch(/faults\[0\]\.fraction/);
		expect((await control('POST', [{ mode: 'error-code' }])).body.error).toMatch(/faults\[0\]\.errorCode must be a whole number/);
		// A refused list leaves the rules as they were; [] turns faults off; reset() clears them too.
		expect(sandbox.faultRules()).toHaveLength(1);
		await control('POST', []);
		expect(sandbox.faultRules()).toEqual([]);
		sandbox.setFaults(rules);
		sandbox.reset();
		expect(sandbox.faultRules()).toEqual([]);
	});
});
