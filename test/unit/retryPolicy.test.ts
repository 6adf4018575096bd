import {
	backoffMs,
	cooldownEnd,
	DOCUMENTED_COOLDOWN_MS,
	judge,
	MAX_ATTEMPTS,
	reasonOfCode,
} from '../../nodes/Octopods/transport/retryPolicy';
import type { AttemptOutcome } from '../../nodes/Octopods/transport/retryPolicy';

const response = (statusCode: number, body: unknown = {}): AttemptOutcome => ({ kind: 'response', statusCode, body });
const network = (code: string): AttemptOutcome => ({ kind: 'network', code });

describe('judge: reads are retried, sends only when they surely never arrived', () => {
	it.each([
		['a 2xx JSON answer', response(200, { status: 'SENT' })],
		['an array answer (the template list)', response(200, [])],
		['a 4xx Octopods explains', response(400, { error_code: 4 })],
		['a 404', response(404, 'Not found')],
	])('answers %s as it is, GET or POST', (_case, outcome) => {
		expect(judge('GET', outcome, 1)).toEqual({ action: 'answer' });
		expect(judge('POST', outcome, 1)).toEqual({ action: 'answer' });
	});

	it('waits for the cool-down on a 429, for reads and sends alike (nothing was processed)', () => {
		expect(judge('POST', response(429), 1)).toEqual({ action: 'cool-down' });
		expect(judge('GET', response(429), MAX_ATTEMPTS)).toEqual({ action: 'cool-down' });
	});

	it.each([
		['ECONNREFUSED', 'refused'],
		['ENOTFOUND', 'dns'],
		['EAI_AGAIN', 'dns'],
	])('retries a send that never connected (%s), up to %s attempts, then fails as not sent', (code, reason) => {
		expect(judge('POST', network(code), 1)).toEqual({ action: 'retry', reason });
		expect(judge('POST', network(code), MAX_ATTEMPTS - 1)).toEqual({ action: 'retry', reason });
		expect(judge('POST', network(code), MAX_ATTEMPTS)).toEqual({ action: 'fail', reason });
	});

	it.each([
		['a timeout (axios ECONNABORTED)', network('ECONNABORTED'), 'timeout'],
		['a socket timeout', network('ETIMEDOUT'), 'timeout'],
		['a reset connection / socket hang up', network('ECONNRESET'), 'connection-lost'],
		['an answer cut off', network('ERR_BAD_RESPONSE'), 'cut-off'],
		['an unknown network error', network('EWHATEVER'), 'other'],
		['a cancelled execution', network('ERR_CANCELED'), 'cancelled'],
		['HTTP 500', response(500, { error: 'Internal' }), 'server-error'],
		['HTTP 502 with an HTML page', response(502, '<html>'), 'server-error'],
		['a 2xx that is not JSON', response(201, '<html>'), 'not-json'],
		['an empty 2xx', response(201, ''), 'not-json'],
	])('never repeats a send that may have arrived: %s', (_case, outcome, reason) => {
		expect(judge('POST', outcome, 1)).toEqual({ action: 'fail-maybe-sent', reason });
	});

	it.each([
		['a timeout', network('ECONNABORTED'), 'timeout'],
		['a reset connection', network('ECONNRESET'), 'connection-lost'],
		['HTTP 503', response(503), 'server-error'],
		['a 2xx that is not JSON', response(200, 'oops'), 'not-json'],
		['refused', network('ECONNREFUSED'), 'refused'],
	])('retries a read on %s, then fails', (_case, outcome, reason) => {
		expect(judge('GET', outcome, 1)).toEqual({ action: 'retry', reason });
		expect(judge('GET', outcome, MAX_ATTEMPTS)).toEqual({ action: 'fail', reason });
	});

	it('fails without retrying, as not sent, a request n8n refused to make (no HTTP client involved)', () => {
		const local: AttemptOutcome = { kind: 'local', message: 'Blocked by SSRF protection' };
		expect(judge('POST', local, 1)).toEqual({ action: 'fail', reason: 'not-made' });
		expect(judge('GET', local, 1)).toEqual({ action: 'fail', reason: 'not-made' });
	});

	it('does not retry a read cancelled with its execution', () => {
		expect(judge('GET', network('ERR_CANCELED'), 1)).toEqual({ action: 'fail', reason: 'cancelled' });
	});

	it('names network codes', () => {
		expect(reasonOfCode('UND_ERR_SOCKET')).toBe('connection-lost');
		expect(reasonOfCode('UND_ERR_HEADERS_TIMEOUT')).toBe('timeout');
	});
});

