/** The documented error body `{request_id, error_code?, error}` and the codes the help centre names (WhatsApp's). */
import { randomUUID } from 'crypto';
import type { OctopodsErrorBody } from '../nodes/Octopods/transport/types';

/** The sent-messages list's 400 for a channel that has sent nothing yet (the article gives no code for it). */
export const NOTHING_SENT_MESSAGE = 'No messages have been sent on this channel yet.';

export const ErrorCode = {
	ArgumentMissing: 1,
	TypeMismatch: 2,
	TemplateNotFound: 3,
	WrongVariableCount: 4,
	InvalidPhone: 5,
	DeprecatedApiKey: 6,
	InvalidHeader: 8,
	/** 2026: `message_variables` in the wrong shape for the template (an array, or a section missing). */
	VariablesShape: 9,
	/** 2026: an unknown `status` filter on the template list. */
	InvalidStatus: 10,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Thrown by handlers and validators; the server turns it into the documented error body. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errorCode?: ErrorCodeValue,
	) {
		super(message);
	}
}

/** 400 with an error code: the shape every validation failure takes. */
export function badRequest(errorCode: ErrorCodeValue, message: string): ApiError {
	return new ApiError(400, message, errorCode);
}

export function errorBody(error: ApiError, requestId = randomUUID()): OctopodsErrorBody {
	// Key order follows the docs' example: request_id, error_code, error.
	return error.errorCode === undefined
		? { request_id: requestId, error: error.message }
		: { request_id: requestId, error_code: error.errorCode, error: error.message };
}
