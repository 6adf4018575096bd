/**
 * Sent messages and their simulated delivery. Status is derived from the time since sending, so no
 * timers run and a closed sandbox leaves nothing pending.
 */
import type { MessageStatus, MessageStatusValue } from '../nodes/Octopods/transport/types';

export type MessageKind = 'template' | 'interactive';

interface SentMessage {
	id: number;
	channel: string;
	digits: string;
	kind: MessageKind;
	sentAt: number;
}

interface Step {
	afterMs: number;
	status: MessageStatusValue;
	failure?: { code: string; description: string };
}

/** Documented delays (before timeScale). */
export const DELIVERED_AFTER_MS = 2_000;
export const READ_AFTER_MS = 5_000;
export const FIRST_MESSAGE_ID = 1000;

/** Destinations whose digits end like this fail, to exercise the node's failure handling. */
export const UNREACHABLE_SUFFIX = '999';
export const OUTSIDE_WINDOW_SUFFIX = '888';
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
};

export class MessageStore {
	private readonly messages = new Map<number, SentMessage>();
	private nextId = FIRST_MESSAGE_ID;

	constructor(private readonly timeScale: number) {}

	add(channel: string, digits: string, kind: MessageKind, now: number): number {
		const id = this.nextId++;
		this.messages.set(id, { id, channel, digits, kind, sentAt: now });
		return id;
	}

	/** The message's status, or null when it does not exist for this channel (channels never see each other's). */
	statusOf(id: string, channel: string, now: number): Omit<MessageStatus, 'request_id'> | null {
		const message = /^\d+$/.test(id) ? this.messages.get(Number(id)) : undefined;
		if (message === undefined || message.channel !== channel) return null;
		const steps = timeline(message);
		const elapsed = now - message.sentAt;
		const step = steps.filter((candidate) => candidate.afterMs * this.timeScale <= elapsed).pop() ?? steps[0];
		const lastUpdated = new Date(message.sentAt + step.afterMs * this.timeScale).toISOString();
		return {
			message_id: message.id,
			status: step.status,
			status_message: STATUS_MESSAGES[step.status],
			...(step.failure ? { failure_reason: step.failure } : {}),
			last_updated: lastUpdated,
		};
	}

	reset(): void {
		this.messages.clear();
		this.nextId = FIRST_MESSAGE_ID;
	}
}

function timeline(message: SentMessage): Step[] {
	const sent: Step = { afterMs: 0, status: 'SENT' };
	if (message.digits.endsWith(UNREACHABLE_SUFFIX)) {
		return [sent, { afterMs: DELIVERED_AFTER_MS, status: 'FAILED', failure: UNREACHABLE }];
	}
	// Free-form (interactive) messages only reach customers inside the 24-hour window; templates always may.
	if (message.kind === 'interactive' && message.digits.endsWith(OUTSIDE_WINDOW_SUFFIX)) {
		return [sent, { afterMs: DELIVERED_AFTER_MS, status: 'FAILED', failure: OUTSIDE_WINDOW }];
	}
	return [sent, { afterMs: DELIVERED_AFTER_MS, status: 'DELIVERED' }, { afterMs: READ_AFTER_MS, status: 'READ' }];
}
