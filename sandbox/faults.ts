/**
 * Fault injection: the failures a real network and a real Octopods produce, on demand and
 * deterministic, so tests can prove the node never sends a message twice and always says what
 * happened. Set per test with `sandbox.setFaults([...])` or `POST /__sandbox/faults`.
 *
 * Each rule applies to the next `count` matching requests, or to a `fraction` of them (drawn from a
 * PRNG seeded with `seed`, so a run is repeatable), or both (a fraction, at most `count` times).
 * The first rule that fires for a request decides its fault. Authentication and the sandbox's own
 * rate limit come first: a faulty answer is still an arrival.
 */

export const FAULT_MODES = ['server-error', 'slow', 'drop', 'rate-limit', 'not-json', 'nothing-sent', 'odd-shape', 'unreadable-row', 'error-code'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSpec {
	/**
	 * - `server-error`: HTTP `status` (500) with a JSON error body;
	 * - `slow`: the answer comes `delayMs` (2000) late, after the request was handled (a send IS accepted);
	 * - `drop`: the connection is closed after the request was handled, with no answer (a send IS accepted);
	 * - `rate-limit`: HTTP 429 with a cool-down of `cooldownMs` (1000) in `cooldown_ends_at` and in the
	 *   message, as the real limit answers; nothing is handled;
	 * - `not-json`: HTTP `status` (200) with an HTML body;
	 * - `nothing-sent`: the sent-messages list's HTTP 400 "No messages have been sent on this channel
	 *   yet", whatever was sent (nothing is handled);
	 * - `odd-shape`: HTTP 200 with JSON of neither API generation (`{"data": [...]}` holding the real
	 *   answer), as an API that changed its shape would answer;
	 * - `unreadable-row`: the sent-messages list as usual, with one more row at its top that has no
	 *   message ID (status failed, sent now), in the answer's own shape; other answers are unchanged;
	 * - `error-code`: HTTP `status` (400) with the documented error body carrying `errorCode` and
	 *   `message`, before handling: a refusal the node's own checks never let through (e.g. the SMS
	 *   family's 1 ARGUMENT_MISSING), so its reading can still be tested.
	 */
	mode: FaultMode;
	/**
	 * For `server-error` and `not-json`: `before` answers without handling the request (nothing is
	 * accepted); `after` (default) handles it first (a valid send is accepted and recorded), then
	 * answers with the fault. `slow` and `drop` always come after, `rate-limit` always before.
	 * An `after` fault only strikes a request that succeeded; a 4xx is answered as usual.
	 */
	when?: 'before' | 'after';
	/** The next N matching requests (with `fraction`: at most N times). */
	count?: number;
	/** Let the first N matching requests pass before the rule may strike (default 0). */
	skip?: number;
	/** Each matching request with this probability, 0 < fraction <= 1. */
	fraction?: number;
	/** Seed of the PRNG used with `fraction` (default 1). */
	seed?: number;
	/** Only requests with these methods (default: all), e.g. ['POST'] for sends only. */
	methods?: string[];
	/**
	 * Only requests to these paths (default: all): exact, or a prefix when ending in `*`, e.g.
	 * ['/api/v1/whatsapp/messages'] for the sent-messages list, ['/api/v1/whatsapp/messages/1005'] for one status.
	 */
	paths?: string[];
	status?: number;
	delayMs?: number;
	cooldownMs?: number;
	/** For `error-code`: the `error_code` answered, and its `error` text. */
	errorCode?: number;
	message?: string;
}

/** A rule and how many more times it may strike (null: no limit). */
export interface FaultStatus {
	spec: FaultSpec;
	/** Matching requests still to let pass. */
	toSkip: number;
	remaining: number | null;
	struck: number;
}

export interface Fault {
	mode: FaultMode;
	when: 'before' | 'after';
	status: number;
	delayMs: number;
	cooldownMs: number;
	errorCode?: number;
	message?: string;
}

interface Rule extends FaultStatus {
	random: () => number;
}

/** mulberry32: tiny, fast, good enough to pick which requests fail, and the same for the same seed. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultSpecError extends Error {}

function check(spec: FaultSpec, index: number): void {
	const where = `faults[${index}]`;
	if (typeof spec !== 'object' || spec === null) throw new FaultSpecError(`${where} must be an object.`);
	if (!FAULT_MODES.includes(spec.mode)) {
		throw new FaultSpecError(`${where}.mode must be one of ${FAULT_MODES.join(', ')} (got ${JSON.stringify(spec.mode)}).`);
	}
	if (spec.when !== undefined && spec.when !== 'before' && spec.when !== 'after') {
		throw new FaultSpecError(`${where}.when must be "before" or "after".`);
	}
	if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 1)) {
		throw new FaultSpecError(`${where}.count must be a whole number >= 1.`);
	}
	if (spec.skip !== undefined && !(Number.isInteger(spec.skip) && spec.skip >= 0)) {
		throw new FaultSpecError(`${where}.skip must be a whole number >= 0.`);
	}
	if (spec.fraction !== undefined && !(typeof spec.fraction === 'number' && spec.fraction > 0 && spec.fraction <= 1)) {
		throw new FaultSpecError(`${where}.fraction must be a number in (0, 1].`);
	}
	for (const key of ['delayMs', 'cooldownMs', 'seed'] as const) {
		const value = spec[key];
		if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
			throw new FaultSpecError(`${where}.${key} must be a number >= 0.`);
		}
	}
	if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 100 && spec.status <= 599)) {
		throw new FaultSpecError(`${where}.status must be an HTTP status.`);
	}
	if (spec.mode === 'error-code' && !(Number.isInteger(spec.errorCode) && (spec.errorCode as number) >= 0)) {
		throw new FaultSpecError(`${where}.errorCode must be a whole number >= 0 for mode error-code.`);
	}
	if (spec.methods !== undefined && !(Array.isArray(spec.methods) && spec.methods.every((m) => typeof m === 'string'))) {
		throw new FaultSpecError(`${where}.methods must be an array of HTTP methods.`);
	}
	if (spec.paths !== undefined && !(Array.isArray(spec.paths) && spec.paths.every((p) => typeof p === 'string' && p.startsWith('/')))) {
		throw new FaultSpecError(`${where}.paths must be an array of paths starting with /.`);
	}
}

function matchesPath(patterns: string[] | undefined, path: string): boolean {
	if (patterns === undefined) return true;
	return patterns.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern));
}

function whenOf(spec: FaultSpec): 'before' | 'after' {
	if (spec.mode === 'rate-limit' || spec.mode === 'nothing-sent' || spec.mode === 'error-code') return 'before';
	if (spec.mode === 'odd-shape' || spec.mode === 'unreadable-row') return 'after';
	if (spec.mode === 'slow' || spec.mode === 'drop') return 'after';
	return spec.when ?? 'after';
}

const DEFAULT_STATUS: Record<FaultMode, number> = {
	'server-error': 500,
	slow: 500,
	drop: 500,
	'rate-limit': 429,
	'not-json': 200,
	'nothing-sent': 400,
	'odd-shape': 200,
	'unreadable-row': 200,
	'error-code': 400,
};

export class Faults {
	private rules: Rule[] = [];

	/** Replaces every rule (an empty list turns faults off). Throws FaultSpecError naming a bad field. */
	set(specs: FaultSpec[]): void {
		if (!Array.isArray(specs)) throw new FaultSpecError('faults must be an array of fault rules.');
		specs.forEach(check);
		this.rules = specs.map((spec) => ({
			spec: { ...spec },
			toSkip: spec.skip ?? 0,
			remaining: spec.count ?? null,
			struck: 0,
			random: seededRandom(spec.seed ?? 1),
		}));
	}

	list(): FaultStatus[] {
		return this.rules.map(({ spec, toSkip, remaining, struck }) => ({ spec, toSkip, remaining, struck }));
	}

	clear(): void {
		this.rules = [];
	}

	/** The fault for this request, if a rule strikes it. */
	pick(method: string, path = '/'): Fault | null {
		for (const rule of this.rules) {
			const { spec } = rule;
			if (rule.remaining === 0) continue;
			if (spec.methods && !spec.methods.some((m) => m.toUpperCase() === method.toUpperCase())) continue;
			if (!matchesPath(spec.paths, path)) continue;
			if (rule.toSkip > 0) {
				rule.toSkip--;
				continue;
			}
			if (spec.fraction !== undefined && rule.random() >= spec.fraction) continue;
			if (rule.remaining !== null) rule.remaining--;
			rule.struck++;
			return {
				mode: spec.mode,
				when: whenOf(spec),
				status: spec.status ?? DEFAULT_STATUS[spec.mode],
				delayMs: spec.delayMs ?? 2000,
				cooldownMs: spec.cooldownMs ?? 1000,
				errorCode: spec.errorCode,
				message: spec.message,
			};
		}
		return null;
	}
}

export const NOT_JSON_BODY = '<html><head><title>Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

/**
 * The `unreadable-row` fault: the list answer with a row on top that has no message ID (a failure
 * sent now), in the answer's own shape. Anything but a list answer is left as it is.
 */
export function withUnreadableRow(body: unknown, now: number): unknown {
	const sentAt = new Date(now).toISOString();
	if (Array.isArray(body)) {
		const record = { user_phone_number: '+353838000000', created_at: sentAt, message_content: '', message_status: { message_status: 'FAILED' } };
		return [record, ...(body as unknown[])];
	}
	const messages = (body as { messages?: unknown } | null)?.messages;
	if (!Array.isArray(messages)) return body;
	const summary = { status: 'failed', phone_number: '+353838000000', sent_at: sentAt, failure_reason: 'No message ID' };
	return { ...(body as object), messages: [summary, ...(messages as unknown[])] };
}
