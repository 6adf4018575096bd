/**
 * The Octopods Trigger's poll, as pure logic: what the trigger remembers between polls (workflow
 * static data, bounded), which status changes to report, and which messages to follow through the
 * status endpoint once they have left the newest-100 list. The node fetches; this decides.
 */
import type { MessageStatusValue } from '../transport/types';
import type { MessageStatus } from './messageStatus';

/** The Events a user picks (the node's `events` parameter values: a public contract). */
export type TriggerEvent = 'delivered' | 'read' | 'failed' | 'anyChange';
export const TRIGGER_EVENTS: readonly TriggerEvent[] = ['anyChange', 'delivered', 'failed', 'read'];

/** What an emitted item's `event` says happened. */
export type EmittedEvent = 'delivered' | 'read' | 'failed' | 'status_changed';

/** A message that left the list before a final status, followed through the status endpoint. */
export interface FollowedMessage {
	id: string;
	status: MessageStatusValue;
}

/** Kept in the node's static data: at most 100 known messages and MAX_FOLLOWED followed ones. */
export interface PollState {
	version: 1;
	/**
	 * The last status of every message in the newest list the last poll saw, newest first (an array:
	 * an object would reorder numeric IDs).
	 */
	known: FollowedMessage[];
	/** Messages followed through the status endpoint, in the order they are checked. */
	following: FollowedMessage[];
	/** The newest message of the last poll's list, to tell whether the next list reaches back to it. */
	newest?: string;
}

/** How many messages that left the list are followed at most (about 20 KB of static data). */
export const MAX_FOLLOWED = 500;
/** The list's size: a poll that sees this many may not reach back to the previous one. */
export const LIST_SIZE = 100;

const FAILED_LIKE: readonly MessageStatusValue[] = ['FAILED', 'DELETED'];
/** Statuses that no longer change (as Wait for Status' "Final Status" counts them). */
const FINAL: readonly MessageStatusValue[] = ['READ', 'FAILED', 'DELETED'];
const STAGE: Partial<Record<MessageStatusValue, number>> = { SENT: 0, UNKNOWN: 0, DELIVERED: 1, READ: 2 };
const STATUSES: readonly string[] = ['SENT', 'DELIVERED', 'READ', 'FAILED', 'DELETED', 'UNKNOWN'];

export function isFinal(status: MessageStatusValue): boolean {
	return FINAL.includes(status);
}

/** The static data as a state, or undefined when there is none yet (or it is not ours): the poll then records a baseline. */
export function readState(stored: unknown): PollState | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const { version, known, following, newest } = stored as Partial<PollState>;
	if (version !== 1 || !Array.isArray(known) || !Array.isArray(following)) return undefined;
	const valid = (entry: unknown): entry is FollowedMessage => {
		const { id, status } = (entry ?? {}) as Partial<FollowedMessage>;
		return typeof id === 'string' && typeof status === 'string' && STATUSES.includes(status);
	};
	return {
		version: 1,
		known: known.filter(valid),
		following: following.filter(valid),
		...(typeof newest === 'string' ? { newest } : {}),
	};
}