describe('backoffMs', () => {
	it('starts at 5 % of the window and doubles, within ±20 % jitter', () => {
		expect(backoffMs(1, 10_000, () => 0.5)).toBe(500);
		expect(backoffMs(2, 10_000, () => 0.5)).toBe(1000);
		expect(backoffMs(1, 10_000, () => 0)).toBe(400);
		expect(backoffMs(1, 10_000, () => 0.999999)).toBe(600);
		expect(backoffMs(1, 100, () => 0.5)).toBe(5);
	});
});

describe('cooldownEnd: when the channel may be used again after a 429', () => {
	const now = Date.parse('2026-03-01T10:00:00.000Z');
	const end = '2026-03-01T10:05:00.000Z';

	it('reads cooldown_ends_at first', () => {
		expect(cooldownEnd({ cooldown_ends_at: end, error: 'until 2026-03-01T11:00:00Z' }, {}, now, 10_000)).toBe(Date.parse(end));
	});

	it("reads the ISO time in Octopods' message when there is no cooldown_ends_at", () => {
		const body = { request_id: 'x', error: `Too many requests: cooling down until ${end}.` };
		expect(cooldownEnd(body, undefined, now, 10_000)).toBe(Date.parse(end));
	});

	it('reads a time with an offset, and one without a zone as UTC', () => {
		expect(cooldownEnd({ error: 'until 2026-03-01T11:05:00+01:00' }, {}, now, 10_000)).toBe(Date.parse(end));
		expect(cooldownEnd({ error: 'until 2026-03-01T10:05:00' }, {}, now, 10_000)).toBe(Date.parse(end));
		expect(cooldownEnd('Cool-down ends at 2026-03-01T10:05:00Z', {}, now, 10_000)).toBe(Date.parse(end));
	});

	it('falls back to Retry-After, then to the documented 5 minutes', () => {
		expect(cooldownEnd({ error: 'Too many requests' }, { 'retry-after': '42' }, now, 10_000)).toBe(now + 42_000);
		expect(cooldownEnd({ error: 'Too many requests' }, { 'Retry-After': ['7'] }, now, 10_000)).toBe(now + 7_000);
		expect(cooldownEnd({ error: 'Too many requests' }, {}, now, 10_000)).toBe(now + DOCUMENTED_COOLDOWN_MS);
		expect(cooldownEnd('<html>429</html>', undefined, now, 10_000)).toBe(now + 300_000);
	});

	it('never ends a cool-down in the past (a clock ahead of Octopods): one window at least', () => {
		const past = { cooldown_ends_at: '2026-03-01T09:59:00.000Z' };
		expect(cooldownEnd(past, {}, now, 10_000)).toBe(now + 10_000);
		expect(cooldownEnd(past, { 'retry-after': '30' }, now, 10_000)).toBe(now + 30_000);
	});

	it('accepts epoch seconds and milliseconds in cooldown_ends_at', () => {
		expect(cooldownEnd({ cooldown_ends_at: Date.parse(end) / 1000 }, {}, now, 10_000)).toBe(Date.parse(end));
		expect(cooldownEnd({ cooldown_ends_at: Date.parse(end) }, {}, now, 10_000)).toBe(Date.parse(end));
	});
});
