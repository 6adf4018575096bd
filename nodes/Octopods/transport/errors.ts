import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { OUTSIDE_WINDOW_HINT, saysWindowClosed } from './serviceWindow';
import type { FailureReason } from './retryPolicy';
import { DEPRECATED_KEY_CODE, type OctopodsErrorBody } from './types';

/**
 * The WhatsApp API's error codes (HTTP 400 bodies), by the names the 2026 error reference gives them
 * (codes are per API family; these are WhatsApp's), each with a plain message. 7 is not documented;
 * an unknown code still reads as "error code N".
 */
export const ERROR_CODES: Record<number, { name?: string; message: string }> = {
	1: { name: 'ARGUMENT_MISSING', message: 'A required field is missing' },
	2: { name: 'TYPE_MISMATCH', message: 'A field has the wrong type or format' },
	3: {
		name: 'TEMPLATE_NOT_EXIST',
		message: 'The message template does not exist or cannot be sent (only active, Accepted templates can)',
	},
	4: { name: 'VARIABLES_SIZE', message: 'The number of template variables does not match the template' },
	5: { name: 'PHONE_INVALID', message: 'Octopods rejected the phone number' },
	6: { name: 'DEPRECATED_API_KEY', message: 'The API key is deprecated: generate a new one in the Octopods app' },
	8: { name: 'INVALID_HEADER', message: 'The template header is invalid (a media header needs a media URL)' },
	// The reference names no constant for 9; its articles describe it.
	9: {
		message: 'The variables are in the wrong shape for this template (a template with header, footer or button variables needs every section)',
	},
	10: { name: 'INVALID_STATUS', message: 'Unknown status filter: Octopods accepts pending, under_review, needs_modification, rejected, accepted or deleted' },
};

/**
 * The SMS API's error codes: a family of their own (NOTES, "The SMS channel"). Code 5 is the
 * deprecated key here, where on WhatsApp 5 is an invalid phone.
 */
export const SMS_ERROR_CODES: Record<number, { name?: string; message: string }> = {
	1: { name: 'ARGUMENT_MISSING', message: 'A required field is missing (the phone number)' },
	2: { name: 'EMPTY_BODY', message: 'The SMS body is empty' },
	3: { name: 'PHONE_INVALID', message: 'Octopods rejected the phone number for SMS' },
	4: { message: 'The SMS provider refused the message' },
	5: { name: 'DEPRECATED_API_KEY', message: 'The SMS API key is deprecated: generate a new one in the Octopods app' },
};

/** Which API answered: its error codes and its credential. */
export type ApiFamily = 'whatsapp' | 'sms';

/** How each family's errors read: its codes, its deprecated-key code, its credential, the other channel's key. */
const FAMILY_ERRORS: Record<ApiFamily, { codes: typeof ERROR_CODES; deprecatedKey: number; credential: string; otherKey: string }> = {
	whatsapp: { codes: ERROR_CODES, deprecatedKey: DEPRECATED_KEY_CODE.whatsapp, credential: 'Octopods API', otherKey: "an SMS channel's key" },
	sms: { codes: SMS_ERROR_CODES, deprecatedKey: DEPRECATED_KEY_CODE.sms, credential: 'Octopods SMS API', otherKey: "a WhatsApp channel's key" },
};

export interface FailedResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export interface ErrorContext {
	itemIndex?: number;
	/** Message for a 404, e.g. 'Template 539 was not found'. */
	notFoundMessage?: string;
	/** Message for a 403, e.g. 'Interactive messages are not enabled for this Octopods channel'. */
	forbiddenMessage?: string;
	/** What to do about a 403; shown before Octopods' own words. */
	forbiddenDescription?: string;
	/** The API family answering (default WhatsApp): which error codes apply. */
	family?: ApiFamily;
	/** The name the user gave the credential, to say which one was rejected (never its key). */
	credentialName?: string;
}

export function asErrorBody(body: unknown): OctopodsErrorBody {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as OctopodsErrorBody;
	if (typeof body === 'string' && body.trim()) return { error: body.trim().slice(0, 300) };
	return {};
}

