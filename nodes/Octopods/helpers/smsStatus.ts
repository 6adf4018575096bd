/**
 * One SMS status shape out of both generations Octopods answers in: the older article's uppercase
 * `SENT` / `DELIVERED` / `FAILED` with `status_message` and `last_updated`, and the 2026 lowercase
 * `queued` / `sent` / `delivered` / `failed` / `undelivered` with `phone_number`, `sent_at`,
 * `delivered_at` and `failure_reason` as text. Upper case out, as WhatsApp's statuses
 * (messageStatus.ts). Pure, unit-tested on the articles' examples.
 */
import { type FailureReason, normaliseFailureReason } from './messageStatus';
import type { StatusRules } from './statusWait';
import type { RawFailureReason } from '../transport/types';

export type SmsStatusValue = 'QUEUED' | 'SENT' | 'DELIVERED' | 'FAILED' | 'UNDELIVERED' | 'UNKNOWN';

export const SMS_STATUSES: readonly SmsStatusValue[] = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED', 'UNDELIVERED'];

/** DELIVERED, FAILED and UNDELIVERED no longer change; QUEUED and SENT do. */
export const SMS_STATUS_RULES: StatusRules = {
	final: ['DELIVERED', 'FAILED', 'UNDELIVERED'],
	dead: ['FAILED', 'UNDELIVERED'],
	delivered: ['DELIVERED'],
	// SMS has no read receipt: Read is never reached (and Get SMS Status does not offer it).
	read: [],
};

/** A status answer of the SMS API, either generation. */
export interface RawSmsStatus {
	message_id?: number | string;
	status?: string;
	status_message?: string | null;
	last_updated?: string | null;
	request_id?: string;
	phone_number?: string | null;
	channel_message_id?: string | number | null;
	sent_at?: string | null;
	delivered_at?: string | null;
	failure_reason?: RawFailureReason;
}

export interface SmsStatus {
	message_id?: number | string;
	status: SmsStatusValue;
	/** The status word as Octopods gave it, when it was none of the documented ones. */
	octopods_status?: string;
	/** Whether the status can still change (QUEUED, SENT) or not. */
	final: boolean;
	status_message?: string;
	failure_reason?: FailureReason;
	phone_number?: string;
	sent_at?: string;
	delivered_at?: string;
	last_updated?: string;
	channel_message_id?: string | number;
	request_id?: string;
}

const COPIED = ['status_message', 'phone_number', 'sent_at', 'delivered_at', 'last_updated', 'channel_message_id', 'request_id'] as const;

/**
 * The status in the one shape. A FAILED or UNDELIVERED status always has a failure_reason (the
 * status message when Octopods gave no reason), so a workflow can read its description unguarded.
 */
export function normaliseSmsStatus(raw: RawSmsStatus, fallbackMessageId?: string | number): SmsStatus {
	const word = typeof raw.status === 'string' ? raw.status.trim().toUpperCase() : '';
	const known = (SMS_STATUSES as readonly string[]).includes(word);
	const status = (known ? word : 'UNKNOWN') as SmsStatusValue;
	const id = raw.message_id ?? fallbackMessageId;
	const out: SmsStatus = {
		...(id !== undefined && id !== null && id !== '' ? { message_id: id } : {}),
		status,
		...(!known && word ? { octopods_status: String(raw.status).trim() } : {}),
		final: SMS_STATUS_RULES.final.includes(status),
	};
	for (const key of COPIED) {
		const value = raw[key];
		if (value !== undefined && value !== null && value !== '') (out as unknown as Record<string, unknown>)[key] = value;
	}
	const reason = normaliseFailureReason(raw.failure_reason);
	if (reason) out.failure_reason = reason;
	else if (SMS_STATUS_RULES.dead.includes(status)) {
		out.failure_reason = { description: raw.status_message?.trim() || 'Octopods gave no reason' };
	}
	return out;
}
