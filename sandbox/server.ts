/**
 * The Octopods sandbox: a local HTTP server that answers like the documented API, strictly, so tests
 * and demos exercise the node against the contract rather than against a lenient fake.
 */
import { randomUUID } from 'crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { matchRoute, type Channel } from './api';
import { ApiError, errorBody, ErrorCode, type ErrorCodeValue, NOTHING_SENT_MESSAGE } from './errors';
import { type Fault, type FaultMode, Faults, FaultSpecError, NOT_JSON_BODY, type FaultSpec, type FaultStatus, withUnreadableRow } from './faults';
import { MAX_BODY_BYTES, readBody, recordedBody, sendJson, sendText } from './http';
import { Inbox, inboxPage, linksIn, type InboxMessage } from './inbox';
import { MessageStore, STATUS_STYLES, type AnswerStyle, type StatusStyle } from './messages';
import { parseStatusRequest, StatusRequestError, type StatusRequest } from './statusControl';
import { parseTemplateRequest, TemplateRequestError, TemplateStore, type TemplateRequest } from './templateControl';
import { GENERATIONS, type Generation } from './templates';
import { RateLimiter, tooManyRequestsBody, type RateLimitSettings } from './rateLimit';
import { sendSms, SMS_API_KEY, SMS_CHANNEL, SMS_DEPRECATED_API_KEY, smsKeyForWhatsapp, SmsErrorCode, SmsStore } from './sms';

export {
	SEEDED_TEMPLATES,
	SEEDED_TEMPLATES_2026,
	ACCOUNT_PHONE_NUMBER,
	GENERATIONS,
	templatesOf,
	type Generation,
	type SeededTemplate,
} from './templates';
export { STATUS_STYLES, UNKNOWN_FIRST_SUFFIX, type StatusStyle } from './messages';
export { requiredVariables, mediaHeaderFormat } from './templateSend';
export { UNREACHABLE_SUFFIX, OUTSIDE_WINDOW_SUFFIX, FIRST_MESSAGE_ID, HELD_SUFFIX, ON_DEMAND_FAILURE } from './messages';
export type { StatusRequest } from './statusControl';
export { TEMPLATE_ACTIONS, type TemplateAction, type TemplateRequest } from './templateControl';
export {
	SMS_API_KEY,
	SMS_DEPRECATED_API_KEY,
	SMS_UNDELIVERABLE_SUFFIX,
	SMS_PROVIDER_ERROR_SUFFIX,
	SMS_UNDELIVERED_REASON,
	SMS_MAX_LENGTH,
	FIRST_SMS_ID,
} from './sms';
export { inboxLogLine, type InboxMessage } from './inbox';
export type { RateLimitSettings } from './rateLimit';
export { FAULT_MODES, type FaultMode, type FaultSpec, type FaultStatus } from './faults';

export interface SandboxOptions {
	/** 0 (default) picks a free port. */
	port?: number;
	host?: string;
	/** Key of the main channel, which has interactive messages enabled. */
	apiKey?: string;
	/** Multiplies every documented duration: 0.01 turns the 10 s window into 100 ms. */
	timeScale?: number;
	/** Before timeScale; false turns limiting off. */
	rateLimit?: RateLimitSettings | false;
	/**
	 * Which docs the sandbox answers as: 'original' (default), the two pages in shared/octopods-api;
	 * '2026', the rewritten help-centre articles (regional languages, template_status and the status
	 * filter, every-section message_variables, message_status_url, the sent-messages list).
	 */
	generation?: Generation;
	/**
	 * 2026 only: the status shape, as the articles disagree. 'lowercase' (default): `delivered`,
	 * per-stage timestamps, failure_reason as text, the list as {request_id, messages}. 'uppercase':
	 * `DELIVERED` (UNKNOWN first for numbers ending 777), channel and CRM IDs, the list as a bare array.
	 */
	statusStyle?: StatusStyle;
	/**
	 * Serve templates without `lang`, as the docs' own list examples (2021 and the newest 2026 one)
	 * show them: only the `lang` filter then knows a template's language. Default false.
	 */
	hideLanguages?: boolean;
	/** Called after each API request is answered (the CLI logs with it). */
	onRequest?: (request: ReceivedRequest) => void;
	/** Called for each message accepted, as the inbox keeps it (the CLI and the demo log its links). */
	onMessage?: (message: InboxMessage) => void;
}

