/**
 * The sent-messages list (GET /api/v1/whatsapp/messages, 2026 articles) in its two shapes, turned
 * into Get Status items (see messageStatus.ts). Pure, for Message > Get Many and the polling trigger.
 */
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

/** The sent-messages list as the trigger reads it: every row, and how many of them could not be read. */
export interface SentMessagesReading {
	/**
	 * Every row, newest first. A row that cannot be read (not an object, or no message ID) stays as a
	 * row without message_id, so the list keeps its length; a status of no known shape reads UNKNOWN.
	 */
	messages: MessageStatus[];
	/** Rows without a message ID, or whose status is missing or not text. */
	unreadableRows: number;
}

function present(value: unknown): boolean {
	return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

/** Whether a row carries a message ID and a status in text, in either shape. */
function readable(entry: unknown): boolean {
	if (typeof entry !== 'object' || entry === null) return false;
	if (isRecord(entry as RawSentMessageRecord)) {
		const status = (entry as RawSentMessageRecord).message_status;
		return typeof status === 'object' && status !== null && present(status.channel_message_id) && typeof status.message_status === 'string' && present(status.message_status);
	}
	const summary = entry as RawSentMessageSummary;
	return present(summary.message_id) && typeof summary.status === 'string' && present(summary.status);
}

/**
 * The list in either shape, or undefined when the answer is neither (not an array nor
 * `{messages: [...]}`): the trigger then leaves its state alone. null (the "nothing sent yet" 400)
 * is an empty list. A row that cannot be read is counted, never a reason to drop the others.
 */
export function readSentMessages(raw: RawSentMessages | null | undefined): SentMessagesReading | undefined {
	if (raw === null || raw === undefined) return { messages: [], unreadableRows: 0 };
	const entries: unknown = Array.isArray(raw) ? raw : (raw as { messages?: unknown }).messages;
	if (!Array.isArray(entries)) return undefined;
	const objects = entries.map((entry: unknown) => (typeof entry === 'object' && entry !== null ? entry : {}));
	return {
		messages: normaliseSentMessages(objects as RawSentMessages),
		unreadableRows: entries.filter((entry: unknown) => !readable(entry)).length,
	};
}

const NOTHING_SENT = /\bno (?:messages?|sends?)\b.*\b(?:sent|yet)\b|\bnothing (?:has been |was )?sent\b|\bnot sent any\b/i;

/**
 * The list's 400 for a channel that has sent nothing yet, told apart from the list's other 400 (a
 * missing or deprecated key, code 6) by its words. The article gives no code for it.
 */
export function saysNothingSentYet(statusCode: number, body: OctopodsErrorBody): boolean {
	if (statusCode !== 400 || typeof body.error !== 'string' || body.error_code === 6) return false;
	return NOTHING_SENT.test(body.error);
}
