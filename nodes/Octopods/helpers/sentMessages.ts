/**
 * The sent-messages list (GET /api/v1/whatsapp/messages, 2026 articles) in its two shapes, turned
 * into Get Status items (see messageStatus.ts). Pure, for Message > Get Many and the polling trigger.
 */
import { DEPRECATED_KEY_CODE } from '../transport/types';
import type { OctopodsErrorBody, RawSentMessageRecord, RawSentMessages, RawSentMessageSummary } from '../transport/types';
import { type MessageStatus, normaliseStatus } from './messageStatus';

/** The list's documented default and maximum. */
export const MAX_SENT_MESSAGES = 100;

function isRecord(entry: RawSentMessageSummary | RawSentMessageRecord): entry is RawSentMessageRecord {
	return typeof entry === 'object' && entry !== null && ('message_status' in entry || 'user_phone_number' in entry);
}

/**
 * `{user_phone_number, created_at, message_content, message_status: {channel_message_id, ...}}`:
 * its channel_message_id is, by the article, the Octopods message ID a send returned, so it becomes
 * message_id; created_at (when Octopods received the send) becomes sent_at.
 */
function fromRecord(record: RawSentMessageRecord): MessageStatus & { message_content?: string } {
	const status = normaliseStatus({
		message_id: record.message_status?.channel_message_id,
		status: record.message_status?.message_status,
		failure_reason: record.message_status?.failure_reason,
		phone_number: record.user_phone_number,
		sent_at: record.created_at,
	});
	return typeof record.message_content === 'string' ? { ...status, message_content: record.message_content } : status;
}

/** Every message of either shape, newest first as Octopods lists them. Anything else is no messages. */
export function normaliseSentMessages(raw: RawSentMessages | null | undefined): MessageStatus[] {
	const entries: Array<RawSentMessageSummary | RawSentMessageRecord> = Array.isArray(raw)
		? raw
		: Array.isArray(raw?.messages)
			? raw.messages
			: [];
	return entries
		.filter((entry) => typeof entry === 'object' && entry !== null)
		.map((entry) => (isRecord(entry) ? fromRecord(entry) : normaliseStatus(entry)));
}

/**
 * The list in either shape, or undefined when the answer is neither (not an array nor
 * `{messages: [...]}`, or an entry that is not an object): the trigger then leaves its state alone.
 * null (the "nothing sent yet" 400) is an empty list.
 */
export function readSentMessages(raw: RawSentMessages | null | undefined): MessageStatus[] | undefined {
	if (raw === null || raw === undefined) return [];
	const entries: unknown = Array.isArray(raw) ? raw : (raw as { messages?: unknown }).messages;
	if (!Array.isArray(entries)) return undefined;
	if (!entries.every((entry) => typeof entry === 'object' && entry !== null)) return undefined;
	return normaliseSentMessages(entries as RawSentMessages);
}

const NOTHING_SENT = /\bno (?:messages?|sends?)\b.*\b(?:sent|yet)\b|\bnothing (?:has been |was )?sent\b|\bnot sent any\b/i;

/**
 * The list's 400 for a channel that has sent nothing yet, told apart from the list's other 400 (a
 * missing or deprecated key, DEPRECATED_KEY_CODE) by its words. The article gives no code for it.
 */
export function saysNothingSentYet(statusCode: number, body: OctopodsErrorBody): boolean {
	if (statusCode !== 400 || typeof body.error !== 'string' || body.error_code === DEPRECATED_KEY_CODE.whatsapp) return false;
	return NOTHING_SENT.test(body.error);
}
