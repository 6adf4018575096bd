import { normaliseSmsStatus, SMS_STATUS_RULES } from '../../nodes/Octopods/helpers/smsStatus';
import { waitForStatus, waitIsOver } from '../../nodes/Octopods/helpers/statusWait';

// The two generations' answers, shaped as the articles show them (NOTES, "The SMS channel").
const OLDER_DELIVERED = { message_id: 7001, status: 'DELIVERED', status_message: 'Delivered to handset', last_updated: '2026-03-02T10:15:00Z' };
const OLDER_FAILED = { message_id: 7002, status: 'FAILED', status_message: 'Carrier rejected the message', last_updated: '2026-03-02T10:16:00Z' };
const NEW_QUEUED = { message_id: 7003, status: 'queued', phone_number: '353838000000', sent_at: null, delivered_at: null, failure_reason: null };
const NEW_DELIVERED = {
	message_id: 7004,
	status: 'delivered',
	phone_number: '353838000000',
	sent_at: '2026-03-02T10:15:00Z',
	delivered_at: '2026-03-02T10:15:04Z',
	failure_reason: null,
};
const NEW_UNDELIVERED = {
	message_id: 7005,
	status: 'undelivered',
	phone_number: '353838000001',
	sent_at: '2026-03-02T10:15:00Z',
	delivered_at: null,
	failure_reason: 'Unknown destination handset',
};

describe('normaliseSmsStatus: both generations in one shape', () => {
	it('older article: upper case kept, the status message and time kept, FAILED gets its reason', () => {
		expect(normaliseSmsStatus(OLDER_DELIVERED)).toEqual({ ...OLDER_DELIVERED, final: true });
		expect(normaliseSmsStatus(OLDER_FAILED)).toEqual({
			...OLDER_FAILED,
			final: true,
			failure_reason: { description: 'Carrier rejected the message' },
		});
	});

	it('2026: lower case becomes upper case, nulls (not reached yet) are left out, timestamps kept', () => {
		expect(normaliseSmsStatus(NEW_QUEUED)).toEqual({ message_id: 7003, status: 'QUEUED', final: false, phone_number: '353838000000' });
		expect(normaliseSmsStatus(NEW_DELIVERED)).toEqual({
			message_id: 7004,
			status: 'DELIVERED',
			final: true,
			phone_number: '353838000000',
			sent_at: '2026-03-02T10:15:00Z',
			delivered_at: '2026-03-02T10:15:04Z',
		});
	});

	it('2026 undelivered: final, with the failure reason kept as text', () => {
		expect(normaliseSmsStatus(NEW_UNDELIVERED)).toMatchObject({
			status: 'UNDELIVERED',
			final: true,
			failure_reason: { description: 'Unknown destination handset' },
		});
	});

	it('sent is not final; an undocumented word reads UNKNOWN and keeps the word; the asked ID fills a missing one', () => {
		expect(normaliseSmsStatus({ status: 'sent' }, '7006')).toEqual({ message_id: '7006', status: 'SENT', final: false });
		expect(normaliseSmsStatus({ status: 'accepted' })).toEqual({ status: 'UNKNOWN', octopods_status: 'accepted', final: false });
	});
});

describe('waiting for an SMS status', () => {
	it('Delivered stops at FAILED or UNDELIVERED (never delivered) and not at SENT', () => {
		expect(waitIsOver('delivered', 'SENT', SMS_STATUS_RULES)).toBe(false);
		expect(waitIsOver('delivered', 'UNDELIVERED', SMS_STATUS_RULES)).toBe(true);
		expect(waitIsOver('final', 'QUEUED', SMS_STATUS_RULES)).toBe(false);
		expect(waitIsOver('final', 'DELIVERED', SMS_STATUS_RULES)).toBe(true);
		// WhatsApp's rules are unchanged: DELIVERED is not final there (READ may follow).
		expect(waitIsOver('final', 'DELIVERED')).toBe(false);
	});

	it('checks until the SMS is delivered', async () => {
		const answers = [NEW_QUEUED, { ...NEW_DELIVERED, status: 'sent' }, NEW_DELIVERED];
		let now = 0;
		const result = await waitForStatus(
			async () => normaliseSmsStatus(answers.shift() ?? NEW_DELIVERED),
			{ target: 'final', maxWaitMs: 60_000, intervalMs: 5_000, rules: SMS_STATUS_RULES },
			{ now: () => now, sleep: async (ms) => void (now += ms) },
		);
		expect(result).toMatchObject({ reached: true, checks: 3, waitedMs: 10_000, status: { status: 'DELIVERED' } });
	});
});
