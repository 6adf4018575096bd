import { normaliseFailureReason, normaliseStatus, normaliseStatusValue } from '../../nodes/Octopods/helpers/messageStatus';
import { normaliseSentMessages, saysNothingSentYet } from '../../nodes/Octopods/helpers/sentMessages';
import { OUTSIDE_WINDOW_HINT, withWindowHint } from '../../nodes/Octopods/transport/serviceWindow';
import {
	DEPRECATED_KEY_ERROR,
	ORIGINAL_STATUS_DELIVERED,
	ORIGINAL_STATUS_FAILED,
	SENT_MESSAGES_2026_ARRAY,
	SENT_MESSAGES_2026_OBJECT,
	STATUS_2026_LOWERCASE,
	STATUS_2026_UPPERCASE,
} from '../fixtures/octopodsDocs';

describe('normaliseStatus: one shape out of the docs\' examples', () => {
	it('keeps the original page\'s answers as they are', () => {
		expect(normaliseStatus(ORIGINAL_STATUS_DELIVERED)).toEqual(ORIGINAL_STATUS_DELIVERED);
		expect(normaliseStatus(ORIGINAL_STATUS_FAILED)).toEqual(ORIGINAL_STATUS_FAILED);
	});

	it('2026 upper case: keeps the provider ID, drops the empty CRM conversation IDs', () => {
		expect(normaliseStatus(STATUS_2026_UPPERCASE)).toEqual({
			message_id: 98765,
			status: 'DELIVERED',
			status_message: 'Your message has been delivered successfully.',
			channel_message_id: 'provider-id-here',
			last_updated: '2026-04-24T12:34:56Z',
			request_id: 'abc123…',
		});
		expect(normaliseStatus({ ...STATUS_2026_UPPERCASE, intercom_conversation_id: '215', intercom_conversation_part_id: 9 })).toMatchObject(
			{ intercom_conversation_id: '215', intercom_conversation_part_id: 9 },
		);
	});

	it('2026 lower case: upper-cases the status, keeps the timestamps given, drops the stages not reached', () => {
		expect(normaliseStatus(STATUS_2026_LOWERCASE)).toEqual({
			message_id: 3851828,
			status: 'DELIVERED',
			phone_number: '+15551234567',
			channel_message_id: 'wamid.HBgNNTUxMTk3MjI3ODA2MhUCABEYE...',
			sent_at: '2026-04-24T10:23:45Z',
			delivered_at: '2026-04-24T10:23:48Z',
			request_id: 'b14f0e5a-3f3c-4e9c-b1d1-6d19f0c4a721',
		});
	});

	it('a failed lower-case status gets its plain-text reason as a failure_reason object', () => {
		const failed = normaliseStatus({ ...STATUS_2026_LOWERCASE, status: 'failed', failure_reason: 'The 24-hour messaging window has closed.' });
		expect(failed).toMatchObject({ status: 'FAILED', failure_reason: { description: 'The 24-hour messaging window has closed.' } });
		expect(failed.failure_reason).not.toHaveProperty('code');
	});

	it('a FAILED status without a reason still has one: the status message, or that none was given', () => {
		expect(normaliseStatus({ message_id: 1, status: 'FAILED', status_message: 'Your message has failed to be sent.' }).failure_reason).toEqual({
			description: 'Your message has failed to be sent.',
		});
		expect(normaliseStatus({ message_id: 1, status: 'failed' }).failure_reason).toEqual({ description: 'Octopods gave no reason' });
	});

	it('reads every documented status in either case; anything else is UNKNOWN, with the word kept', () => {
		for (const status of ['sent', 'DELIVERED', 'Read', 'failed', 'deleted', 'UNKNOWN']) {
			expect(normaliseStatusValue(status)).toEqual({ status: status.toUpperCase() });
		}
		expect(normaliseStatusValue('queued')).toEqual({ status: 'UNKNOWN', octopods_status: 'queued' });
		expect(normaliseStatusValue(undefined)).toEqual({ status: 'UNKNOWN' });
	});

	it('uses the asked-for message ID when the answer has none', () => {
		expect(normaliseStatus({ status: 'sent' }, '42')).toEqual({ message_id: '42', status: 'SENT' });
	});

	it.each([
		[{ code: '63003', description: 'Channel could not find To address' }, { code: '63003', description: 'Channel could not find To address' }],
		[{ code: 470, title: 'Re-engagement window expired' }, { code: '470', description: 'Re-engagement window expired' }],
		['Recipient is not a WhatsApp user.', { description: 'Recipient is not a WhatsApp user.' }],
		['', undefined],
		[null, undefined],
	])('failure reason %j → %j', (raw, expected) => {
		expect(normaliseFailureReason(raw)).toEqual(expected);
	});
});