/** Where a redirect pointed: its origin only (a path or query could carry anything). */
function redirectTarget(headers: Record<string, unknown> | undefined): string | undefined {
	const name = Object.keys(headers ?? {}).find((key) => key.toLowerCase() === 'location');
	const location = name === undefined ? undefined : headers?.[name];
	if (typeof location !== 'string') return undefined;
	try {
		return new URL(location).origin;
	} catch {
		return undefined;
	}
}

function messageFor(statusCode: number, body: OctopodsErrorBody, context: ErrorContext, headers?: Record<string, unknown>): string {
	if (statusCode >= 300 && statusCode < 400) {
		const target = redirectTarget(headers);
		const where = target ? ` to ${target}` : '';
		return `The Octopods address answered with a redirect (HTTP ${statusCode})${where}: check the credential's Base URL`;
	}
	const family = FAMILY_ERRORS[context.family ?? 'whatsapp'];
	const codes = family.codes;
	const credential = `the ${family.credential} credential${context.credentialName ? ` "${context.credentialName}"` : ''}`;
	if (statusCode === 401) {
		if (body.error_code === family.deprecatedKey) return codes[family.deprecatedKey].message;
		if (context.family !== 'sms') return 'The Octopods API key was rejected: check the credential';
		// The key decides the channel: another channel's key is refused like a wrong one.
		return `The API key of ${credential} was rejected: it is wrong, or it is ${family.otherKey} (each Octopods channel has its own key)`;
	}
	if (statusCode === 403) {
		if (context.forbiddenMessage) return context.forbiddenMessage;
		if (context.family === 'sms') {
			return `The key of ${credential} is not allowed to send SMS: it is probably ${family.otherKey} (each Octopods channel has its own key)`;
		}
		return 'Octopods refused this request for your channel (HTTP 403)';
	}
	if (statusCode === 404) {
		return context.notFoundMessage ?? 'Octopods could not find what was asked for (HTTP 404)';
	}
	if (statusCode === 429) {
		return 'The Octopods rate limit was reached and the channel is cooling down (HTTP 429)';
	}
	if (statusCode >= 500) return `Octopods had an internal error (HTTP ${statusCode})`;
	if (body.error_code !== undefined && codes[body.error_code]) return codes[body.error_code].message;
	if (body.error_code !== undefined) return `Octopods refused the request (HTTP ${statusCode}, error code ${body.error_code})`;
	return `Octopods refused the request (HTTP ${statusCode})`;
}

/** "Octopods says: ... (error code 4, request ID ...)": the vendor's words are kept for support. */
function describe(body: OctopodsErrorBody, family: ApiFamily = 'whatsapp'): string | undefined {
	const codes = FAMILY_ERRORS[family].codes;
	const facts = [
		body.error_code !== undefined
			? `error code ${body.error_code}${codes[body.error_code]?.name ? ` ${codes[body.error_code].name}` : ''}`
			: undefined,
		body.request_id ? `request ID ${body.request_id}` : undefined,
	].filter(Boolean);
	if (!body.error && facts.length === 0) return undefined;
	const said = body.error ? `Octopods says: "${body.error}"` : 'Octopods gave no reason';
	return facts.length ? `${said} (${facts.join(', ')})` : said;
}

/** Where Octopods' words point at WhatsApp's 24-hour window, what to do about it. */
function windowHint(body: OctopodsErrorBody, family: ApiFamily = 'whatsapp'): string | undefined {
	if (family === 'sms') return undefined;
	return saysWindowClosed(body.error_code, body.error) ? OUTSIDE_WINDOW_HINT : undefined;
}

/** On WhatsApp a rejected key's message stays short; the description names the credential and the likely mix-up. */
function wrongKeyAdvice(statusCode: number, body: OctopodsErrorBody, context: ErrorContext): string | undefined {
	if (statusCode !== 401 || context.family === 'sms' || body.error_code === FAMILY_ERRORS.whatsapp.deprecatedKey) return undefined;
	const name = context.credentialName ? ` "${context.credentialName}"` : '';
	return `The key of the Octopods API credential${name} is wrong, or it is an SMS channel's key (each Octopods channel has its own key).`;
}

