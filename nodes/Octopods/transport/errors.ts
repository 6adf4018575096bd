import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { OctopodsErrorBody } from './types';

/** Human meaning of the error codes Octopods documents (HTTP 400 bodies). */
const ERROR_CODE_MESSAGES: Record<number, string> = {
	1: 'A required field is missing',
	2: 'A field has the wrong type or format',
	3: 'The message template does not exist or cannot be sent (only active, approved templates can)',
	4: 'The number of template variables does not match the template',
	5: 'Octopods rejected the phone number',
	6: 'The API key is deprecated: generate a new one in the Octopods app',
	8: 'The template header is invalid (a media header needs a media URL)',
};

export interface FailedResponse {
	statusCode: number;
	body: unknown;
}

export interface ErrorContext {
	itemIndex?: number;
	/** Message for a 404, e.g. 'Template 539 was not found'. */
	notFoundMessage?: string;
	/** Message for a 403, e.g. 'Interactive messages are not enabled for this Octopods channel'. */
	forbiddenMessage?: string;
	/** What to do about a 403; shown before Octopods' own words. */
	forbiddenDescription?: string;
}

function asErrorBody(body: unknown): OctopodsErrorBody {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as OctopodsErrorBody;
	if (typeof body === 'string' && body.trim()) return { error: body.trim().slice(0, 300) };
	return {};
}

function messageFor(statusCode: number, body: OctopodsErrorBody, context: ErrorContext): string {
	if (statusCode === 401) {
		return body.error_code === 6
			? ERROR_CODE_MESSAGES[6]
			: 'The Octopods API key was rejected: check the credential';
	}
	if (statusCode === 403) {
		return context.forbiddenMessage ?? 'Octopods refused this request for your channel (HTTP 403)';
	}
	if (statusCode === 404) {
		return context.notFoundMessage ?? 'Octopods could not find what was asked for (HTTP 404)';
	}
	if (statusCode === 429) {
		return 'The Octopods rate limit was reached and the channel is cooling down (HTTP 429)';
	}
	if (statusCode >= 500) return `Octopods had an internal error (HTTP ${statusCode})`;
	if (body.error_code !== undefined && ERROR_CODE_MESSAGES[body.error_code]) {
		return ERROR_CODE_MESSAGES[body.error_code];
	}
	return `Octopods refused the request (HTTP ${statusCode})`;
}

/** "Octopods says: ... (error code 4, request ID ...)": the vendor's words are kept for support. */
function describe(body: OctopodsErrorBody): string | undefined {
	const facts = [
		body.error_code !== undefined ? `error code ${body.error_code}` : undefined,
		body.request_id ? `request ID ${body.request_id}` : undefined,
	].filter(Boolean);
	if (!body.error && facts.length === 0) return undefined;
	const said = body.error ? `Octopods says: "${body.error}"` : 'Octopods gave no reason';
	return facts.length ? `${said} (${facts.join(', ')})` : said;
}

export function octopodsApiError(
	node: INode,
	response: FailedResponse,
	context: ErrorContext = {},
): NodeApiError {
	const body = asErrorBody(response.body);
	const advice = response.statusCode === 403 ? context.forbiddenDescription : undefined;
	const error = new NodeApiError(node, { ...body } as JsonObject, {
		message: messageFor(response.statusCode, body, context),
		description: [advice, describe(body)].filter(Boolean).join(' ') || undefined,
		httpCode: String(response.statusCode),
		itemIndex: context.itemIndex,
	});
	error.context.octopodsErrorCode = body.error_code;
	error.context.octopodsRequestId = body.request_id;
	return error;
}

/** A request that got no HTTP answer. Built from the code and message only: the request (with its
 * auth header) must never reach an error, an output or a log. */
export function networkError(node: INode, cause: unknown, context: ErrorContext = {}): NodeApiError {
	const { code, message } = (cause ?? {}) as { code?: string; message?: string };
	const reason = code ?? message ?? 'unknown error';
	return new NodeApiError(node, { message: reason, code: code ?? null } as JsonObject, {
		message: `Could not reach Octopods (${reason})`,
		description: 'Check the Base URL of the credential and the network between n8n and Octopods.',
		itemIndex: context.itemIndex,
	});
}
