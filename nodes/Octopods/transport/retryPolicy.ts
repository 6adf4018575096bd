/**
 * What a failed attempt means and whether it may be repeated. Pure logic: the transport feeds it
 * what n8n's HTTP helper gave back (a response, or an error's code) and acts on the verdict.
 *
 * The rule that matters: a send (POST) is repeated only when Octopods surely never got it. Anything
 * that may have reached Octopods (a timeout after the request went out, a dropped connection, a
 * 5xx, an answer that is not JSON) ends the item with "may have been sent" instead: a customer
 * must never get the same message twice.
 */

/** Total attempts for one request that fails in a retryable way (429s are not counted: see below). */
export const MAX_ATTEMPTS = 3;

/** The cool-down Octopods documents, used when a 429 does not say when it ends. */
export const DOCUMENTED_COOLDOWN_MS = 5 * 60_000;

/** What one attempt came back with. */
export type AttemptOutcome =
	| { kind: 'response'; statusCode: number; body: unknown; headers?: Record<string, unknown> }
	| { kind: 'network'; code: string }
	/** n8n refused to make the request at all (no HTTP client involved): nothing left the process. */
	| { kind: 'local'; message: string };

/** Why an attempt failed without an Octopods answer we can use, in words for the user. */
export type FailureReason =
	| 'refused'
	| 'dns'
	| 'timeout'
	| 'connection-lost'
	| 'cut-off'
	| 'server-error'
	| 'not-json'
	| 'cancelled'
	| 'not-made'
	| 'other';

export type Verdict =
	/** A usable answer (2xx JSON, or a 4xx Octopods explains). */
	| { action: 'answer' }
	/** HTTP 429: nothing was processed; wait for the cool-down and try again. */
	| { action: 'cool-down' }
	/** Try again after a back-off (bounded by MAX_ATTEMPTS). */
	| { action: 'retry'; reason: FailureReason }
	/** Give up: nothing reached Octopods (or it is a read), so nothing was sent. */
	| { action: 'fail'; reason: FailureReason }
	/** Give up on a send that Octopods may have processed. */
	| { action: 'fail-maybe-sent'; reason: FailureReason };

/** Network codes that prove the request never reached Octopods: no connection was ever made. */
const NEVER_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Axios reports its own timeout as ECONNABORTED; sockets and undici use these. */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

export function reasonOfCode(code: string): FailureReason {
	if (code === 'ECONNREFUSED') return 'refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
	if (TIMEOUT_CODES.has(code)) return 'timeout';
	if (LOST_CODES.has(code)) return 'connection-lost';
	// The status line arrived, the body did not: axios says ERR_BAD_RESPONSE ("stream has been aborted").
	if (code === 'ERR_BAD_RESPONSE') return 'cut-off';
	if (code === 'ERR_CANCELED' || code === 'AbortError') return 'cancelled';
	return 'other';
}

/** Whether the body is JSON as Octopods sends it (n8n hands back a string when it could not parse it). */
export function isJsonBody(body: unknown): boolean {
	return typeof body === 'object' && body !== null;
}

/**
 * What to do after attempt number `attempt` (1-based) of a `method` request. Reads (GET) are
 * repeated on any transient failure; sends only when they surely never arrived.
 */
export function judge(method: string, outcome: AttemptOutcome, attempt: number): Verdict {
	const isRead = method === 'GET';
	const more = attempt < MAX_ATTEMPTS;
	if (outcome.kind === 'local') return { action: 'fail', reason: 'not-made' };
	if (outcome.kind === 'network') {
		const reason = reasonOfCode(outcome.code);
		// A cancelled execution aborts the request wherever it was: a send may already have arrived.
		if (reason === 'cancelled') return isRead ? { action: 'fail', reason } : { action: 'fail-maybe-sent', reason };
		if (NEVER_REACHED.has(outcome.code)) return more ? { action: 'retry', reason } : { action: 'fail', reason };
		if (isRead) return more ? { action: 'retry', reason } : { action: 'fail', reason };
		return { action: 'fail-maybe-sent', reason };
	}
	const { statusCode, body } = outcome;
	if (statusCode === 429) return { action: 'cool-down' };
	if (statusCode >= 500) {
		if (isRead) return more ? { action: 'retry', reason: 'server-error' } : { action: 'fail', reason: 'server-error' };
		return { action: 'fail-maybe-sent', reason: 'server-error' };
	}
	// Redirects are not followed: the transport reports them (a wrong Base URL), whatever their body.
	if (statusCode >= 300 && statusCode < 400) return { action: 'answer' };
	if (statusCode < 400 && !isJsonBody(body)) {
		if (isRead) return more ? { action: 'retry', reason: 'not-json' } : { action: 'fail', reason: 'not-json' };
		return { action: 'fail-maybe-sent', reason: 'not-json' };
	}
	return { action: 'answer' };
}

/**
 * Pause before attempt `attempt + 1`: 5 % of the rate window, doubled each time (500 ms, then 1 s
 * with the documented 10 s window), with ±20 % jitter so parallel items do not retry in step.
 * Tied to the window because it is the channel's unit of time: tests that compress the window
 * (the sandbox's time scale) compress the back-off with it.
 */
export function backoffMs(attempt: number, windowMs: number, random: () => number = Math.random): number {
	const base = windowMs * 0.05 * 2 ** (attempt - 1);
	return Math.round(base * (0.8 + 0.4 * random()));
}

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/i;

function parseTime(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) {
		// Epoch seconds or milliseconds.
		return value < 1e12 ? value * 1000 : value;
	}
	if (typeof value !== 'string') return undefined;
	const match = ISO_TIME.exec(value);
	if (!match) return undefined;
	// A time without a zone is read as UTC, as servers write it.
	const text = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(match[0]) ? match[0] : `${match[0]}Z`;
	const time = Date.parse(text);
	return Number.isNaN(time) ? undefined : time;
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** Retry-After as a delay in ms (seconds or an HTTP date). */
function retryAfterMs(headers: Record<string, unknown> | undefined, now: number): number | undefined {
	const value = headerValue(headers, 'retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : date - now;
}

/**
 * When the cool-down of a 429 ends: `cooldown_ends_at`, else the time in Octopods' message
 * ("... cooling down until <ISO time>"), else Retry-After, else the documented 5 minutes.
 * A stated end that has already passed here means our clock runs ahead of Octopods': then the
 * pause is Retry-After or one rate window, so a skewed clock cannot turn into a stream of 429s.
 */
export function cooldownEnd(
	body: unknown,
	headers: Record<string, unknown> | undefined,
	now: number,
	windowMs: number,
): number {
	const object = isJsonBody(body) ? (body as Record<string, unknown>) : {};
	const stated =
		parseTime(object.cooldown_ends_at) ??
		parseTime(object.error) ??
		parseTime(object.message) ??
		parseTime(typeof body === 'string' ? body : undefined);
	const after = retryAfterMs(headers, now);
	if (stated !== undefined) {
		return stated > now ? stated : now + Math.max(after ?? 0, windowMs);
	}
	if (after !== undefined && after > 0) return now + after;
	return now + DOCUMENTED_COOLDOWN_MS;
}