describe('the 24-hour window hint, on every shape', () => {
	it.each([
		['original (code 131047)', { message_id: 1, status: 'FAILED', failure_reason: { code: '131047', description: 'Re-engagement message.' } }],
		['2026 lower case (text)', { message_id: 1, status: 'failed', failure_reason: 'The 24-hour messaging window has closed (for non-template sends).' }],
	])('%s', (_shape, raw) => {
		expect(withWindowHint(normaliseStatus(raw)).hint).toBe(OUTSIDE_WINDOW_HINT);
	});

	it('the list record shape ({code, title})', () => {
		const [, failed] = normaliseSentMessages(SENT_MESSAGES_2026_ARRAY);
		expect(withWindowHint(failed).hint).toBe(OUTSIDE_WINDOW_HINT);
	});

	it('no hint for an unrelated failure or a delivered message', () => {
		expect(withWindowHint(normaliseStatus(ORIGINAL_STATUS_FAILED))).not.toHaveProperty('hint');
		expect(withWindowHint(normaliseStatus(ORIGINAL_STATUS_DELIVERED))).not.toHaveProperty('hint');
	});
});

describe('normaliseSentMessages: both list shapes as Get Status items', () => {
	it('{request_id, messages}: each summary in the status shape', () => {
		expect(normaliseSentMessages(SENT_MESSAGES_2026_OBJECT)).toEqual([
			{ message_id: 3851828, status: 'DELIVERED', phone_number: '+15551234567', sent_at: '2026-04-24T10:23:45Z' },
			{
				message_id: 3851827,
				status: 'FAILED',
				failure_reason: { description: 'Recipient is not a WhatsApp user.' },
				phone_number: '+15557654321',
				sent_at: '2026-04-24T10:19:02Z',
			},
		]);
	});

	it('a bare array of records: the Octopods ID as message_id, created_at as sent_at, the content kept', () => {
		expect(normaliseSentMessages(SENT_MESSAGES_2026_ARRAY)).toEqual([
			{
				message_id: 98765,
				status: 'DELIVERED',
				phone_number: '+14155552671',
				sent_at: '2026-04-24T12:34:56Z',
				message_content: 'Hi Alex — your order is on the way!',
			},
			{
				message_id: 98764,
				status: 'FAILED',
				failure_reason: { code: '470', description: 'Re-engagement window expired' },
				phone_number: '+14155551234',
				sent_at: '2026-04-24T12:30:10Z',
				message_content: 'Your verification code is 482910.',
			},
		]);
	});

	it('no messages for an empty or unexpected answer', () => {
		expect(normaliseSentMessages([])).toEqual([]);
		expect(normaliseSentMessages({ request_id: 'x', messages: [] })).toEqual([]);
		expect(normaliseSentMessages(null)).toEqual([]);
	});

	it('tells "nothing sent yet" apart from the list\'s other 400 (a deprecated key)', () => {
		expect(saysNothingSentYet(400, { error: 'No messages have been sent on this channel yet.' })).toBe(true);
		expect(saysNothingSentYet(400, DEPRECATED_KEY_ERROR)).toBe(false);
		expect(saysNothingSentYet(400, { error: 'limit must be a number.' })).toBe(false);
		expect(saysNothingSentYet(404, { error: 'No messages have been sent on this channel yet.' })).toBe(false);
	});
});
