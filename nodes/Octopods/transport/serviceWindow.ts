/**
 * WhatsApp's 24-hour customer-service window: free-form messages (interactive ones included) are
 * delivered only within 24 hours of the customer's last message. Octopods reports a closed window
 * as a failed status (Get Status) or, where it refuses the send, in its error text.
 */

/** WhatsApp's error code for a free-form message sent outside the window. */
const OUTSIDE_WINDOW_CODE = '131047';
const OUTSIDE_WINDOW_WORDING = /\b24[\s-]*(?:hours?|h)\b|re-?engagement|customer[\s-]service window/i;

export const OUTSIDE_WINDOW_HINT =
	"WhatsApp only delivers free-form messages, such as interactive messages, within 24 hours of the customer's last message to you. Outside that window only an approved template can be sent: use Send Template, for example with a template inviting the customer to reply.";

/** Whether an error code or text says the window was closed. */
export function saysWindowClosed(code: unknown, text: unknown): boolean {
	return String(code ?? '') === OUTSIDE_WINDOW_CODE || OUTSIDE_WINDOW_WORDING.test(String(text ?? ''));
}

/**
 * A status item with the hint added where a failed message's reason points at the closed window
 * (any answer shape, once normalised to `{status, failure_reason: {code?, description}}`).
 */
export function withWindowHint<S extends { status: string; failure_reason?: { code?: string; description?: string } }>(
	status: S,
): S & { hint?: string } {
	const reason = status.failure_reason;
	if (status.status !== 'FAILED' || !reason || !saysWindowClosed(reason.code, reason.description)) return status;
	return { ...status, hint: OUTSIDE_WINDOW_HINT };
}
