/**
 * Sent messages and their simulated delivery. Status is derived from the time since sending, so no
 * timers run and a closed sandbox leaves nothing pending.
 */
import type { MessageStatusValue } from '../nodes/Octopods/transport/types';
import type { Generation } from './templates';

/** 2026: the two status shapes the articles show (see NOTES.md); the original generation has one. */
export type StatusStyle = 'uppercase' | 'lowercase';
export const STATUS_STYLES: readonly StatusStyle[] = ['uppercase', 'lowercase'];

export interface AnswerStyle {
	generation: Generation;
	statusStyle: StatusStyle;
	/** Templates served without a language field, as the original page's and the newest 2026 example show them (the `lang` filter still works). */
	hideLanguages?: boolean;
}

export type MessageKind = 'template' | 'interactive' | 'sms';

interface SentMessage {
	id: number;
	channel: string;
	digits: string;
	kind: MessageKind;
	sentAt: number;
	/** The rendered text, for the 2026 list's message_content. */
	content: string;
}

interface Step {
	afterMs: number;
	status: MessageStatusValue;
	failure?: { code: string; description: string };
	/** When the step was reached, for a status set on demand (otherwise sentAt + afterMs, scaled). */
	atMs?: number;
}

/** A status set on demand (POST /__sandbox/messages/status), from `atMs` on. */
interface SetStatus {
	status: MessageStatusValue;
	atMs: number;
	failure?: { code: string; description: string };
}

/** Documented delays (before timeScale). */
export const DELIVERED_AFTER_MS = 2_000;
export const READ_AFTER_MS = 5_000;
export const FIRST_MESSAGE_ID = 1000;

/** Destinations whose digits end like this fail, to exercise the node's failure handling. */
export const UNREACHABLE_SUFFIX = '999';
export const OUTSIDE_WINDOW_SUFFIX = '888';
/** 2026, upper-case style: the status of these numbers is UNKNOWN ("not yet available") until delivered. */
export const UNKNOWN_FIRST_SUFFIX = '777';
/** These stay SENT until a status is set on demand (the trigger's demo and tests: nothing changes by itself). */
export const HELD_SUFFIX = '555';
/** The failure a status set on demand gets when none is given (WhatsApp's "message undeliverable"). */
export const ON_DEMAND_FAILURE = { code: '131026', description: 'Message undeliverable' };
const FINAL_STATUSES: readonly MessageStatusValue[] = ['READ', 'FAILED', 'DELETED'];
const UNREACHABLE = { code: '63003', description: 'Channel could not find To address' };
const OUTSIDE_WINDOW = {
	code: '131047',
	description:
		'Re-engagement message: more than 24 hours have passed since the customer last replied to this number.',
};

// Wording from the docs' examples, including their "delived".
const STATUS_MESSAGES: Record<string, string> = {
	SENT: 'Your message has been sent.',
	DELIVERED: 'Your message has been delived successfully.',
	READ: 'Your message has been read.',
	FAILED: 'Your message has failed to be sent.',
	UNKNOWN: 'The status is not yet available. Retry shortly.',
};

type JsonObject = Record<string, unknown>;

export class MessageStore {
	private readonly messages = new Map<number, SentMessage>();
	private readonly setStatuses = new Map<number, SetStatus>();
	private nextId = FIRST_MESSAGE_ID;

	constructor(private readonly timeScale: number) {}

	add(channel: string, digits: string, kind: MessageKind, now: number, content = ''): number {
		const id = this.nextId++;
		this.messages.set(id, { id, channel, digits, kind, sentAt: now, content });
		return id;
	}

	/** Who a message went to, its kind and its rendered text (the inbox shows them). */
	find(id: number): Pick<SentMessage, 'digits' | 'kind' | 'content'> | undefined {
		return this.messages.get(id);
	}

	/** The message's status in the style asked for, or null when it does not exist for this channel (channels never see each other's). */
	statusOf(id: string, channel: string, now: number, style: AnswerStyle = ORIGINAL): JsonObject | null {
		const message = /^\d+$/.test(id) ? this.messages.get(Number(id)) : undefined;
		if (message === undefined || message.channel !== channel) return null;
		return this.describe(message, now, style);
	}

	/** 2026: the channel's messages, newest first, at most `limit`, in the list shape of the style. */
	list(channel: string, now: number, limit: number, style: AnswerStyle): JsonObject[] {
		const mine = [...this.messages.values()].filter((message) => message.channel === channel).reverse().slice(0, limit);
		return mine.map((message) => this.listEntry(message, now, style));
	}

	/**
	 * Sets the status of the channel's messages from `now` on (failures on demand, for the trigger's
	 * tests and demo); returns the IDs it knows, the others are ignored.
	 */
	setStatus(ids: number[], channel: string, status: MessageStatusValue, now: number, failure?: SetStatus['failure']): number[] {
		const known = ids.filter((id) => this.messages.get(id)?.channel === channel);
		const reason = status === 'FAILED' ? (failure ?? ON_DEMAND_FAILURE) : undefined;
		for (const id of known) this.setStatuses.set(id, { status, atMs: now, ...(reason ? { failure: reason } : {}) });
		return known;
	}

