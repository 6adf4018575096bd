import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { type NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	type Channel,
	type ChannelCredentials,
	channelFor,
	channelKey,
	channelSettings,
	type ChannelSettings,
	normaliseBaseUrl,
} from './channels';
import { systemClock } from './clock';
import type { ApiFamily, ErrorContext, SendIdentity } from './errors';
import { asErrorBody, maybeSentError, networkError, octopodsApiError, rateLimitedError, withAttempts } from './errors';
import { admitCooldown, type CooldownAllowance, waitForTurn } from './rateLimiter';
import type { OctopodsErrorBody } from './types';
import { type AttemptOutcome, backoffMs, cooldownEnd, isJsonBody, judge } from './retryPolicy';

export const CREDENTIAL_TYPE = 'octopodsApi';
export const SMS_CREDENTIAL_TYPE = 'octopodsSmsApi';
/** Each Octopods channel has its own credential (and key, budget and error codes). */
export type OctopodsCredentialType = typeof CREDENTIAL_TYPE | typeof SMS_CREDENTIAL_TYPE;

/** Which API family (error codes) answers a credential's requests. */
const API_FAMILY_OF: Record<OctopodsCredentialType, ApiFamily> = { octopodsApi: 'whatsapp', octopodsSmsApi: 'sms' };