export interface ReceivedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** Parsed JSON; the raw text when it is not JSON; null when empty. */
	body: unknown;
	/** The channel the key belongs to ('main', 'no-interactive' or 'sms'); null when the request was not authenticated. */
	channel: string | null;
	/** The status answered; 0 when the connection was dropped without an answer (fault `drop`). */
	status: number;
	/** Whether the sandbox handled the request successfully: for a POST, the message was accepted and will be delivered, whatever the client saw. */
	accepted: boolean;
	/** The injected fault that struck this request, if any. */
	fault: FaultMode | null;
	at: number;
}

export interface Sandbox {
	url: string;
	generation: Generation;
	statusStyle: StatusStyle;
	apiKey: string;
	noInteractiveApiKey: string;
	deprecatedApiKey: string;
	/** The SMS channel's key (its own rate budget, its own messages and error codes). */
	smsApiKey: string;
	smsDeprecatedApiKey: string;
	received: ReceivedRequest[];
	/** Sends the sandbox accepted (and so would deliver), including those a fault hid from the client. */
	sends(): ReceivedRequest[];
	/** Replaces the fault rules (see faults.ts); [] turns faults off. reset() clears them too. */
	setFaults(faults: FaultSpec[]): void;
	/** The current fault rules, with how often each struck and may still strike. */
	faultRules(): FaultStatus[];
	/**
	 * Sets the status of messages of the main channel from now on (POST /__sandbox/messages/status
	 * does the same for other processes), e.g. fails them; returns the IDs it knew.
	 */
	setStatus(request: StatusRequest): number[];
	/**
	 * Changes a template (status, `active`, deleted, hidden from the next list answers) or the next
	 * list answers (failed, an unreadable row), as POST /__sandbox/templates does; throws for an unknown template.
	 */
	changeTemplate(request: TemplateRequest): void;
	/** The latest messages accepted, newest first (GET /__sandbox/inbox?format=json). */
	inbox(): InboxMessage[];
	reset(): void;
	close(): Promise<void>;
}

export const DEFAULT_API_KEY = 'sandbox-api-key';
export const NO_INTERACTIVE_API_KEY = 'sandbox-api-key-no-interactive';
export const DEPRECATED_API_KEY = 'sandbox-api-key-deprecated';
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { requests: 55, windowMs: 10_000, cooldownMs: 300_000 };

const AUTH_HEADER = 'x-octopods-auth';

interface Incoming {
	method: string;
	path: string;
	query: Record<string, string>;
	rawBody: string;
	key: string | undefined;
	now: number;
}

