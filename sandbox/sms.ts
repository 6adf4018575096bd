/**
 * The SMS channel (NOTES.md, "The SMS channel"): its own key, its own error codes (1-5), its own
 * messages, in both generations of answers. Statuses are derived from the time since sending, as for
 * WhatsApp, so no timer runs.
 */
import { randomUUID } from 'crypto';
import { ApiError, badRequest } from './errors';
import type { AnswerStyle } from './messages';
import { parseJsonObject, type JsonObject } from './validation';

export const SMS_API_KEY = 'sandbox-sms-api-key';
export const SMS_DEPRECATED_API_KEY = 'sandbox-sms-api-key-deprecated';
/** The rate limiter's and the request log's name for the SMS channel. */
export const SMS_CHANNEL = 'sms';

/** The SMS family's codes: not WhatsApp's (there 5 is an invalid phone). */
export const SmsErrorCode = { ArgumentMissing: 1, EmptyBody: 2, PhoneInvalid: 3, ProviderError: 4, DeprecatedApiKey: 5 } as const;

export const SMS_MAX_LENGTH = 1600;
/** SMS IDs start here, far from WhatsApp's, so a mixed-up ID is visibly the other channel's. */
export const FIRST_SMS_ID = 5000;
/** Before timeScale: queued, then with the carrier, then delivered (or given up). */
export const SMS_SENT_AFTER_MS = 1_000;
export const SMS_FINAL_AFTER_MS = 2_000;
/** Destinations ending like this are undeliverable: the carrier gives up (undelivered / FAILED). */
export const SMS_UNDELIVERABLE_SUFFIX = '999';
/** Destinations ending like this make the provider refuse the send at once (error code 4). */
export const SMS_PROVIDER_ERROR_SUFFIX = '444';
export const SMS_UNDELIVERED_REASON = 'Unreachable destination handset (carrier error 30003)';

const E164 = /^\+[1-9]\d{6,14}$/;

export interface SmsMessage {
	id: number;
	digits: string;
	body: string;
	sentAt: number;
}

export class SmsStore {
	private readonly messages = new Map<number, SmsMessage>();
	private nextId = FIRST_SMS_ID;

	constructor(private readonly timeScale: number) {}

	add(digits: string, body: string, now: number): SmsMessage {
		const message = { id: this.nextId++, digits, body, sentAt: now };
		this.messages.set(message.id, message);
		return message;
	}

	find(id: number): SmsMessage | undefined {
		return this.messages.get(id);
	}

	reset(): void {
		this.messages.clear();
		this.nextId = FIRST_SMS_ID;
	}

	/** The status answer in the generation's shape, or null for an unknown ID. */
	statusOf(id: string, now: number, style: AnswerStyle): JsonObject | null {
		const message = /^\d+$/.test(id) ? this.messages.get(Number(id)) : undefined;
		if (message === undefined) return null;
		const at = (afterMs: number) => message.sentAt + afterMs * this.timeScale;
		const undeliverable = message.digits.endsWith(SMS_UNDELIVERABLE_SUFFIX);
		const sent = now >= at(SMS_SENT_AFTER_MS);
		const final = now >= at(SMS_FINAL_AFTER_MS);
		const iso = (afterMs: number) => new Date(at(afterMs)).toISOString();
		if (style.generation === '2026') {
			const status = final ? (undeliverable ? 'undelivered' : 'delivered') : sent ? 'sent' : 'queued';
			return {
				request_id: randomUUID(),
				message_id: message.id,
				status,
				phone_number: `+${message.digits}`,
				sent_at: sent ? iso(SMS_SENT_AFTER_MS) : null,
				delivered_at: final && !undeliverable ? iso(SMS_FINAL_AFTER_MS) : null,
				failure_reason: final && undeliverable ? SMS_UNDELIVERED_REASON : null,
			};
		}
		// The older article knows only SENT, DELIVERED and FAILED, with a status_message.
		const status = final ? (undeliverable ? 'FAILED' : 'DELIVERED') : 'SENT';
		return {
			request_id: randomUUID(),
			message_id: message.id,
			status,
			status_message: final && undeliverable ? SMS_UNDELIVERED_REASON : STATUS_MESSAGES[status],
			last_updated: iso(final ? SMS_FINAL_AFTER_MS : 0),
		};
	}
}

