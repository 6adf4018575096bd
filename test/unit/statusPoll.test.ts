import type { MessageStatus } from '../../nodes/Octopods/helpers/messageStatus';
import { normaliseSentMessages } from '../../nodes/Octopods/helpers/sentMessages';
import {
	advance,
	baseline,
	followUpsDue,
	impliedEvents,
	MAX_FOLLOWED,
	mayStillReach,
	readState,
	selectedEvents,
	testEvent,
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
		['UNKNOWN', 'DELIVERED', ['delivered']],
		['SENT', 'UNKNOWN', []],
		['READ', 'READ', []],
		[undefined, 'SENT', []],
		[undefined, 'FAILED', ['failed']],
		[undefined, 'READ', ['delivered', 'read']],
	])('%s -> %s implies %j', (previous, current, expected) => {
		expect(impliedEvents(previous, current)).toEqual(expected);
	});

	it('keeps only the chosen events; Any Status Change adds status_changed for any other change', () => {
		expect(selectedEvents('SENT', 'READ', ['read'])).toEqual(['read']);
		expect(selectedEvents('SENT', 'FAILED', ['delivered'])).toEqual([]);
		expect(selectedEvents('SENT', 'UNKNOWN', ['anyChange'])).toEqual(['status_changed']);
		expect(selectedEvents('FAILED', 'DELETED', ['anyChange', 'failed'])).toEqual(['status_changed']);
		expect(selectedEvents(undefined, 'SENT', ['anyChange'])).toEqual([]);
		expect(selectedEvents('SENT', 'READ', ['anyChange', 'read'])).toEqual(['delivered', 'read']);
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

	it('works on both list shapes of the 2026 articles', () => {
		for (const raw of [SENT_MESSAGES_2026_OBJECT, SENT_MESSAGES_2026_ARRAY]) {
			const messages = normaliseSentMessages(raw);
			const empty = baseline([]);
			const outcome = advance(empty, messages, [], ['anyChange']);
			expect(outcome.events.length).toBeGreaterThan(0);
			expect(outcome.state.known.map((entry) => entry.id)).toEqual(messages.map((m) => String(m.message_id)));
		}
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