interface Reply {
	status: number;
	body: unknown;
	channel: string | null;
	headers?: Record<string, string>;
	/** Sent as text/html instead of JSON (fault `not-json`). */
	html?: string;
	accepted?: boolean;
	fault?: Fault;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const timeScale = options.timeScale ?? 1;
	if (!Number.isFinite(timeScale) || timeScale < 0) {
		throw new Error(`timeScale must be a number >= 0 (got ${timeScale}).`);
	}
	const generation = options.generation ?? 'original';
	const statusStyle = options.statusStyle ?? 'lowercase';
	if (!GENERATIONS.includes(generation)) throw new Error(`generation must be one of ${GENERATIONS.join(', ')} (got ${generation}).`);
	if (!STATUS_STYLES.includes(statusStyle)) {
		throw new Error(`statusStyle must be one of ${STATUS_STYLES.join(', ')} (got ${statusStyle}).`);
	}
	const style: AnswerStyle = { generation, statusStyle, hideLanguages: options.hideLanguages === true };
	let baseUrl = '';
	const apiKey = options.apiKey ?? DEFAULT_API_KEY;
	if ([NO_INTERACTIVE_API_KEY, DEPRECATED_API_KEY, SMS_API_KEY, SMS_DEPRECATED_API_KEY, ''].includes(apiKey)) {
		throw new Error('apiKey must be non-empty and differ from the sandbox\'s other keys.');
	}
	const channels = new Map<string, Channel>([
		[apiKey, { name: 'main', interactiveEnabled: true }],
		[NO_INTERACTIVE_API_KEY, { name: 'no-interactive', interactiveEnabled: false }],
		[SMS_API_KEY, { name: SMS_CHANNEL, interactiveEnabled: false }],
	]);
	const limits = options.rateLimit ?? DEFAULT_RATE_LIMIT;
	const rateLimiter = new RateLimiter(limits === false ? false : scaleLimits(limits, timeScale));
	const messages = new MessageStore(timeScale);
	const smsMessages = new SmsStore(timeScale);
	const received: ReceivedRequest[] = [];
	const faults = new Faults();
	const lateAnswers = new Set<NodeJS.Timeout>();
	const inbox = new Inbox();
	const templates = new TemplateStore(generation);

