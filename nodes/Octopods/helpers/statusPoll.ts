/**
 * The Octopods Trigger's poll, as pure logic: what the trigger remembers between polls (workflow
 * static data, bounded), which status changes to report, and which messages to follow through the
 * status endpoint once they have left the newest-100 list. The node fetches; this decides.
 */
import type { MessageStatusValue } from '../transport/types';
import { sentBeforeActivation } from './activationLine';
import type { MessageStatus } from './messageStatus';

/** The Events a user picks (the node's `events` parameter values: a public contract). */
export type TriggerEvent = 'delivered' | 'read' | 'failed' | 'anyChange';
export const TRIGGER_EVENTS: readonly TriggerEvent[] = ['anyChange', 'delivered', 'failed', 'read'];

/** What an emitted item's `event` says happened. */
export type EmittedEvent = 'delivered' | 'read' | 'failed';

/** A message that left the list before a final status, followed through the status endpoint. */
export interface FollowedMessage {
	id: string;
	/** The latest status seen (statuses only move forward: see isLater). */
	status: MessageStatusValue;
	/** Status reads in a row that failed (a 5xx, a network error...); absent after a good read. */
	failures?: number;
	/** After a failed read: the poll number from which it is checked again (back-off). */
	retryAt?: number;
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
	/** Polls that moved the state on since the baseline: the clock of the follow-ups' back-off. */
	polls?: number;
	/**
	 * When the trigger was activated (ISO): until it has seen a message, a row sent before it is
	 * part of the baseline, never an event (see activationLine.ts).
	 */
	activatedAt?: string;
}

/** How many messages that left the list are followed at most (about 20 KB of static data). */
export const MAX_FOLLOWED = 500;
/** The list's size: a poll that sees this many may not reach back to the previous one. */
export const LIST_SIZE = 100;
/**
 * Failed status reads of one followed message before it is given up. After the k-th failure it
 * waits 2^(k-1) polls (1, 2, 4, 8): given up 15 polls after its first failure.
 */
export const FOLLOW_UP_ATTEMPTS = 5;

const FAILED_LIKE: readonly MessageStatusValue[] = ['FAILED', 'DELETED'];
/** Statuses that no longer change (as Wait for Status' "Final Status" counts them). */
const FINAL: readonly MessageStatusValue[] = ['READ', 'FAILED', 'DELETED'];
/**
 * How far along a message is. Statuses only move forward: a status not later than the one seen
 * (UNKNOWN, "not yet available" in the 2026 articles, above all) is an answer to survive, not a change.
 */
const RANK: Record<MessageStatusValue, number> = { UNKNOWN: -1, SENT: 0, DELIVERED: 1, READ: 2, FAILED: 3, DELETED: 3 };
const STATUSES: readonly string[] = ['SENT', 'DELIVERED', 'READ', 'FAILED', 'DELETED', 'UNKNOWN'];

export function isFinal(status: MessageStatusValue): boolean {
	return FINAL.includes(status);
}

/** Whether `current` is later than what was seen (`previous` undefined: nothing seen, so anything but UNKNOWN is). */
export function isLater(previous: MessageStatusValue | undefined, current: MessageStatusValue): boolean {
	if (current === 'UNKNOWN') return false;
	return previous === undefined || RANK[current] > RANK[previous];
}

/** What to remember after seeing `current`: the later of the two. */
export function latest(previous: MessageStatusValue | undefined, current: MessageStatusValue): MessageStatusValue {
	return previous === undefined || isLater(previous, current) ? current : previous;
}

/** The static data as a state, or undefined when there is none yet (or it is not ours): the poll then records a baseline. */
export function readState(stored: unknown): PollState | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const { version, known, following, newest, polls, activatedAt } = stored as Partial<PollState>;
	if (version !== 1 || !Array.isArray(known) || !Array.isArray(following)) return undefined;
	const valid = (entry: unknown): entry is FollowedMessage => {
		const { id, status } = (entry ?? {}) as Partial<FollowedMessage>;
		return typeof id === 'string' && typeof status === 'string' && STATUSES.includes(status);
	};
	const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
	const followed = ({ id, status, failures, retryAt }: FollowedMessage): FollowedMessage => {
		const tries = count(failures);
		const at = count(retryAt);
		return { id, status, ...(tries !== undefined ? { failures: tries } : {}), ...(at !== undefined ? { retryAt: at } : {}) };
	};
	return {
		version: 1,
		known: known.filter(valid).map(({ id, status }) => ({ id, status })),
		following: following.filter(valid).map(followed),
		...(typeof newest === 'string' ? { newest } : {}),
		...(count(polls) !== undefined ? { polls } : {}),
		...(typeof activatedAt === 'string' && Number.isFinite(Date.parse(activatedAt)) ? { activatedAt } : {}),
	};
}