export type OctopodsContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface OctopodsRequest extends ErrorContext {
	/** Which channel's credential the request is made with (default: the WhatsApp channel's). */
	credentialType?: OctopodsCredentialType;
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/api/v1/whatsapp/templates/539`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** What the request is about, as output fields (e.g. phone_number, template_id): a failed item keeps them. */
	subject?: IDataObject;
	/**
	 * A read whose answer every execution on the channel may share for the credential's Template
	 * Cache time (template look-ups for sending, the editor's lists). Explicit reads stay fresh.
	 */
	cacheable?: boolean;
	/**
	 * A refusal that means "nothing there" rather than an error (the sent-messages list answers
	 * 400 before the first send): the request then answers null instead of failing.
	 */
	emptyWhen?: (statusCode: number, body: OctopodsErrorBody) => boolean;
}

/** Default of the Max Wait on Rate Limit option: one documented 5-minute cool-down, plus 30 s of queue. */
export const DEFAULT_MAX_WAIT_ON_RATE_LIMIT_S = 330;
/** The editor's lists and mappers have no such option and a person waiting: they give up sooner. */
const EDITOR_MAX_WAIT_MS = 10_000;
/** A trigger's poll waits this long for its turn; a longer cool-down ends the poll (the next one starts from the same state). */
export const POLL_MAX_WAIT_MS = 30_000;

const clock = systemClock;

export { testSmsCredential } from './credentialTest';

/**
 * The one door to the Octopods API: every operation, list and mapper call comes through here, so
 * operations never see what happens around each attempt:
 * - the channel's budget (55 requests per 10 s, shared by every execution in this n8n) is waited
 *   on before each attempt, and Octopods' cool-down (HTTP 429) pauses every request of the channel;
 * - reads are retried on 5xx and network errors; sends only when they surely never reached Octopods,
 *   and otherwise fail with "may have been sent" (see retryPolicy.ts);
 * - template look-ups marked `cacheable` are shared across executions for a short time;
 * - Octopods' error bodies become NodeApiErrors.
 */
export async function octopodsApiRequest<T>(
	context: OctopodsContext,
	request: OctopodsRequest,
): Promise<T> {
	const type = request.credentialType ?? CREDENTIAL_TYPE;
	request = { ...request, family: API_FAMILY_OF[type], credentialName: context.getNode().credentials?.[type]?.name };
	const { credentials, read, authentication } = await credentialsOnce(context, type);
	let settings: ChannelSettings;
	try {
		settings = channelSettings(credentials);
	} catch (error) {
		// A ChannelSettingsError, naming the credential field.
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex: request.itemIndex });
	}
	// Keyed by credential type too: an SMS and a WhatsApp budget are never one bucket, even for one key.
	const channel = channelFor(`${type}:${channelKey(credentials.apiKey)}`, settings, read);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	const send = async () =>
		await requestWithPolicy<T>(context, request, { type, baseUrl, channel, settings, authentication });
	if (request.cacheable && request.method === 'GET' && settings.templateCacheMs > 0) {
		// Each caller gets its own copy: a shared answer must not be changed through one execution.
		const shared = await channel.cache.get(`${baseUrl} ${cacheKey(request)}`, settings.templateCacheMs, clock.now, send);
		return structuredClone(shared);
	}
	return await send();
}

type StoredCredentials = ChannelCredentials & { baseUrl: string };

/** A run's credential, and which read it was (reads are counted, so the newest one sets the budget). */
interface CredentialRead {
	credentials: StoredCredentials;
	read: number;
	/** What each request hands n8n, so it does not read the credential again. */
	authentication: () => IAdditionalCredentialOptions;
}

/** Each node run reads (decrypts) each of its credentials once, not once per request. */
const runCredentials = new WeakMap<OctopodsContext, Map<OctopodsCredentialType, Promise<CredentialRead>>>();
let reads = 0;

async function credentialsOnce(context: OctopodsContext, type: OctopodsCredentialType = CREDENTIAL_TYPE): Promise<CredentialRead> {
	let byType = runCredentials.get(context);
	if (!byType) {
		byType = new Map();
		runCredentials.set(context, byType);
	}
	let credentials = byType.get(type);
	if (!credentials) {
		const read = ++reads;
		credentials = context
			.getCredentials<StoredCredentials>(type)
			.then((stored) => ({ credentials: stored, read, authentication: decryptedCredentials(context, stored, type) }));
		byType.set(type, credentials);
		// A failed read is not kept: the next item asks again and gets its own error.
		credentials.catch(() => byType.delete(type));
	}
	return await credentials;
}

/**
 * A poll context lives as long as the activation: each poll calls this first, so it reads the
 * credential once (an edit applies from the next poll) and every request of the poll reuses it.
 */
export async function readCredentialsForPoll(context: IPollFunctions): Promise<void> {
	runCredentials.delete(context);
	await credentialsOnce(context);
}

/**
 * The credential as read for this run, handed to n8n with each request: without it, n8n reads and
 * decrypts the credential again for every request (a database query, about 0.25 ms per item).
 * Each request gets its own copy of the data, as n8n lets pre-authentication write into it.
 */
function decryptedCredentials(
	context: OctopodsContext,
	credentials: StoredCredentials,
	type: OctopodsCredentialType,
): () => IAdditionalCredentialOptions {
	const reference = context.getNode().credentials?.[type];
	return () => ({
		credentialsDecrypted: {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type,
			// As n8n returned it: its values are credential values, typed loosely here for channelSettings.
			data: { ...credentials } as ICredentialDataDecryptedObject,
		},
	});
}

function cacheKey(request: OctopodsRequest): string {
	const query = Object.entries(request.qs ?? {})
		.filter(([, value]) => value !== undefined && value !== null && value !== '')
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, value]) => `${key}=${String(value)}`)
		.join('&');
	return `${request.method} ${request.path}?${query}`;
}

function isExecution(context: OctopodsContext): context is IExecuteFunctions {
	return 'getInputData' in context;
}

function isPoll(context: OctopodsContext): context is IPollFunctions {
	return '__emit' in context;
}

/** The item's Max Wait on Rate Limit, read by the transport so operations need not pass it along. */
function maxWaitMs(context: OctopodsContext, itemIndex: number | undefined): number {
	if (isPoll(context)) return POLL_MAX_WAIT_MS;
	if (!isExecution(context)) return EDITOR_MAX_WAIT_MS;
	const seconds = Number(
		context.getNodeParameter('options.maxWaitOnRateLimit', itemIndex ?? 0, DEFAULT_MAX_WAIT_ON_RATE_LIMIT_S),
	);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

function cancelSignal(context: OctopodsContext): AbortSignal | undefined {
	return isExecution(context) ? context.getExecutionCancelSignal?.() : undefined;
}

/** What every attempt of one request needs, worked out once. */
interface RequestSetup {
	type: OctopodsCredentialType;
	baseUrl: string;
	channel: Channel;
	settings: ChannelSettings;
	authentication: () => IAdditionalCredentialOptions;
}

async function requestWithPolicy<T>(
	context: OctopodsContext,
	request: OctopodsRequest,
	{ type, baseUrl, channel, settings, authentication }: RequestSetup,
): Promise<T> {
	const node = context.getNode();
	const signal = cancelSignal(context);
	const allowance: CooldownAllowance = { maxWaitMs: maxWaitMs(context, request.itemIndex) };
	const rateLimited = (until: number) => about(rateLimitedError(node, until, allowance.maxWaitMs, request), request);
	for (let attempt = 1; ; ) {
		const turn = await waitForTurn(channel.limiter, clock, allowance, signal);
		if (!turn.go) throw rateLimited(turn.cooldownUntil);
		if (signal?.aborted) {
			// Cancelled between the turn and the request: nothing leaves, so it is not "may have been sent".
			turn.ticket.finish(clock.now());
			signal.throwIfAborted();
		}
		let outcome: AttemptOutcome;
		try {
			outcome = await sendOnce(context, request, { type, url: `${baseUrl}${request.path}`, timeoutMs: settings.timeoutMs }, authentication());
		} finally {
			// The answer is back (or the attempt failed): the request has arrived if it ever will.
			turn.ticket.finish(clock.now());
		}
		const verdict = judge(request.method, outcome, attempt);
		const detail = {
			statusCode: outcome.kind === 'response' ? outcome.statusCode : undefined,
			code: outcome.kind === 'network' ? outcome.code : undefined,
			localMessage: outcome.kind === 'local' ? outcome.message : undefined,
			timeoutMs: settings.timeoutMs,
			attempts: attempt,
		};
		switch (verdict.action) {
			case 'answer': {
				const response = outcome as Extract<AttemptOutcome, { kind: 'response' }>;
				// 3xx too: redirects are not followed (see sendOnce), so one here is a wrong Base URL.
				if (response.statusCode >= 400 && request.emptyWhen?.(response.statusCode, asErrorBody(response.body))) {
					return null as T;
				}
				if (response.statusCode >= 300) throw about(octopodsApiError(node, response, request), request);
				return response.body as T;
			}
			case 'cool-down': {
				// A 429 means Octopods processed nothing: wait for the cool-down (shared by the channel) and ask again.
				const response = outcome as Extract<AttemptOutcome, { kind: 'response' }>;
				const now = clock.now();
				const until = cooldownEnd(response.body, response.headers, now, settings.windowMs);
				if (channel.limiter.coolDown(until, now) === 'others') {
					// Worth a line in the worker's log: the key is shared, and Processes Sharing This Key would avoid the next one.
					context.logger.warn(
						`Octopods paused the channel though this n8n process stayed within its budget: another process sends with the key. ` +
							`This process now keeps ${channel.limiter.requestsAt(until)} requests per window (set Processes Sharing This Key on the credential).`,
					);
				}
				if (!admitCooldown(allowance, until, now)) throw rateLimited(until);
				continue;
			}
			case 'retry':
				await clock.sleep(backoffMs(attempt, settings.windowMs), signal);
				attempt++;
				continue;
			case 'fail-maybe-sent':
				throw about(maybeSentError(node, verdict.reason, detail, identityOf(request, outcome), request), request);
			case 'fail':
				if (outcome.kind === 'response' && verdict.reason !== 'not-json') {
					throw about(withAttempts(octopodsApiError(node, outcome, request), attempt), request);
				}
				throw about(networkError(node, verdict.reason, detail, request), request);
		}
	}
}

/** The request's subject (recipient, template...) on its error, for the Continue On Fail item. */
function about<E extends NodeApiError | NodeOperationError>(error: E, request: OctopodsRequest): E {
	if (request.subject) error.context.octopodsSubject = request.subject;
	return error;
}

/** What identifies a send whose outcome is unknown: its recipient, and IDs if an answer carried them. */
function identityOf(request: OctopodsRequest, outcome: AttemptOutcome): SendIdentity {
	const phone = request.body?.destination_phone;
	const identity: SendIdentity = { phone: typeof phone === 'string' ? phone : undefined };
	if (outcome.kind === 'response' && isJsonBody(outcome.body)) {
		const body = outcome.body as IDataObject;
		if (typeof body.message_id === 'number' || typeof body.message_id === 'string') identity.messageId = body.message_id;
		if (typeof body.request_id === 'string') identity.requestId = body.request_id;
	}
	return identity;
}

/**
 * The network error's code, wherever n8n put it: n8n wraps axios' error (code ECONNABORTED,
 * ECONNRESET, ...) in a NodeApiError as `cause`, whose own `httpCode` repeats the code (or holds
 * the status when the answer broke off). Only the code is kept: the wrapped error carries the
 * request, auth header included.
 */
function failureCode(error: unknown): string {
	for (const level of errorChain(error)) {
		const { code } = level as { code?: unknown };
		if (typeof code === 'string' && code) return code;
	}
	const httpCode = (error as { httpCode?: unknown } | null)?.httpCode;
	if (typeof httpCode === 'string' && /^[A-Z_]+$/.test(httpCode)) return httpCode;
	const name = (error as { name?: unknown } | null)?.name;
	return name === 'AbortError' ? 'AbortError' : 'UNKNOWN';
}

/** The errors n8n wrapped: `cause` (n8n 1.x and 2.x) and the raw `errorResponse` of a NodeApiError. */
function errorChain(error: unknown): object[] {
	const chain: object[] = [];
	const queue: unknown[] = [error];
	while (queue.length > 0 && chain.length < 10) {
		const level = queue.shift();
		if (typeof level !== 'object' || level === null || chain.includes(level)) continue;
		chain.push(level);
		const { cause, errorResponse } = level as { cause?: unknown; errorResponse?: unknown };
		queue.push(cause, errorResponse);
	}
	return chain;
}

/**
 * Whether the HTTP client took part, so something may have left the process. Only an error with
 * no trace of it (no axios error, no network code) counts as a request n8n never made: anything
 * unclear is treated as a network failure, which for a send means "may have been sent".
 */
function involvesHttpClient(error: unknown): boolean {
	return (
		errorChain(error).some((level) => (level as { isAxiosError?: unknown }).isAxiosError === true) ||
		failureCode(error) !== 'UNKNOWN'
	);
}

async function sendOnce(
	context: OctopodsContext,
	request: OctopodsRequest,
	{ type, url, timeoutMs }: { type: OctopodsCredentialType; url: string; timeoutMs: number },
	authentication: IAdditionalCredentialOptions,
): Promise<AttemptOutcome> {
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		qs: request.qs,
		body: request.body,
		json: true,
		timeout: timeoutMs,
		returnFullResponse: true,
		// Error statuses are mapped by octopodsApiError, which knows Octopods' error body.
		ignoreHttpStatusErrors: true,
		// A redirect would carry X-Octopods-Auth to wherever it points (only Authorization and
		// cookies are dropped across hosts), turn a send into a GET, and cost a request the budget
		// does not see. It is reported instead, naming where it pointed.
		disableFollowRedirect: true,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			type,
			options,
			authentication,
		)) as IN8nHttpFullResponse;
		return {
			kind: 'response',
			statusCode: response.statusCode,
			body: response.body,
			headers: response.headers as Record<string, unknown>,
		};
	} catch (error) {
		if (!involvesHttpClient(error)) {
			return { kind: 'local', message: String((error as Error)?.message ?? error).slice(0, 200) };
		}
		return { kind: 'network', code: failureCode(error) };
	}
}