	function answer(incoming: Incoming): Reply {
		const { method, path, key, now } = incoming;
		const match = matchRoute(method, path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
		if (match === null) return failure(new ApiError(404, 'Not found'), null);
		if ('allowedMethods' in match) {
			const allowed = match.allowedMethods.join(', ');
			const reply = failure(new ApiError(405, `Method ${method} is not allowed here; use ${allowed}.`), null);
			return { ...reply, headers: { Allow: allowed } };
		}
		const channel = authenticate(key, channels);
		if (channel instanceof ApiError) return failure(channel, null);
		const decision = rateLimiter.check(channel.name, now);
		if (!decision.allowed) {
			const retryAfter = Math.max(1, Math.ceil((decision.cooldownEndsAt - now) / 1000));
			const headers = { 'Retry-After': String(retryAfter) };
			return { status: 429, body: tooManyRequestsBody(decision), channel: channel.name, headers };
		}
		const fault = faults.pick(method, path);
		if (fault !== null && fault.when === 'before') return { ...faultReply(fault, now), channel: channel.name, fault };
		try {
			const context = { channel, params: match.params, query: incoming.query, rawBody: incoming.rawBody, now, messages, style, baseUrl, templates };
			const result = channel.name === SMS_CHANNEL ? answerSms(incoming, match.params) : match.route.handle(context);
			const accepted = result.status < 300;
			if (accepted && method === 'POST' && channel.name !== SMS_CHANNEL) keep(result.body, incoming);
			// An "after" fault strikes once the request was handled: a send is accepted, the client does not learn it.
			if (fault !== null && accepted) {
				const faulty =
					fault.mode === 'slow' || fault.mode === 'drop'
						? result
						: fault.mode === 'odd-shape'
							? { ...result, status: fault.status, body: { data: result.body } }
							: fault.mode === 'unreadable-row'
								? { ...result, body: withUnreadableRow(result.body, now) }
								: faultReply(fault, now);
				return { ...faulty, channel: channel.name, accepted, fault };
			}
			return { ...result, channel: channel.name, accepted };
		} catch (error) {
			if (error instanceof ApiError) return failure(error, channel.name);
			throw error;
		}
	}

	/** The SMS key opens the SMS endpoints only; its sends go to the inbox as they are accepted. */
	function answerSms(incoming: Incoming, params: string[]): { status: number; body: unknown } {
		if (!incoming.path.startsWith('/api/v1/sms/messages')) throw smsKeyForWhatsapp();
		if (incoming.method === 'GET') {
			const status = smsMessages.statusOf(params[0], incoming.now, style);
			if (status === null) throw new ApiError(404, `SMS message ${params[0]} does not exist.`);
			return { status: 200, body: status };
		}
		const { message, body } = sendSms(incoming.rawBody, incoming.now, smsMessages, style);
		const kept: InboxMessage = {
			messageId: message.id,
			phone: `+${message.digits}`,
			kind: 'sms',
			text: message.body,
			links: linksIn(message.body),
			receivedAt: new Date(incoming.now).toISOString(),
		};
		inbox.add(kept);
		options.onMessage?.(kept);
		return { status: 201, body };
	}

	/** Into the inbox: the message as the store has it, and every link the request carried. */
	function keep(body: unknown, incoming: Incoming): void {
		const messageId = (body as { message_id?: unknown } | null)?.message_id;
		const message = typeof messageId === 'number' ? messages.find(messageId) : undefined;
		if (message === undefined) return;
		const kept: InboxMessage = {
			messageId: messageId as number,
			phone: `+${message.digits}`,
			kind: message.kind,
			text: message.content,
			links: linksIn(recordedBody(incoming.rawBody)),
			receivedAt: new Date(incoming.now).toISOString(),
		};
		inbox.add(kept);
		options.onMessage?.(kept);
	}

	async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const method = request.method ?? 'GET';
		const url = new URL(request.url ?? '/', 'http://sandbox.local');
		const rawBody = await readBody(request);
		if (url.pathname.startsWith('/__sandbox/')) return control(method, url.pathname, url.searchParams, rawBody, response);
		const query = Object.fromEntries(url.searchParams);
		const now = Date.now();
		let reply: Reply;
		if (rawBody === null) {
			reply = failure(new ApiError(413, `Payload too large: the limit is ${MAX_BODY_BYTES} bytes.`), null);
		} else {
			const header = request.headers[AUTH_HEADER];
			const key = Array.isArray(header) ? header.join(', ') : header;
			reply = answer({ method, path: url.pathname, query, rawBody, key, now });
		}
		// Recorded before answering, so a client that awaited the response always finds its request here.
		const dropped = reply.fault?.mode === 'drop';
		const entry: ReceivedRequest = {
			method,
			path: url.pathname,
			query,
			body: recordedBody(rawBody),
			channel: reply.channel,
			status: dropped ? 0 : reply.status,
			accepted: reply.accepted === true,
			fault: reply.fault?.mode ?? null,
			at: now,
		};
		received.push(entry);
		options.onRequest?.(entry);
		if (dropped) {
			response.socket?.destroy();
			return;
		}
		const write = () => {
			if (reply.html !== undefined) sendText(response, reply.status, reply.html, 'text/html; charset=utf-8');
			else sendJson(response, reply.status, reply.body, reply.headers);
		};
		if (reply.fault?.mode !== 'slow') return write();
		const timer = setTimeout(() => {
			lateAnswers.delete(timer);
			// The client may have given up (its timeout) and closed the connection meanwhile.
			if (!response.destroyed && !response.writableEnded) write();
		}, reply.fault.delayMs);
		lateAnswers.add(timer);
	}

