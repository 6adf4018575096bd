import type { MessageStatus } from '../../nodes/Octopods/helpers/messageStatus';
import { sentBeforeActivation } from '../../nodes/Octopods/helpers/activationLine';
import { normaliseSentMessages, readSentMessages } from '../../nodes/Octopods/helpers/sentMessages';
import {
	advance,
	baseline,
	FOLLOW_UP_ATTEMPTS,
	type FollowUpResult,
	followUpsDue,
	impliedEvents,
	isLater,
	MAX_FOLLOWED,
	mayStillReach,
	type PollState,
	readState,
	selectedEvents,
	testEvent,
	unreadableList,
} from '../../nodes/Octopods/helpers/statusPoll';
import type { MessageStatusValue } from '../../nodes/Octopods/transport/types';
import { SENT_MESSAGES_2026_OBJECT, SENT_MESSAGES_2026_ARRAY } from '../fixtures/octopodsDocs';

/** A list newest first, as Octopods gives it: [id, status] pairs. */
const list = (...entries: Array<[number, MessageStatusValue]>): MessageStatus[] =>
	entries.map(([message_id, status]) => ({ message_id, status }));

/** IDs from..to, newest first, all in one status. */
const range = (from: number, to: number, status: MessageStatusValue): MessageStatus[] =>
	Array.from({ length: to - from + 1 }, (_, i) => ({ message_id: to - i, status }));

describe('impliedEvents and selectedEvents', () => {
	it.each<[MessageStatusValue | undefined, MessageStatusValue, string[]]>([
		['SENT', 'DELIVERED', ['delivered']],
		['SENT', 'READ', ['delivered', 'read']],
		['DELIVERED', 'READ', ['read']],
		['SENT', 'FAILED', ['failed']],
		['DELIVERED', 'DELETED', ['failed']],
		['FAILED', 'DELETED', []],
		['READ', 'DELETED', ['failed']],
		['UNKNOWN', 'DELIVERED', ['delivered']],
		['UNKNOWN', 'FAILED', ['failed']],
		['SENT', 'UNKNOWN', []],
		['FAILED', 'UNKNOWN', []],
		['UNKNOWN', 'UNKNOWN', []],
		[undefined, 'UNKNOWN', []],
		['READ', 'DELIVERED', []],
		['DELIVERED', 'SENT', []],
		['FAILED', 'SENT', []],
		['FAILED', 'READ', []],
		['READ', 'READ', []],
		[undefined, 'SENT', []],
		[undefined, 'FAILED', ['failed']],
		[undefined, 'READ', ['delivered', 'read']],
	])('%s -> %s implies %j', (previous, current, expected) => {
		expect(impliedEvents(previous, current)).toEqual(expected);
	});

	it('keeps only the chosen events; Any Status Change is all three, and a step back is no change', () => {
		expect(selectedEvents('SENT', 'READ', ['read'])).toEqual(['read']);
		expect(selectedEvents('SENT', 'FAILED', ['delivered'])).toEqual([]);
		expect(selectedEvents('SENT', 'UNKNOWN', ['anyChange'])).toEqual([]);
		expect(selectedEvents('FAILED', 'DELETED', ['anyChange', 'failed'])).toEqual([]);
		expect(selectedEvents(undefined, 'SENT', ['anyChange'])).toEqual([]);
		expect(selectedEvents('SENT', 'READ', ['anyChange', 'read'])).toEqual(['delivered', 'read']);
		expect(selectedEvents('DELIVERED', 'FAILED', ['anyChange'])).toEqual(['failed']);
	});

	it('statuses only move forward: UNKNOWN and anything not later than what was seen are not changes', () => {
		expect(isLater('SENT', 'DELIVERED')).toBe(true);
		expect(isLater(undefined, 'SENT')).toBe(true);
		expect(isLater(undefined, 'UNKNOWN')).toBe(false);
		expect(isLater('UNKNOWN', 'SENT')).toBe(true);
		expect(isLater('READ', 'DELIVERED')).toBe(false);
		expect(isLater('FAILED', 'DELETED')).toBe(false);
	});

	it('follows a message only while a chosen event can still happen to it', () => {
		expect(mayStillReach('SENT', ['failed'])).toBe(true);
		expect(mayStillReach('DELIVERED', ['failed'])).toBe(false);
		expect(mayStillReach('DELIVERED', ['read'])).toBe(true);
		expect(mayStillReach('READ', ['anyChange'])).toBe(false);
		expect(mayStillReach('UNKNOWN', ['anyChange'])).toBe(true);
	});
});