	reset(): void {
		this.setStatuses.clear();
		this.messages.clear();
		this.nextId = FIRST_MESSAGE_ID;
	}

	private progress(message: SentMessage, now: number, style: AnswerStyle): { step: Step; reached: Step[] } {
		const steps = timeline(message, style);
		const reachedBy = (time: number) => steps.filter((candidate) => message.sentAt + candidate.afterMs * this.timeScale <= time);
		const set = this.setStatuses.get(message.id);
		if (set === undefined || set.atMs > now) {
			const reached = reachedBy(now);
			return { step: reached[reached.length - 1] ?? steps[0], reached };
		}
		// The stages reached before the status was set (final ones excepted), then the status set.
		const before = reachedBy(set.atMs).filter((candidate) => !FINAL_STATUSES.includes(candidate.status));
		const step: Step = { afterMs: 0, status: set.status, failure: set.failure, atMs: set.atMs };
		return { step, reached: [...(before.length > 0 ? before : [steps[0]]), step] };
	}

	private at(message: SentMessage, step: Step | undefined): string | null {
		if (step === undefined) return null;
		return new Date(step.atMs ?? message.sentAt + step.afterMs * this.timeScale).toISOString();
	}

	private describe(message: SentMessage, now: number, style: AnswerStyle): JsonObject {
		const { step, reached } = this.progress(message, now, style);
		const failure = step.failure;
		if (style.generation === '2026' && style.statusStyle === 'lowercase') {
			// Article 14824155: lowercase, per-stage timestamps (null until reached), failure as text.
			const stage = (status: MessageStatusValue) => this.at(message, reached.find((candidate) => candidate.status === status));
			return {
				message_id: message.id,
				status: step.status.toLowerCase(),
				phone_number: `+${message.digits}`,
				channel_message_id: `wamid.sandbox${message.id}`,
				sent_at: this.at(message, reached[0]),
				delivered_at: stage('DELIVERED'),
				read_at: stage('READ'),
				failure_reason: failure ? failure.description : null,
			};
		}
		const original = {
			message_id: message.id,
			status: step.status,
			status_message: STATUS_MESSAGES[step.status],
			...(failure ? { failure_reason: failure } : {}),
			last_updated: this.at(message, step),
		};
		if (style.generation === 'original') return original;
		// Article 14823959: the original shape plus the provider's ID and the CRM conversation IDs.
		return {
			...original,
			channel_message_id: `wamid.sandbox${message.id}`,
			intercom_conversation_id: '',
			intercom_conversation_part_id: '',
		};
	}

	private listEntry(message: SentMessage, now: number, style: AnswerStyle): JsonObject {
		const { step } = this.progress(message, now, style);
		const sentAt = new Date(message.sentAt).toISOString();
		if (style.statusStyle === 'lowercase') {
			// Article 14824157: a summary per message; failure_reason only when failed.
			return {
				message_id: message.id,
				status: step.status.toLowerCase(),
				phone_number: `+${message.digits}`,
				sent_at: sentAt,
				...(step.failure ? { failure_reason: step.failure.description } : {}),
			};
		}
		// Article 14823960: the record shape; failure_reason "" unless failed, then {code, title}.
		return {
			user_phone_number: `+${message.digits}`,
			created_at: sentAt,
			message_content: message.content,
			message_status: {
				channel_message_id: message.id,
				message_status: step.status,
				failure_reason: step.failure ? { code: Number(step.failure.code), title: step.failure.description } : '',
			},
		};
	}
}

const ORIGINAL: AnswerStyle = { generation: 'original', statusStyle: 'uppercase' };

function timeline(message: SentMessage, style: AnswerStyle): Step[] {
	const unknownFirst =
		style.generation === '2026' && style.statusStyle === 'uppercase' && message.digits.endsWith(UNKNOWN_FIRST_SUFFIX);
	const sent: Step = { afterMs: 0, status: unknownFirst ? 'UNKNOWN' : 'SENT' };
	if (message.digits.endsWith(HELD_SUFFIX)) return [sent];
	if (message.digits.endsWith(UNREACHABLE_SUFFIX)) {
		return [sent, { afterMs: DELIVERED_AFTER_MS, status: 'FAILED', failure: UNREACHABLE }];
	}
	// Free-form (interactive) messages only reach customers inside the 24-hour window; templates always may.
	if (message.kind === 'interactive' && message.digits.endsWith(OUTSIDE_WINDOW_SUFFIX)) {
		return [sent, { afterMs: DELIVERED_AFTER_MS, status: 'FAILED', failure: OUTSIDE_WINDOW }];
	}
	return [sent, { afterMs: DELIVERED_AFTER_MS, status: 'DELIVERED' }, { afterMs: READ_AFTER_MS, status: 'READ' }];
}