const STATUS_MESSAGES: Record<string, string> = {
	SENT: 'Your message has been sent.',
	DELIVERED: 'Your message has been delivered.',
};

/** POST /api/v1/sms/messages with the SMS key; returns the stored message and the 201 answer. */
export function sendSms(rawBody: string, now: number, store: SmsStore, style: AnswerStyle): { message: SmsMessage; body: JsonObject } {
	const body = parseJsonObject(rawBody);
	const phone = body.destination_phone;
	if (phone === undefined || phone === null || phone === '') {
		throw badRequest(SmsErrorCode.ArgumentMissing, 'ARGUMENT_MISSING: destination_phone is missing.');
	}
	if (typeof phone !== 'string' || !E164.test(phone)) {
		throw badRequest(
			SmsErrorCode.PhoneInvalid,
			`PHONE_INVALID: destination_phone must be in E.164 format, e.g. +353838000000 (got ${JSON.stringify(phone)}).`,
		);
	}
	const text = body.body;
	if (typeof text !== 'string' || text.trim() === '') {
		throw badRequest(SmsErrorCode.EmptyBody, 'EMPTY_BODY: body is missing or blank.');
	}
	// The articles give no code of their own for a long body: the provider (Twilio) refuses it.
	const length = [...text].length;
	if (length > SMS_MAX_LENGTH) {
		throw badRequest(
			SmsErrorCode.ProviderError,
			`The SMS provider returned an error: 21617 The concatenated message body exceeds the ${SMS_MAX_LENGTH} character limit (got ${length}).`,
		);
	}
	checkOptional(body);
	const digits = phone.slice(1);
	if (digits.endsWith(SMS_PROVIDER_ERROR_SUFFIX)) {
		throw badRequest(SmsErrorCode.ProviderError, 'The SMS provider returned an error: 21610 Attempt to send to unsubscribed recipient.');
	}
	const message = store.add(digits, text, now);
	const answer: JsonObject =
		style.generation === '2026'
			? { request_id: randomUUID(), message_id: message.id, channel_message_id: `SMsandbox${message.id}` }
			: { message_id: message.id, phone_number: digits, request_id: randomUUID() };
	return { message, body: answer };
}

const TRUTHY_FLAGS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'];

// The SMS family has no type-mismatch code: a wrongly typed optional field is a 400 without one.
function checkOptional(body: JsonObject): void {
	const name = body.destination_user_name;
	if (name !== undefined && typeof name !== 'string') {
		throw new ApiError(400, 'destination_user_name must be a string.');
	}
	const teammate = body.intercom_teammate_id;
	if (teammate !== undefined && typeof teammate !== 'string') {
		throw new ApiError(400, 'intercom_teammate_id must be a string.');
	}
	const open = body.open_intercom_conversation;
	if (open !== undefined && !(typeof open === 'boolean' || TRUTHY_FLAGS.includes(String(open).toLowerCase()))) {
		throw new ApiError(
			400,
			`open_intercom_conversation must be true/false, 1/0, yes/no or on/off (got ${JSON.stringify(open)}).`,
		);
	}
}

/** A WhatsApp channel's key on the SMS status endpoint, or on a send that carries an SMS body. */
export function whatsappKeyForSms(): ApiError {
	return new ApiError(403, "This API key belongs to a WhatsApp channel: SMS needs the SMS channel's own API key.");
}

/** The SMS channel's key on a WhatsApp endpoint. */
export function smsKeyForWhatsapp(): ApiError {
	return new ApiError(403, "This API key belongs to an SMS channel: WhatsApp needs the WhatsApp channel's own API key.");
}

/** A send to /api/v1/sms/messages with a WhatsApp key is an interactive message unless it carries an SMS body instead. */
export function isSmsBody(rawBody: string): boolean {
	try {
		const parsed = JSON.parse(rawBody) as unknown;
		return typeof parsed === 'object' && parsed !== null && !('waba_interactive_message' in parsed) && 'body' in parsed;
	} catch {
		return false;
	}
}