/** A WhatsApp request refused with 403 may carry the SMS channel's key: said last, after Octopods' words. */
function smsKeyHint(statusCode: number, context: ErrorContext): string | undefined {
	if (statusCode !== 403 || context.family === 'sms') return undefined;
	const name = context.credentialName ? ` "${context.credentialName}"` : '';
	return `If the key of the Octopods API credential${name} is an SMS channel's key, use the WhatsApp channel's own key.`;
}

export function octopodsApiError(
	node: INode,
	response: FailedResponse,
	context: ErrorContext = {},
): NodeApiError {
	// A redirect's body is the server's page about it, not Octopods' words.
	const redirect = response.statusCode >= 300 && response.statusCode < 400;
	const body = redirect ? {} : asErrorBody(response.body);
	const advice = response.statusCode === 403 ? context.forbiddenDescription : wrongKeyAdvice(response.statusCode, body, context);
	const error = new NodeApiError(node, { ...body } as JsonObject, {
		message: messageFor(response.statusCode, body, context, response.headers),
		description:
			[advice, describe(body, context.family), windowHint(body, context.family), smsKeyHint(response.statusCode, context)]
				.filter(Boolean)
				.join(' ') || undefined,
		httpCode: String(response.statusCode),
		itemIndex: context.itemIndex,
	});
	error.context.octopodsErrorCode = body.error_code;
	error.context.octopodsRequestId = body.request_id;
	return error;
}

/**
 * What n8n keeps as the error's response. Not `code`: NodeApiError would replace our message with
 * its generic one for codes such as ECONNRESET.
 */
function failureResponse(reason: FailureReason, detail: FailureDetail): JsonObject {
	return { reason, networkCode: detail.code ?? null };
}

/** Words for why an attempt failed, as the end of a sentence. */
export function reasonText(reason: FailureReason, detail: FailureDetail = {}): string {
	switch (reason) {
		case 'refused':
			return 'the connection was refused';
		case 'dns':
			return 'the host name of the Base URL could not be resolved';
		case 'timeout':
			return detail.timeoutMs
				? `no answer within the Request Timeout of ${detail.timeoutMs / 1000} s`
				: 'no answer in time';
		case 'connection-lost':
			return 'the connection closed before Octopods answered';
		case 'cut-off':
			return "Octopods' answer was cut off";
		case 'server-error':
			return `Octopods answered HTTP ${detail.statusCode ?? '5xx'}`;
		case 'not-json':
			return "Octopods' answer was not JSON";
		case 'cancelled':
			return 'the execution was cancelled';
		case 'not-made':
			return `n8n did not make the request (${detail.localMessage ?? 'no reason given'})`;
		default:
			// Not the code itself: n8n would swap a message naming ECONNRESET and the like for its own.
			return 'a network error';
	}
}

export interface FailureDetail {
	statusCode?: number;
	code?: string;
	/** n8n's own words when it refused to make the request (no HTTP client involved, so no request in them). */
	localMessage?: string;
	timeoutMs?: number;
	attempts?: number;
}

function triedText(attempts: number | undefined): string {
	return attempts && attempts > 1 ? `Tried ${attempts} times. ` : '';
}

/**
 * A request that got no usable answer and surely sent nothing (a read, or a send that never
 * reached Octopods). Built from our own words only: the request (with its auth header) and n8n's
 * wrapped error must never reach an error, an output or a log.
 */