function idOf(message: MessageStatus): string | undefined {
	const id = message.message_id;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

/** The first poll after activation: remember what is there, report nothing. */
export function baseline(list: MessageStatus[]): PollState {
	const known = knownOf(list);
	return { version: 1, known, following: [], ...(known.length > 0 ? { newest: known[0].id } : {}) };
}

/** The list's messages with an ID, newest first, each once. */
function knownOf(list: MessageStatus[]): FollowedMessage[] {
	const seen = new Set<string>();
	const known: FollowedMessage[] = [];
	for (const message of list) {
		const id = idOf(message);
		if (id === undefined || seen.has(id)) continue;
		seen.add(id);
		known.push({ id, status: message.status });
	}
	return known;
}

/** Known messages that are no longer in the list and have no final status yet: followed from now on, oldest first. */
function leftTheList(state: PollState, list: MessageStatus[], selected: readonly TriggerEvent[]): FollowedMessage[] {
	const inList = new Set(list.map(idOf));
	return state.known.filter(({ id, status }) => !inList.has(id) && mayStillReach(status, selected)).reverse();
}

/** Everyone followed, in the order they are checked: the queue, then those that just left the list. */
function followQueue(state: PollState, list: MessageStatus[], selected: readonly TriggerEvent[]): FollowedMessage[] {
	return [...state.following, ...leftTheList(state, list, selected)];
}

/**
 * The followed messages this poll checks through the status endpoint, at most `maxPerPoll`: the
 * front of the queue (oldest first; those checked go to the back, so everyone gets a turn),
 * including messages that left the list in this very poll.
 */
export function followUpsDue(
	state: PollState,
	list: MessageStatus[],
	selected: readonly TriggerEvent[],
	maxPerPoll: number,
): FollowedMessage[] {
	return followQueue(state, list, selected).slice(0, Math.max(0, Math.floor(maxPerPoll)));
}

/**
 * The events a change of status implies. READ implies delivered too (a message can go from SENT to
 * READ between two polls); DELETED counts as failed. `previous` is undefined for a message first
 * seen now, which then counts as having been SENT.
 */
export function impliedEvents(previous: MessageStatusValue | undefined, current: MessageStatusValue): EmittedEvent[] {
	if (previous === current) return [];
	if (FAILED_LIKE.includes(current)) return previous !== undefined && FAILED_LIKE.includes(previous) ? [] : ['failed'];
	if (previous !== undefined && FAILED_LIKE.includes(previous)) return [];
	const before = previous === undefined ? 0 : (STAGE[previous] ?? 0);
	const now = STAGE[current] ?? 0;
	const events: EmittedEvent[] = [];
	if (now >= 1 && before < 1) events.push('delivered');
	if (now >= 2 && before < 2) events.push('read');
	return events;
}

/** The events to emit for a change, among those selected; Any Status Change names any other change. */
export function selectedEvents(
	previous: MessageStatusValue | undefined,
	current: MessageStatusValue,
	selected: readonly TriggerEvent[],
): EmittedEvent[] {
	const implied = impliedEvents(previous, current);
	if (selected.includes('anyChange')) {
		if (implied.length > 0) return implied;
		return previous !== undefined && previous !== current ? ['status_changed'] : [];
	}
	return implied.filter((event) => (selected as readonly string[]).includes(event));
}

/** Whether a message in this status may still reach a selected event (else it is not worth following). */
export function mayStillReach(status: MessageStatusValue, selected: readonly TriggerEvent[]): boolean {
	if (isFinal(status)) return false;
	if (selected.includes('anyChange')) return true;
	if (status === 'DELIVERED') return selected.includes('read');
	return selected.length > 0;
}

/** One event of one message, for the node to turn into an item. */
export interface StatusEvent {
	event: EmittedEvent;
	previous_status: MessageStatusValue | null;
	message: MessageStatus;
}

/** What a followed message's check found: its status now, or that Octopods no longer knows it (404). */
export type FollowUpResult = { id: string; status: MessageStatus } | { id: string; gone: true };

export interface PollOutcome {
	state: PollState;
	/** Oldest first: followed messages, then the list from its oldest entry to its newest. */
	events: StatusEvent[];
	/** This poll's list does not reach back to the previous poll's newest message: sends in between may be missed. */
	mayHaveMissed: boolean;
	/** Followed messages dropped to keep the state within MAX_FOLLOWED. */
	stoppedFollowing: number;
}

/**
 * One poll after the baseline: every transition into a selected event since the last poll (a
 * message first seen already delivered or failed included), the new state, and whether the list
 * reached back far enough. Nothing already reported is reported again: the state holds each
 * message's last status, and only a change from it is an event.
 */
export function advance(
	state: PollState,
	list: MessageStatus[],
	followUps: FollowUpResult[],
	selected: readonly TriggerEvent[],
	maxFollowed = MAX_FOLLOWED,
): PollOutcome {
	const events: StatusEvent[] = [];
	const report = (previous: MessageStatusValue | undefined, message: MessageStatus) => {
		for (const event of selectedEvents(previous, message.status, selected)) {
			events.push({ event, previous_status: previous ?? null, message });
		}
	};

	// Followed messages first: they are older than anything in the list.
	const checked = new Map(followUps.map((result) => [result.id, result]));
	const queue = followQueue(state, list, selected);
	const stillPending: FollowedMessage[] = [];
	for (const followed of queue.filter((entry) => checked.has(entry.id))) {
		const result = checked.get(followed.id)!;
		if ('gone' in result) continue;
		report(followed.status, result.status);
		if (mayStillReach(result.status.status, selected)) stillPending.push({ id: followed.id, status: result.status.status });
	}

	const previously = new Map(state.known.map(({ id, status }) => [id, status]));
	const known = knownOf(list);
	const byId = new Map(list.map((message) => [idOf(message), message]));
	for (const { id } of [...known].reverse()) report(previously.get(id), byId.get(id)!);
	const listIds = known.map(({ id }) => id);

	// Those not checked keep their place; those checked and still pending go to the back.
	let following = [...queue.filter((entry) => !checked.has(entry.id)), ...stillPending];
	const stoppedFollowing = Math.max(0, following.length - maxFollowed);
	if (stoppedFollowing > 0) following = following.slice(stoppedFollowing);

	const newest = listIds[0] ?? state.newest;
	return {
		state: { version: 1, known, following, ...(newest !== undefined ? { newest } : {}) },
		events,
		mayHaveMissed: listMayHaveMissed(state.newest, listIds),
		stoppedFollowing,
	};
}

/**
 * A full list that does not contain the previous poll's newest message may have pushed out sends
 * nobody saw. Numeric IDs that follow on directly (the list's oldest is the previous newest + 1)
 * prove nothing was missed; anything else can only say "may".
 */
function listMayHaveMissed(previousNewest: string | undefined, listIds: string[]): boolean {
	if (listIds.length < LIST_SIZE) return false;
	if (previousNewest === undefined) return true;
	if (listIds.includes(previousNewest)) return false;
	const oldest = listIds[listIds.length - 1];
	return !(/^\d+$/.test(oldest) && /^\d+$/.test(previousNewest) && Number(oldest) === Number(previousNewest) + 1);
}

/** The statuses that show a selected event has happened, for Fetch Test Event. */
function showsSelectedEvent(status: MessageStatusValue, selected: readonly TriggerEvent[]): boolean {
	if (selected.includes('anyChange')) return status !== 'SENT' && status !== 'UNKNOWN';
	return impliedEvents(undefined, status).some((event) => (selected as readonly string[]).includes(event));
}

/**
 * Fetch Test Event: the newest message whose status matches a chosen event (its event as that
 * status implies), or else the newest message at all, marked as only an example.
 */
export function testEvent(
	list: MessageStatus[],
	selected: readonly TriggerEvent[],
): { event: EmittedEvent; message: MessageStatus; matches: boolean } | undefined {
	const match = list.find((message) => showsSelectedEvent(message.status, selected));
	const pick = (message: MessageStatus): EmittedEvent => {
		const implied = impliedEvents(undefined, message.status).filter(
			(event) => selected.includes('anyChange') || (selected as readonly string[]).includes(event),
		);
		return implied[implied.length - 1] ?? (selected.includes('anyChange') ? 'status_changed' : (selected[0] as EmittedEvent));
	};
	if (match) return { event: pick(match), message: match, matches: true };
	const newest = list[0];
	return newest ? { event: pick(newest), message: newest, matches: false } : undefined;
}
