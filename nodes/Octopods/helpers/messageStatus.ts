/**
 * One status shape out of every shape Octopods answers in (see RawMessageStatus): Get Status, the
 * sent-messages list and, next, the polling trigger all output this. Pure, so it is unit-tested on
 * the vendor docs' own examples.
 */
import type { MessageStatusValue, RawFailureReason, RawMessageStatus } from '../transport/types';

export const MESSAGE_STATUSES: readonly MessageStatusValue[] = ['SENT', 'DELIVERED', 'READ', 'FAILED', 'DELETED', 'UNKNOWN'];

export interface FailureReason {
	/** When Octopods gives one (WhatsApp's or the provider's code), as text. */
	code?: string;
	description: string;
}

/** The item Get Status (and Message > Get Many) outputs; fields Octopods did not give are left out. */
export interface MessageStatus {
	message_id?: number | string;
	/** Always upper case; a status outside the documented six reads UNKNOWN (see octopods_status). */
	status: MessageStatusValue;
	/** The status word as Octopods gave it, when it was none of the documented six. */
	octopods_status?: string;
	status_message?: string;
	failure_reason?: FailureReason;
	phone_number?: string;
	sent_at?: string;
	delivered_at?: string;
	read_at?: string;
	last_updated?: string;
	channel_message_id?: string | number;
	intercom_conversation_id?: string | number;
	intercom_conversation_part_id?: string | number;
	request_id?: string;
}

/** `delivered`, `DELIVERED`, ` Delivered ` → DELIVERED; anything else → UNKNOWN. */
export function normaliseStatusValue(value: unknown): { status: MessageStatusValue; octopods_status?: string } {
	const word = typeof value === 'string' ? value.trim().toUpperCase() : '';
	if ((MESSAGE_STATUSES as readonly string[]).includes(word)) return { status: word as MessageStatusValue };
	return { status: 'UNKNOWN', ...(word ? { octopods_status: String(value).trim() } : {}) };
}

/** `{code, description}`, `{code, title}` or plain text → `{code?, description}`; empty → undefined. */
export function normaliseFailureReason(reason: RawFailureReason | undefined): FailureReason | undefined {
	if (reason === null || reason === undefined) return undefined;
	if (typeof reason === 'string') return reason.trim() ? { description: reason.trim() } : undefined;
	if (typeof reason !== 'object') return undefined;
	const description = [reason.description, reason.title].find((text) => typeof text === 'string' && text.trim());
	const code = reason.code === undefined || reason.code === null || reason.code === '' ? undefined : String(reason.code);
	if (!description && code === undefined) return undefined;
	return { ...(code !== undefined ? { code } : {}), description: description?.trim() ?? 'Octopods gave no description' };
}

function present<T>(value: T | null | undefined): value is T {
	return value !== undefined && value !== null && value !== '';
}

/** Copies the fields that carry a value (null and '' mean "not reached" or "none" in the 2026 shapes). */
function copyPresent<K extends keyof MessageStatus>(target: MessageStatus, source: Partial<Record<K, unknown>>, keys: K[]): void {
	for (const key of keys) {
		const value = source[key];
		if (present(value)) (target as unknown as Record<string, unknown>)[key] = value;
	}
}

/**
 * The status in the one shape. A FAILED status always has a failure_reason (Octopods' status
 * message when it gave no reason), so a workflow can read `failure_reason.description` unguarded.
 */
export function normaliseStatus(raw: RawMessageStatus, fallbackMessageId?: string | number): MessageStatus {
	const status: MessageStatus = normaliseStatusValue(raw.status);
	const id = present(raw.message_id) ? raw.message_id : fallbackMessageId;
	const out: MessageStatus = { ...(present(id) ? { message_id: id } : {}), ...status };
	copyPresent(out, raw as Partial<Record<keyof MessageStatus, unknown>>, ['status_message']);
	const reason = normaliseFailureReason(raw.failure_reason);
	if (reason) out.failure_reason = reason;
	else if (out.status === 'FAILED') out.failure_reason = { description: raw.status_message?.trim() || 'Octopods gave no reason' };
	copyPresent(out, raw as Partial<Record<keyof MessageStatus, unknown>>, [
		'phone_number',
		'sent_at',
		'delivered_at',
		'read_at',
		'last_updated',
		'channel_message_id',
		'intercom_conversation_id',
		'intercom_conversation_part_id',
		'request_id',
	]);
	return out;
}