export function networkError(
	node: INode,
	reason: FailureReason,
	detail: FailureDetail,
	context: ErrorContext & { method?: string } = {},
): NodeApiError {
	const isSend = context.method !== undefined && context.method !== 'GET';
	const notJson = reason === 'not-json';
	if (reason === 'not-made') {
		return new NodeApiError(node, failureResponse(reason, detail), {
			message: `Could not send the request to Octopods: ${reasonText(reason, detail)}`,
			description: 'Nothing was sent. Check the credential and the Base URL.',
			itemIndex: context.itemIndex,
		});
	}
	const error = new NodeApiError(node, failureResponse(reason, detail), {
		message: notJson ? `Octopods answered with something that is not JSON` : `Could not reach Octopods: ${reasonText(reason, detail)}`,
		description:
			(isSend ? 'Nothing was sent: no connection to Octopods was made. ' : '') +
			(reason === 'other' && detail.code ? `Error code: ${detail.code}. ` : '') +
			triedText(detail.attempts) +
			(notJson
				? 'Check that the Base URL of the credential is the Octopods API (e.g. https://app.octopods.io), not a web page.'
				: 'Check the Base URL of the credential and the network between n8n and Octopods.'),
		httpCode: detail.statusCode !== undefined ? String(detail.statusCode) : undefined,
		itemIndex: context.itemIndex,
	});
	return error;
}

/** A 5xx (or other answer) to a read that kept failing after the retries. */
export function withAttempts(error: NodeApiError, attempts: number): NodeApiError {
	if (attempts > 1) error.description = `${triedText(attempts)}${error.description ?? ''}`.trim();
	return error;
}

/** What the user can check for a send whose outcome is unknown. */
export interface SendIdentity {
	/** E.164 recipient, from the request body. */
	phone?: string;
	/** When Octopods' answer carried one despite the failure. */
	messageId?: string | number;
	requestId?: string;
}

/**
 * A send Octopods may have processed (timeout after sending, dropped connection, 5xx, non-JSON
 * answer). It is never repeated; the user is told how to find out before sending again.
 */
export function maybeSentError(
	node: INode,
	reason: FailureReason,
	detail: FailureDetail,
	identity: SendIdentity,
	context: ErrorContext = {},
): NodeApiError {
	const check =
		identity.messageId !== undefined
			? `run Get Status with message ID ${identity.messageId}, or look in the Octopods inbox in Intercom`
			: `look for it in the Octopods inbox in Intercom${identity.phone ? ` (the conversation with ${identity.phone})` : ''}; if a message ID turns up there, Get Status tells its delivery`;
	const request = identity.requestId ? ` Octopods request ID: ${identity.requestId}.` : '';
	const error = new NodeApiError(node, failureResponse(reason, detail), {
		message: `The message may have been sent: ${reasonText(reason, detail)}`,
		description: `It was not sent again, so the customer cannot get it twice. Before sending it again, check whether it went out: ${check}.${request}${reason === 'other' && detail.code ? ` Error code: ${detail.code}.` : ''}`,
		httpCode: detail.statusCode !== undefined ? String(detail.statusCode) : undefined,
		itemIndex: context.itemIndex,
	});
	error.context.octopodsMaybeSent = true;
	if (identity.messageId !== undefined) error.context.octopodsMessageId = identity.messageId;
	if (identity.requestId) error.context.octopodsRequestId = identity.requestId;
	return error;
}

/** The channel is paused by Octopods beyond the item's Max Wait on Rate Limit: nothing was sent. */
export function rateLimitedError(
	node: INode,
	until: number,
	maxWaitMs: number,
	context: ErrorContext = {},
): NodeApiError {
	const retryAfter = new Date(until).toISOString();
	const error = new NodeApiError(node, { message: 'rate limited', retryAfter } as JsonObject, {
		message: `Octopods paused this channel for too many requests until ${retryAfter}: retry after that time`,
		description:
			`Nothing was sent for this item. Octopods allows 55 requests per 10 seconds per channel and answers HTTP 429 ` +
			`for 5 minutes once they are exceeded; every Octopods node of this n8n waits for the pause to end, but ` +
			`${retryAfter} is further away than Max Wait on Rate Limit (${Math.round(maxWaitMs / 1000)} s).`,
		httpCode: '429',
		itemIndex: context.itemIndex,
	});
	error.context.octopodsRetryAfter = retryAfter;
	return error;
}