	/** Unauthenticated routes for other processes (e2e tests, the demo) to inspect and reset the sandbox. */
	function control(method: string, path: string, query: URLSearchParams, rawBody: string | null, response: ServerResponse): void {
		if (path === '/__sandbox/requests' || path === '/__sandbox/requests/') {
			if (method !== 'GET') return sendJson(response, 405, errorBody(new ApiError(405, 'Use GET.')), { Allow: 'GET' });
			return sendJson(response, 200, received);
		}
		if (path === '/__sandbox/faults' || path === '/__sandbox/faults/') {
			if (method === 'GET') return sendJson(response, 200, { faults: faults.list() });
			if (method !== 'POST') {
				return sendJson(response, 405, errorBody(new ApiError(405, 'Use GET or POST.')), { Allow: 'GET, POST' });
			}
			try {
				const parsed = JSON.parse(rawBody || 'null') as unknown;
				const specs = Array.isArray(parsed) ? parsed : (parsed as { faults?: unknown } | null)?.faults;
				faults.set(specs as FaultSpec[]);
			} catch (error) {
				const reason = error instanceof FaultSpecError ? error.message : 'Send {"faults": [...]} or an array of fault rules as JSON.';
				return sendJson(response, 400, errorBody(new ApiError(400, reason)));
			}
			return sendJson(response, 200, { faults: faults.list() });
		}
		if (path === '/__sandbox/messages/status' || path === '/__sandbox/messages/status/') {
			if (method !== 'POST') return sendJson(response, 405, errorBody(new ApiError(405, 'Use POST.')), { Allow: 'POST' });
			try {
				const request = parseStatusRequest(rawBody);
				const updated = setStatus(request);
				return sendJson(response, 200, { updated, unknown: request.ids.filter((id) => !updated.includes(id)) });
			} catch (error) {
				if (!(error instanceof StatusRequestError)) throw error;
				return sendJson(response, 400, errorBody(new ApiError(400, error.message)));
			}
		}
		if (path === '/__sandbox/templates' || path === '/__sandbox/templates/') return templateControl(method, rawBody, response);
		if (path === '/__sandbox/inbox' || path === '/__sandbox/inbox/') {
			if (method !== 'GET') return sendJson(response, 405, errorBody(new ApiError(405, 'Use GET.')), { Allow: 'GET' });
			if (query.get('format') === 'json') return sendJson(response, 200, { messages: inbox.list() });
			return sendText(response, 200, inboxPage(inbox.list(), templates.all()), 'text/html; charset=utf-8');
		}
		if (path === '/__sandbox/reset' || path === '/__sandbox/reset/') {
			if (method !== 'POST') return sendJson(response, 405, errorBody(new ApiError(405, 'Use POST.')), { Allow: 'POST' });
			reset();
			return sendJson(response, 200, { reset: true });
		}
		sendJson(response, 404, errorBody(new ApiError(404, 'Not found')));
	}

	/** GET: the templates as they are now; POST: a change (JSON answers JSON, the inbox page's form goes back to it). */
	function templateControl(method: string, rawBody: string | null, response: ServerResponse): void {
		if (method === 'GET') return sendJson(response, 200, { templates: templates.all() });
		if (method !== 'POST') return sendJson(response, 405, errorBody(new ApiError(405, 'Use GET or POST.')), { Allow: 'GET, POST' });
		const fromPage = !(rawBody ?? '').trim().startsWith('{');
		try {
			const changed = templates.apply(parseTemplateRequest(rawBody));
			if (fromPage) {
				response.writeHead(303, { Location: '/__sandbox/inbox' });
				return void response.end();
			}
			return sendJson(response, 200, { template: changed ?? null, templates: templates.all() });
		} catch (error) {
			if (!(error instanceof TemplateRequestError)) throw error;
			return sendJson(response, 400, errorBody(new ApiError(400, error.message)));
		}
	}

	function setStatus(request: StatusRequest): number[] {
		return messages.setStatus(request.ids, 'main', request.status, Date.now(), request.failure_reason);
	}

	function reset(): void {
		received.length = 0;
		messages.reset();
		smsMessages.reset();
		rateLimiter.reset();
		faults.clear();
		inbox.clear();
		templates.reset();
	}