describe('baseline and advance', () => {
	it('a baseline remembers the list newest first and reports nothing of it later', () => {
		const state = baseline(list([3, 'FAILED'], [2, 'READ'], [1, 'SENT']));
		expect(readState(JSON.parse(JSON.stringify(state)))).toEqual(state);
		expect(state).toEqual({
			version: 1,
			known: [
				{ id: '3', status: 'FAILED' },
				{ id: '2', status: 'READ' },
				{ id: '1', status: 'SENT' },
			],
			following: [],
			newest: '3',
		});
		expect(advance(state, list([3, 'FAILED'], [2, 'READ'], [1, 'SENT']), [], ['anyChange']).events).toEqual([]);
	});

	it('reports each change once, oldest first, including messages first seen already final', () => {
		const state = baseline(list([2, 'SENT'], [1, 'SENT']));
		const first = advance(state, list([4, 'SENT'], [3, 'FAILED'], [2, 'DELIVERED'], [1, 'FAILED']), [], ['failed', 'delivered']);
		expect(first.events.map((e) => [e.message.message_id, e.event, e.previous_status])).toEqual([
			[1, 'failed', 'SENT'],
			[2, 'delivered', 'SENT'],
			[3, 'failed', null],
		]);
		const again = advance(first.state, list([4, 'SENT'], [3, 'FAILED'], [2, 'DELIVERED'], [1, 'FAILED']), [], ['failed', 'delivered']);
		expect(again.events).toEqual([]);
	});

	it('messages that leave the list unfinished are followed, checked in the same poll, oldest first', () => {
		const state = baseline(range(1, 100, 'SENT'));
		const next = range(101, 200, 'SENT');
		const due = followUpsDue(state, next, ['failed'], 20);
		expect(due.map((entry) => entry.id)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
		const results = due.map(({ id }) => ({ id, status: { message_id: Number(id), status: (id === '7' ? 'FAILED' : 'SENT') as MessageStatusValue } }));
		const outcome = advance(state, next, results, ['failed']);
		expect(outcome.events.map((e) => [e.message.message_id, e.event])).toEqual([[7, 'failed']]);
		expect(outcome.mayHaveMissed).toBe(false);
		// Not yet checked first (21..100), then those checked and still SENT (1..20 without 7).
		expect(outcome.state.following.map((entry) => Number(entry.id))).toEqual([
			...Array.from({ length: 80 }, (_, i) => i + 21),
			...Array.from({ length: 20 }, (_, i) => i + 1).filter((id) => id !== 7),
		]);
		expect(outcome.state.known).toHaveLength(100);
	});

	it('messages that left final, or can no longer reach a chosen event, are forgotten; a 404 ends the follow-up', () => {
		const state = baseline(list([3, 'DELIVERED'], [2, 'READ'], [1, 'SENT']));
		const outcome = advance(state, range(4, 103, 'SENT'), [{ id: '1', gone: true }], ['failed']);
		expect(outcome.state.following).toEqual([]);
		expect(advance(state, range(4, 103, 'SENT'), [], ['read']).state.following.map((e) => e.id)).toEqual(['1', '3']);
	});

	it('stays within MAX_FOLLOWED, dropping the oldest', () => {
		let state = baseline([]);
		state = { ...state, following: Array.from({ length: MAX_FOLLOWED }, (_, i) => ({ id: `old-${i}`, status: 'SENT' as const })), known: range(1, 100, 'SENT').map((m) => ({ id: String(m.message_id), status: m.status })) };
		const outcome = advance(state, range(101, 200, 'SENT'), [], ['failed']);
		expect(outcome.state.following).toHaveLength(MAX_FOLLOWED);
		expect(outcome.stoppedFollowing).toBe(100);
		expect(outcome.state.following[0].id).toBe('old-100');
	});

	it('a full list that does not reach back to the previous newest message may have missed sends', () => {
		const state = baseline(range(1, 100, 'SENT'));
		expect(advance(state, range(151, 250, 'SENT'), [], ['failed']).mayHaveMissed).toBe(true);
		expect(advance(state, range(101, 200, 'SENT'), [], ['failed']).mayHaveMissed).toBe(false);
		expect(advance(state, range(51, 150, 'SENT'), [], ['failed']).mayHaveMissed).toBe(false);
		const named = baseline([{ message_id: 'a', status: 'SENT' }]);
		expect(advance(named, range(1, 100, 'SENT'), [], ['failed']).mayHaveMissed).toBe(true);
		expect(advance(baseline([]), range(1, 100, 'SENT'), [], ['failed']).mayHaveMissed).toBe(true);
		expect(advance(baseline([]), range(1, 99, 'SENT'), [], ['failed']).mayHaveMissed).toBe(false);
	});

	it.each([
		// The articles' examples: a delivered message sent at 10:23:45 over one failed at 10:19:02 (object
		// shape); delivered at 12:34:56 over failed at 12:30:10 (records, created_at as the sent time).
		['{request_id, messages}', SENT_MESSAGES_2026_OBJECT, '2026-04-24T10:20:00Z', 3851828, 3851827],
		['a bare array of records', SENT_MESSAGES_2026_ARRAY, '2026-04-24T12:32:00Z', 98765, 98764],
	])('works on %s: an empty baseline reports what was sent after its activation, never what was final before it', (_shape, raw, activatedAt, after, before) => {
		const messages = normaliseSentMessages(raw);
		const outcome = advance(baseline([], activatedAt), messages, [], ['anyChange']);
		// Only the message sent after the activation, first seen delivered; the failure before it is not an event.
		expect(outcome.events.map((e) => [e.message.message_id, e.event, e.previous_status])).toEqual([[after, 'delivered', null]]);
		expect(outcome.state.known).toEqual([
			{ id: String(after), status: 'DELIVERED' },
			{ id: String(before), status: 'FAILED' },
		]);
		expect(outcome.state.activatedAt).toBe(activatedAt);
		// Activated before both: both are events; after both: none.
		expect(eventsOf(advance(baseline([], '2026-04-24T00:00:00Z'), messages, [], ['anyChange']))).toEqual([
			[before, 'failed'],
			[after, 'delivered'],
		]);
		expect(advance(baseline([], '2026-04-25T00:00:00Z'), messages, [], ['anyChange']).events).toEqual([]);
		// Once the trigger has seen messages, sent times no longer matter: only changes are events.
		expect(advance(outcome.state, messages, [], ['anyChange']).events).toEqual([]);
	});
});

/** A list newest first of [id, status, sent_at] rows. */
const dated = (...entries: Array<[number, MessageStatusValue, string?]>): MessageStatus[] =>
	entries.map(([message_id, status, sent_at]) => ({ message_id, status, ...(sent_at !== undefined ? { sent_at } : {}) }));

describe('sentBeforeActivation: the baseline an unreadable activation missed', () => {
	const at = '2026-04-24T10:00:00.000Z';
	const ids = (rows: MessageStatus[]) => rows.map((row) => row.message_id);

	it('by each row\'s sent time: at or before the activation is before, later is after', () => {
		const rows = dated([4, 'FAILED', '2026-04-24T10:00:00.001Z'], [3, 'FAILED', at], [2, 'READ', '2026-04-24T09:59:00+00:00'], [1, 'FAILED', '2026-04-23T10:00:00Z']);
		expect(ids(sentBeforeActivation(rows, at))).toEqual([3, 2, 1]);
	});

	it('a row without a usable sent time is after only when an older row below it was sent after the activation', () => {
		const rows = dated([6, 'FAILED'], [5, 'FAILED', '2026-04-24T10:05:00Z'], [4, 'FAILED', 'yesterday'], [3, 'FAILED', '2026-04-24T09:00:00Z'], [2, 'FAILED'], [1, 'SENT', '2026-04-24T08:00:00Z']);
		// 6 is newer than 5 (sent after): after. 4 and 2 are only newer than rows sent before: before.
		expect(ids(sentBeforeActivation(rows, at))).toEqual([4, 3, 2, 1]);
		expect(ids(sentBeforeActivation(dated([2, 'FAILED'], [1, 'FAILED']), at))).toEqual([2, 1]);
	});

	it('without an activation time every row is before: nothing is reported on a guess', () => {
		const rows = dated([1, 'FAILED', '2030-01-01T00:00:00Z']);
		expect(ids(sentBeforeActivation(rows, undefined))).toEqual([1]);
		expect(advance(baseline([]), rows, [], ['failed']).events).toEqual([]);
	});
});

/** The events of an outcome as [message_id, event] pairs. */
const eventsOf = (outcome: { events: Array<{ event: string; message: MessageStatus }> }) =>
	outcome.events.map((e) => [e.message.message_id, e.event]);

describe('each change once, whatever the API answers', () => {
	it('a status that flaps FAILED, UNKNOWN, FAILED is one failure, and a later change still arrives', () => {
		let state = baseline(list([2, 'SENT'], [1, 'SENT']));
		const polls: Array<MessageStatus[]> = [
			list([2, 'SENT'], [1, 'FAILED']),
			list([2, 'UNKNOWN'], [1, 'UNKNOWN']),
			list([2, 'SENT'], [1, 'FAILED']),
			list([2, 'DELIVERED'], [1, 'SENT']),
			list([2, 'READ'], [1, 'DELETED']),
		];
		const reported: unknown[][] = [];
		for (const next of polls) {
			const outcome = advance(state, next, [], ['anyChange']);
			reported.push(...eventsOf(outcome));
			state = outcome.state;
		}
		expect(reported).toEqual([
			[1, 'failed'],
			[2, 'delivered'],
			[2, 'read'],
		]);
		expect(state.known).toEqual([
			{ id: '2', status: 'READ' },
			{ id: '1', status: 'FAILED' },
		]);
	});

	it('a followed message answering UNKNOWN keeps what was seen, and its later failure is reported once', () => {
		let state = baseline(range(1, 100, 'SENT'));
		const step = (next: MessageStatus[], results: FollowUpResult[]) => {
			const outcome = advance(state, next, results, ['failed']);
			state = outcome.state;
			return eventsOf(outcome);
		};
		const status = (id: number, value: MessageStatusValue): FollowUpResult => ({ id: String(id), status: { message_id: id, status: value } });
		expect(step(range(101, 200, 'SENT'), [status(1, 'UNKNOWN')])).toEqual([]);
		expect(state.following.find((entry) => entry.id === '1')).toEqual({ id: '1', status: 'SENT' });
		expect(step(range(101, 200, 'SENT'), [status(1, 'FAILED')])).toEqual([[1, 'failed']]);
		expect(state.following.map((entry) => entry.id)).not.toContain('1');
	});

	it('a list it cannot read is named, and a poll with it changes nothing', () => {
		const seen = baseline(list([2, 'SENT'], [1, 'FAILED']));
		const rows = (raw: unknown) => readSentMessages(raw as never)?.messages;
		// The "nothing sent yet" 400 (null) and an empty list after messages were seen.
		expect(unreadableList(seen, rows(null))).toMatch(/nothing was sent yet/);
		expect(unreadableList(seen, rows([]))).toMatch(/nothing was sent yet/);
		// Before anything was seen, the same answer is simply an empty list.
		expect(unreadableList(baseline([]), rows(null))).toBeUndefined();
		// Shapes of neither generation, and a missing field.
		for (const odd of [{ data: [] }, { messages: 'none' }, 'ok', { request_id: 'r' }]) {
			expect(unreadableList(seen, rows(odd))).toMatch(/shape of neither/);
		}
		// Rows, none of which can be read.
		expect(unreadableList(seen, rows([1, 2]))).toMatch(/none of the 2 rows .* has a message ID/);
		expect(unreadableList(seen, rows([{ status: 'failed' }]))).toMatch(/none of the 1 rows/);
		expect(unreadableList(seen, rows(SENT_MESSAGES_2026_ARRAY))).toBeUndefined();
		expect(unreadableList(seen, rows(SENT_MESSAGES_2026_OBJECT))).toBeUndefined();
	});
});

describe('a row that cannot be read', () => {
	/** The object shape's rows: a failure without an ID, a good row, an ID whose status is of no known shape, not a row at all. */
	const raw = {
		messages: [
			{ status: 'failed', phone_number: '+15550000001', sent_at: '2026-04-24T10:30:00Z' },
			{ message_id: 12, status: 'failed', phone_number: '+15550000012', sent_at: '2026-04-24T10:29:00Z' },
			{ message_id: 11, status: { code: 3 }, phone_number: '+15550000011', sent_at: '2026-04-24T10:28:00Z' },
			'not a row',
			{ message_id: 10, status: 'sent', phone_number: '+15550000010', sent_at: '2026-04-24T10:27:00Z' },
		],
	};
	const records = [
		{ user_phone_number: '+15550000001', created_at: '2026-04-24T10:30:00Z', message_status: { message_status: 'FAILED' } },
		{ user_phone_number: '+15550000012', created_at: '2026-04-24T10:29:00Z', message_status: { channel_message_id: 12, message_status: 'FAILED' } },
		{ user_phone_number: '+15550000011', created_at: '2026-04-24T10:28:00Z', message_status: { channel_message_id: 11 } },
		null,
		{ user_phone_number: '+15550000010', created_at: '2026-04-24T10:27:00Z', message_status: { channel_message_id: 10, message_status: 'SENT' } },
	];

	it.each([
		['{request_id, messages}', raw],
		['a bare array of records', records],
	])('is counted and skipped in %s; the rest of the list is used and keeps its length', (_shape, answer) => {
		const reading = readSentMessages(answer as never)!;
		expect(reading.unreadableRows).toBe(3);
		expect(reading.messages.map((message) => [message.message_id, message.status])).toEqual([
			[undefined, 'FAILED'],
			[12, 'FAILED'],
			[11, 'UNKNOWN'],
			[undefined, 'UNKNOWN'],
			[10, 'SENT'],
		]);
		const seen = baseline(list([11, 'SENT'], [10, 'SENT']));
		expect(unreadableList(seen, reading.messages)).toBeUndefined();
		const outcome = advance(seen, reading.messages, [], ['failed']);
		// Only the failure with an ID; 11's status of no known shape is no change (it stays SENT).
		expect(eventsOf(outcome)).toEqual([[12, 'failed']]);
		expect(outcome.state.known).toEqual([
			{ id: '12', status: 'FAILED' },
			{ id: '11', status: 'SENT' },
			{ id: '10', status: 'SENT' },
		]);
		// The next list with the same rows: nothing again.
		expect(advance(outcome.state, reading.messages, [], ['failed']).events).toEqual([]);
	});

	it('a full list with an unreadable row is still full: it may not reach back', () => {
		const rows = [{ status: 'UNKNOWN' as const }, ...range(102, 200, 'SENT')];
		expect(advance(baseline(range(1, 100, 'SENT')), rows, [], ['failed']).mayHaveMissed).toBe(true);
	});
});

describe('a follow-up whose status read fails', () => {
	/** 100 seen SENT, then pushed out by 100 more: 1..100 are followed. */
	const start = () => baseline(range(1, 100, 'SENT'));
	const next = range(101, 200, 'SENT');
	const failing = (id: string): FollowUpResult => ({ id, error: 'HTTP 500' });

	it('is retried after a back-off of 1, 2, 4, 8 polls, then given up, while the others and the list go on', () => {
		let state: PollState = start();
		const triedOne: number[] = [];
		const reported: unknown[][] = [];
		let gaveUp: unknown[] = [];
		for (let poll = 1; poll <= 20; poll++) {
			const due = followUpsDue(state, next, ['failed'], 100);
			if (due.some((entry) => entry.id === '1')) triedOne.push(poll);
			// Message 1's reads always fail; 2 fails at poll 3; 200 (in the list) fails at poll 5.
			const results = due.map(({ id }): FollowUpResult =>
				id === '1' ? failing(id) : { id, status: { message_id: Number(id), status: id === '2' && poll >= 3 ? 'FAILED' : 'SENT' } },
			);
			const listNow = poll >= 5 ? [{ message_id: 200, status: 'FAILED' as const }, ...next.slice(1)] : next;
			const outcome = advance(state, listNow, results, ['failed']);
			reported.push(...eventsOf(outcome).map((pair) => [...pair, poll]));
			if (outcome.gaveUp.length > 0) gaveUp = [...gaveUp, ...outcome.gaveUp.map((entry) => [entry.id, entry.failures, poll])];
			state = JSON.parse(JSON.stringify(outcome.state)) as PollState;
		}
		expect(triedOne).toEqual([1, 2, 4, 8, 16]);
		expect(gaveUp).toEqual([['1', FOLLOW_UP_ATTEMPTS, 16]]);
		expect(reported).toEqual([
			[2, 'failed', 3],
			[200, 'failed', 5],
		]);
		expect(state.following.map((entry) => entry.id)).not.toContain('1');
	});

	it('a good read after failures clears them', () => {
		const first = advance(start(), next, [failing('1')], ['failed']);
		expect(first.retrying).toEqual([{ id: '1', error: 'HTTP 500', failures: 1, retryAt: 2 }]);
		expect(first.state.following.at(-1)).toEqual({ id: '1', status: 'SENT', failures: 1, retryAt: 2 });
		const second = advance(first.state, next, [{ id: '1', status: { message_id: 1, status: 'SENT' } }], ['failed']);
		expect(second.state.following.at(-1)).toEqual({ id: '1', status: 'SENT' });
		expect(readState(JSON.parse(JSON.stringify(first.state)))).toEqual(first.state);
	});
});

describe('readState', () => {
	it('reads back what JSON kept, and treats anything else as no state (the poll then records a baseline)', () => {
		const state = baseline(list([2, 'SENT'], [1, 'FAILED']));
		expect(readState(JSON.parse(JSON.stringify(state)))).toEqual(state);
		expect(readState(undefined)).toBeUndefined();
		expect(readState({ version: 2, known: [], following: [] })).toBeUndefined();
		expect(readState({ version: 1, known: [{ id: '1', status: 'NONSENSE' }, { id: '2', status: 'SENT' }], following: [] })?.known).toEqual([
			{ id: '2', status: 'SENT' },
		]);
	});
});

describe('testEvent (Fetch Test Event)', () => {
	it('the newest message matching the events, or else the newest one, marked as not matching', () => {
		const messages = list([4, 'SENT'], [3, 'READ'], [2, 'FAILED'], [1, 'DELIVERED']);
		expect(testEvent(messages, ['failed'])).toMatchObject({ event: 'failed', matches: true, message: { message_id: 2 } });
		expect(testEvent(messages, ['delivered'])).toMatchObject({ event: 'delivered', matches: true, message: { message_id: 3 } });
		expect(testEvent(messages, ['anyChange'])).toMatchObject({ event: 'read', matches: true, message: { message_id: 3 } });
		expect(testEvent(list([1, 'SENT']), ['failed'])).toMatchObject({ event: 'failed', matches: false, message: { message_id: 1 } });
		expect(testEvent([], ['failed'])).toBeUndefined();
	});
});