function idOf(message: MessageStatus): string | undefined {
	const id = message.message_id;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

/** The first poll after activation: remember what is there, report nothing. */
export function baseline(list: MessageStatus[], activatedAt?: string): PollState {
	const known = knownOf(list);
	return {
		version: 1,
		known,
		following: [],
		...(known.length > 0 ? { newest: known[0].id } : {}),
		...(activatedAt !== undefined ? { activatedAt } : {}),
	};
}

/**
 * What the trigger knew before this list: the last list's statuses, or, while it has seen no
 * message yet (its activation read nothing, or nothing readable), the rows of this list sent
 * before its activation, as they are now.
 */
function knownBefore(state: PollState, list: MessageStatus[]): FollowedMessage[] {
	const seenMessages = state.known.length > 0 || state.newest !== undefined;
	return seenMessages ? state.known : knownOf(sentBeforeActivation(list, state.activatedAt));
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

/** Whether a followed message is due in the next poll (not waiting out a back-off). */
function isDue(entry: FollowedMessage, state: PollState): boolean {
	return (entry.retryAt ?? 0) <= (state.polls ?? 0) + 1;
}

/**
 * The followed messages this poll checks through the status endpoint, at most `maxPerPoll`: the
 * front of the queue (oldest first; those checked go to the back, so everyone gets a turn),
 * including messages that left the list in this very poll, leaving out those backing off after a
 * failed read. The node checks them in this order and may stop early (its time budget).
 */
export function followUpsDue(
	state: PollState,
	list: MessageStatus[],
	selected: readonly TriggerEvent[],
	maxPerPoll: number,
): FollowedMessage[] {
	return followQueue(state, list, selected)
		.filter((entry) => isDue(entry, state))
		.slice(0, Math.max(0, Math.floor(maxPerPoll)));
}

/**
 * The events a change of status implies: none unless `current` is later than `previous` (see
 * isLater). READ implies delivered too (a message can go from SENT to READ between two polls);
 * DELETED counts as failed. `previous` is undefined for a message first seen now, which then counts
 * as having been SENT; a previous UNKNOWN counts as SENT too.
 */
export function impliedEvents(previous: MessageStatusValue | undefined, current: MessageStatusValue): EmittedEvent[] {
	if (!isLater(previous, current)) return [];
	if (FAILED_LIKE.includes(current)) return ['failed'];
	const before = Math.max(0, previous === undefined ? 0 : RANK[previous]);
	const now = RANK[current];
	const events: EmittedEvent[] = [];
	if (now >= 1 && before < 1) events.push('delivered');
	if (now >= 2 && before < 2) events.push('read');
	return events;
}

/** The events to emit for a change, among those selected; Any Status Change is all three. */
export function selectedEvents(
	previous: MessageStatusValue | undefined,
	current: MessageStatusValue,
	selected: readonly TriggerEvent[],
): EmittedEvent[] {
	const implied = impliedEvents(previous, current);
	if (selected.includes('anyChange')) return implied;
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

/**
 * What a followed message's check found: its status now, that Octopods no longer knows it (404), or
 * that the read failed (`error`: what the transport said, after its own retries).
 */
export type FollowUpResult = { id: string; status: MessageStatus } | { id: string; gone: true } | { id: string; error: string };

/** A followed message no longer followed because its status reads kept failing. */
export interface GivenUp {
	id: string;
	/** The last status seen of it. */
	status: MessageStatusValue;
	/** The last read's error. */
	error: string;
	failures: number;
}

export interface PollOutcome {
	state: PollState;
	/** Oldest first: followed messages, then the list from its oldest entry to its newest. */
	events: StatusEvent[];
	/** This poll's list does not reach back to the previous poll's newest message: sends in between may be missed. */
	mayHaveMissed: boolean;
	/** Followed messages dropped to keep the state within MAX_FOLLOWED. */
	stoppedFollowing: number;
	/** Followed messages whose status read failed in this poll and that will be tried again later. */
	retrying: Array<{ id: string; error: string; failures: number; retryAt: number }>;
	/** Followed messages given up in this poll after FOLLOW_UP_ATTEMPTS failed reads. */
	gaveUp: GivenUp[];
}

/**
 * One poll after the baseline: every transition into a selected event since the last poll (a
 * message first seen already delivered or failed included), the new state, and whether the list
 * reached back far enough; while no message was seen yet, what was sent before the activation is
 * not new (knownBefore). Nothing already reported is reported again: the state holds each
 * message's latest status, and only a later one is an event (a status that steps back, UNKNOWN
 * above all, changes nothing). A followed message whose read failed keeps its place in the state,
 * retried after a back-off, and is given up after FOLLOW_UP_ATTEMPTS failures.
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

	const polls = (state.polls ?? 0) + 1;
	const retrying: PollOutcome['retrying'] = [];
	const gaveUp: GivenUp[] = [];

	// Followed messages first: they are older than anything in the list.
	const checked = new Map(followUps.map((result) => [result.id, result]));
	const queue = followQueue(state, list, selected);
	const stillPending: FollowedMessage[] = [];
	for (const followed of queue.filter((entry) => checked.has(entry.id))) {
		const result = checked.get(followed.id)!;
		if ('gone' in result) continue;
		if ('error' in result) {
			const failures = (followed.failures ?? 0) + 1;
			if (failures >= FOLLOW_UP_ATTEMPTS) {
				gaveUp.push({ id: followed.id, status: followed.status, error: result.error, failures });
				continue;
			}
			const retryAt = polls + 2 ** (failures - 1);
			retrying.push({ id: followed.id, error: result.error, failures, retryAt });
			stillPending.push({ id: followed.id, status: followed.status, failures, retryAt });
			continue;
		}
		report(followed.status, result.status);
		const status = latest(followed.status, result.status.status);
		if (mayStillReach(status, selected)) stillPending.push({ id: followed.id, status });
	}

	const previously = new Map(knownBefore(state, list).map(({ id, status }) => [id, status]));
	const known = knownOf(list).map(({ id, status }) => ({ id, status: latest(previously.get(id), status) }));
	const byId = new Map(list.map((message) => [idOf(message), message]));
	for (const { id } of [...known].reverse()) report(previously.get(id), byId.get(id)!);
	const listIds = known.map(({ id }) => id);

	// Those not checked keep their place; those checked and still pending go to the back.
	let following = [...queue.filter((entry) => !checked.has(entry.id)), ...stillPending];
	const stoppedFollowing = Math.max(0, following.length - maxFollowed);
	if (stoppedFollowing > 0) following = following.slice(stoppedFollowing);

	const newest = listIds[0] ?? state.newest;
	return {
		state: {
			version: 1,
			known,
			following,
			...(newest !== undefined ? { newest } : {}),
			polls,
			...(state.activatedAt !== undefined ? { activatedAt: state.activatedAt } : {}),
		},
		events,
		mayHaveMissed: listMayHaveMissed(state.newest, listIds, list.length),
		stoppedFollowing,
		retrying,
		gaveUp,
	};
}

/**
 * Why this poll's list cannot be trusted, or undefined when it can. A list Octopods answered in
 * neither generation's shape, one of whose rows none has a message ID, or empty (the "nothing sent
 * yet" 400 included) after messages were seen, would make the trigger forget what it reported and
 * report it again: such a poll changes nothing. Single rows without an ID are only skipped (knownOf).
 */
export function unreadableList(state: PollState, list: MessageStatus[] | undefined): string | undefined {
	if (list === undefined) return 'the sent-messages list came in a shape of neither API generation';
	if (list.length > 0 && list.every((message) => idOf(message) === undefined)) {
		return `none of the ${list.length} rows of the sent-messages list has a message ID`;
	}
	if (list.length === 0 && (state.newest !== undefined || state.known.length > 0)) {
		return 'Octopods answered that nothing was sent yet (or an empty list), though the trigger has seen messages sent with this key';
	}
	return undefined;
}

/**
 * A full list that does not contain the previous poll's newest message may have pushed out sends
 * nobody saw. Numeric IDs that follow on directly (the list's oldest is the previous newest + 1)
 * prove nothing was missed; anything else can only say "may".
 */
function listMayHaveMissed(previousNewest: string | undefined, listIds: string[], rows: number): boolean {
	if (rows < LIST_SIZE) return false;
	if (previousNewest === undefined) return true;
	if (listIds.includes(previousNewest)) return false;
	const oldest = listIds[listIds.length - 1];
	return !(/^\d+$/.test(oldest) && /^\d+$/.test(previousNewest) && Number(oldest) === Number(previousNewest) + 1);
}

/** The statuses that show a selected event has happened, for Fetch Test Event. */
function showsSelectedEvent(status: MessageStatusValue, selected: readonly TriggerEvent[]): boolean {
	return selectedEvents(undefined, status, selected).length > 0;
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
		const implied = selectedEvents(undefined, message.status, selected);
		const fallback = selected.find((event): event is EmittedEvent => event !== 'anyChange') ?? 'delivered';
		return implied[implied.length - 1] ?? fallback;
	};
	if (match) return { event: pick(match), message: match, matches: true };
	const newest = list[0];
	return newest ? { event: pick(newest), message: newest, matches: false } : undefined;
}