	const server = createServer((request, response) => {
		handleRequest(request, response).catch((error: Error) => {
			if (!response.headersSent) sendJson(response, 500, errorBody(new ApiError(500, `Sandbox error: ${error.message}`)));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	baseUrl = `http://${host}:${address.port}`;

	return {
		url: baseUrl,
		generation,
		statusStyle,
		apiKey,
		noInteractiveApiKey: NO_INTERACTIVE_API_KEY,
		deprecatedApiKey: DEPRECATED_API_KEY,
		smsApiKey: SMS_API_KEY,
		smsDeprecatedApiKey: SMS_DEPRECATED_API_KEY,
		received,
		sends: () => received.filter((entry) => entry.method === 'POST' && entry.accepted),
		setFaults: (specs) => faults.set(specs),
		faultRules: () => faults.list(),
		setStatus,
		changeTemplate: (request) => void templates.apply(request),
		inbox: () => inbox.list(),
		reset,
		close: () =>
			new Promise<void>((resolve, reject) => {
				for (const timer of lateAnswers) clearTimeout(timer);
				lateAnswers.clear();
				server.close((error) => (error ? reject(error) : resolve()));
				// Keep-alive connections (fetch keeps them) would otherwise hold close() open.
				server.closeAllConnections();
			}),
	};
}

function scaleLimits(limits: RateLimitSettings, timeScale: number): RateLimitSettings {
	if (!(limits.requests >= 1 && limits.windowMs >= 0 && limits.cooldownMs >= 0)) {
		throw new Error('rateLimit needs requests >= 1 and non-negative windowMs and cooldownMs.');
	}
	return { requests: limits.requests, windowMs: limits.windowMs * timeScale, cooldownMs: limits.cooldownMs * timeScale };
}

/** The channel a key opens, or the documented 401 (a deprecated key carries error_code 6, or 5 on SMS). */
function authenticate(key: string | undefined, channels: Map<string, Channel>): Channel | ApiError {
	if (key === DEPRECATED_API_KEY) {
		const message = 'This API key is deprecated. Generate a new API key in the Octopods app.';
		return new ApiError(401, message, ErrorCode.DeprecatedApiKey);
	}
	if (key === SMS_DEPRECATED_API_KEY) {
		const message = 'DEPRECATED_API_KEY: this SMS API key is deprecated. Generate a new API key in the Octopods app.';
		return new ApiError(401, message, SmsErrorCode.DeprecatedApiKey);
	}
	const channel = key === undefined ? undefined : channels.get(key);
	if (channel !== undefined) return channel;
	const why = key === undefined ? 'The X-Octopods-Auth header is missing.' : 'Check the X-Octopods-Auth header.';
	return new ApiError(401, `Invalid API key. ${why}`);
}

/** The answer a fault gives instead of (before) or in place of (after) the real one. */
function faultReply(fault: Fault, now: number): Omit<Reply, 'channel'> {
	if (fault.mode === 'rate-limit') {
		const endsAt = new Date(now + fault.cooldownMs).toISOString();
		const retryAfter = String(Math.max(1, Math.ceil(fault.cooldownMs / 1000)));
		const error = `Too many requests: this channel is cooling down until ${endsAt}.`;
		return {
			status: fault.status,
			body: { request_id: randomUUID(), error, cooldown_ends_at: endsAt },
			headers: { 'Retry-After': retryAfter },
		};
	}
	if (fault.mode === 'not-json') return { status: fault.status, body: null, html: NOT_JSON_BODY };
	if (fault.mode === 'error-code') {
		const message = fault.message ?? `The request was refused (error code ${fault.errorCode}).`;
		return { status: fault.status, body: errorBody(new ApiError(fault.status, message, fault.errorCode as ErrorCodeValue)) };
	}
	if (fault.mode === 'nothing-sent') return { status: fault.status, body: errorBody(new ApiError(fault.status, NOTHING_SENT_MESSAGE)) };
	return { status: fault.status, body: errorBody(new ApiError(fault.status, 'Internal server error. Please try again later.')) };
}

function failure(error: ApiError, channel: string | null): Reply {
	return { status: error.status, body: errorBody(error), channel };
}
