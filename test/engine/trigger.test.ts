import type { IDataObject } from 'n8n-workflow';

import { forgetChannels } from '../../nodes/Octopods/transport/channels';
import type { SandboxOptions } from '../../sandbox/server';
import { activateTrigger, fetchTestEvent } from '../support/pollEngine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';
import { sendTo } from '../support/sandboxHttp';


/** n numbers ending 555: the sandbox keeps them SENT until a test sets their status. */
const held = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `+3538${String(from + i).padStart(4, '0')}555`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Statuses change after 2 s and 5 s of Octopods' time: 20 and 50 ms at this scale; wait well past them. */
const settle = () => sleep(150);

const ids = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => item.json.message_id);

describe.each<[string, SandboxOptions]>([
	['{request_id, messages} (lower case)', { statusStyle: 'lowercase' }],
	['a bare array of records (upper case)', { statusStyle: 'uppercase' }],
])('Octopods Trigger polling the sent-messages list answered as %s', (_shape, style) => {
	const env = useSandbox({ generation: '2026', timeScale: 0.01, rateLimit: false, ...style });

	it('the first poll records a baseline and emits nothing, even for messages that already failed', async () => {
		await sendTo(env.sandbox, ['+353838000999', '+353838000001']);
		await settle();
		const trigger = activateTrigger(env.credentials, { events: ['failed', 'delivered', 'read'] });
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		const state = trigger.savedState() as { known: Array<{ status: string }> };
		expect(state.known.map((entry) => entry.status)).toEqual(['READ', 'FAILED']);
	});

	it.each([
		['the "nothing sent yet" 400', 'nothing-sent'],
		['an answer of neither shape', 'odd-shape'],
	] as const)(
		"when the activation's list read meets %s, nothing final before activation is ever reported; a message sent after it is, even first seen failed, and later changes are",
		async (_answer, mode) => {
			const [heldBefore] = await sendTo(env.sandbox, held(1));
			// Final before activation: two failures and one read.
			await sendTo(env.sandbox, ['+353838000999', '+353838001999', '+353838000001']);
			await settle();
			env.sandbox.setFaults([{ mode, count: 1, paths: ['/api/v1/whatsapp/messages'] }]);
			const trigger = activateTrigger(env.credentials, { events: ['anyChange'] });
			expect(await trigger.poll()).toBeNull();
			expect(trigger.savedState()).toMatchObject({ known: [], activatedAt: expect.stringMatching(/^\d{4}-/) });

			const [sentAfter] = await sendTo(env.sandbox, ['+353838002999']);
			await settle();
			const events = async () => (await trigger.poll())?.map((item) => [item.json.message_id, item.json.event, item.json.previous_status]) ?? [];
			expect(await events()).toEqual([[sentAfter, 'failed', null]]);
			// Sent before activation, still SENT at the first list read: its later failure is an event.
			env.sandbox.setStatus({ ids: [heldBefore], status: 'FAILED' });
			expect(await events()).toEqual([[heldBefore, 'failed', 'SENT']]);
			expect(await events()).toEqual([]);
			expect(trigger.executions).toHaveLength(2);
		},
	);

	it('emits each transition into a chosen event once, with the Get Status fields, event and previous_status', async () => {
		const [willFail, willDeliver, staysSent] = await sendTo(env.sandbox, held(3));
		const trigger = activateTrigger(env.credentials, { events: ['failed', 'delivered'] });
		expect(await trigger.poll()).toBeNull();

		env.sandbox.setStatus({ ids: [willFail], status: 'FAILED', failure_reason: { code: '131026', description: 'Message undeliverable' } });
		env.sandbox.setStatus({ ids: [willDeliver], status: 'DELIVERED' });
		// A message first seen already final is reported too, with no previous status.
		const [firstSeenFailed] = await sendTo(env.sandbox, ['+353838000999']);
		await settle();

		const items = await trigger.poll();
		expect(items?.map((item) => [item.json.message_id, item.json.event, item.json.previous_status])).toEqual([
			[willFail, 'failed', 'SENT'],
			[willDeliver, 'delivered', 'SENT'],
			[firstSeenFailed, 'failed', null],
		]);
		expect(items?.[0].json).toMatchObject({
			status: 'FAILED',
			// The lower-case list gives the reason as text only, the upper-case one with its code.
			failure_reason: style.statusStyle === 'uppercase' ? { code: '131026', description: 'Message undeliverable' } : { description: 'Message undeliverable' },
			phone_number: '+35380000555',
			sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			messages_may_be_missed: false,
		});
		expect(items?.[2].json.failure_reason).toMatchObject({ description: 'Channel could not find To address' });
		expect(ids(items)).not.toContain(staysSent);
		expect(visibleText(items)).not.toContain(SECRET_KEY);

		// Nothing new: nothing emitted. A message read after being reported delivered: not an event chosen.
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [willDeliver], status: 'READ' });
		expect(await trigger.poll()).toBeNull();
	});

	it('reports a message that went from SENT to READ between polls as delivered and read', async () => {
		const [message] = await sendTo(env.sandbox, held(1));
		const trigger = activateTrigger(env.credentials, { events: ['delivered', 'read'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [message], status: 'READ' });
		const items = await trigger.poll();
		expect(items?.map((item) => [item.json.event, item.json.previous_status, item.json.status])).toEqual([
			['delivered', 'SENT', 'READ'],
			['read', 'SENT', 'READ'],
		]);
	});

	it('Any Status Change reports delivered, read and failed; Deleted counts as failed; UNKNOWN is no change', async () => {
		const [toDelete, toUnknown] = await sendTo(env.sandbox, held(2));
		const trigger = activateTrigger(env.credentials, { events: ['anyChange'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [toDelete], status: 'DELETED' });
		env.sandbox.setStatus({ ids: [toUnknown], status: 'UNKNOWN' });
		const items = await trigger.poll();
		expect(items?.map((item) => [item.json.message_id, item.json.event, item.json.status])).toEqual([[toDelete, 'failed', 'DELETED']]);
		env.sandbox.setStatus({ ids: [toUnknown], status: 'DELIVERED' });
		expect((await trigger.poll())?.map((item) => [item.json.message_id, item.json.event, item.json.previous_status])).toEqual([
			[toUnknown, 'delivered', 'SENT'],
		]);
	});

	it('keeps its state in the static data: nothing is emitted twice after n8n restarts', async () => {
		const [first, second] = await sendTo(env.sandbox, held(2));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [first], status: 'FAILED' });
		expect(ids(await trigger.poll())).toEqual([first]);

		trigger.restart();
		expect(await trigger.poll()).toBeNull();
		env.sandbox.setStatus({ ids: [second], status: 'FAILED' });
		trigger.restart();
		expect(ids(await trigger.poll())).toEqual([second]);
		trigger.restart();
		expect(await trigger.poll()).toBeNull();
	});

	it('more than 100 sends between polls: messages that left the list are followed, so their failure is reported', async () => {
		// Already final before activation: never reported.
		await sendTo(env.sandbox, ['+353838000999', '+353838001999']);
		await settle();
		const trigger = activateTrigger(env.credentials, { events: ['failed'], options: { followUpsPerPoll: 100 } });
		expect(await trigger.poll()).toBeNull();

		const firstHundred = await sendTo(env.sandbox, held(100));
		expect(await trigger.poll()).toBeNull(); // sees them SENT
		await sendTo(env.sandbox, held(100, 100));
		const failing = [firstHundred[3], firstHundred[17], firstHundred[42], firstHundred[77], firstHundred[99]];
		env.sandbox.setStatus({ ids: failing, status: 'FAILED' });

		const before = env.sandbox.received.length;
		const items = await trigger.poll();
		expect(ids(items)).toEqual(failing);
		// Exactly five executions, one per failed message; none for the two final before activation.
		expect(trigger.executions.map((execution) => ids(execution))).toEqual(failing.map((id) => [id]));
		expect(items?.every((item) => item.json.event === 'failed' && item.json.previous_status === 'SENT')).toBe(true);
		// The second hundred follows directly on the first: the list reached back, nothing was missed.
		expect(items?.every((item) => item.json.messages_may_be_missed === false)).toBe(true);
		const requests = env.sandbox.received.slice(before);
		expect(requests.filter((r) => r.path === '/api/v1/whatsapp/messages')).toHaveLength(1);
		// Each of the first hundred checked once through the status endpoint, oldest first.
		expect(requests.filter((r) => r.path !== '/api/v1/whatsapp/messages').map((r) => Number(r.path.split('/').pop()))).toEqual(
			firstHundred,
		);

		// The failed ones are no longer followed, the others still are; no repeats after a restart.
		trigger.restart();
		expect(await trigger.poll()).toBeNull();
		expect(trigger.executions).toHaveLength(5);
		const state = trigger.savedState() as { following: Array<{ id: string }> };
		expect(state.following).toHaveLength(95);
		expect(state.following.map((entry) => Number(entry.id))).not.toEqual(expect.arrayContaining([failing[0]]));
	});

	it('follows at most Follow-Ups per Poll messages each poll, oldest first, until each is final', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'], options: { followUpsPerPoll: 20 } });
		await sendTo(env.sandbox, ['+353838000001']);
		expect(await trigger.poll()).toBeNull();
		const firstHundred = await sendTo(env.sandbox, held(100));
		await trigger.poll();
		await sendTo(env.sandbox, held(100, 100));
		const failing = [firstHundred[0], firstHundred[30], firstHundred[61], firstHundred[62], firstHundred[99]];
		env.sandbox.setStatus({ ids: failing, status: 'FAILED' });

		const reported: unknown[] = [];
		for (let poll = 0; poll < 6; poll++) {
			const before = env.sandbox.received.length;
			reported.push(...ids(await trigger.poll()));
			const checks = env.sandbox.received.slice(before).filter((r) => r.path !== '/api/v1/whatsapp/messages');
			expect(checks.length).toBeLessThanOrEqual(20);
		}
		expect(reported).toEqual(failing);
	});

	it('says so when the list no longer reaches back to what the previous poll saw', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		const [seen] = await sendTo(env.sandbox, held(1));
		await trigger.poll();
		// 150 sends between two polls: the oldest 50 of them are never in a list the trigger reads.
		await sendTo(env.sandbox, [...held(149, 1), '+353838000999']);
		await settle();
		const items = await trigger.poll();
		expect(items?.map((item) => [item.json.event, item.json.messages_may_be_missed])).toEqual([['failed', true]]);
		env.sandbox.setStatus({ ids: [seen], status: 'FAILED' });
		expect((await trigger.poll())?.map((item) => [item.json.message_id, item.json.messages_may_be_missed])).toEqual([
			[seen, false],
		]);
	});

	it('a poll that meets a rate limit changes nothing and loses nothing: the next poll reports what it missed', async () => {
		const [message] = await sendTo(env.sandbox, held(1));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [message], status: 'FAILED' });
		// A cool-down longer than a poll waits (30 s): the poll ends with the 429 in n8n's log, the state is untouched.
		env.sandbox.setFaults([{ mode: 'rate-limit', count: 1, cooldownMs: 60_000 }]);
		const stateBefore = JSON.stringify(trigger.state());
		expect(await trigger.poll()).toBeNull();
		expect(trigger.logs.map((line) => line.message).filter((line) => line.startsWith('Octopods Trigger:'))).toEqual([expect.stringMatching(/could not use the sent-messages list \(.*paused this channel for too many requests/)]);
		expect(JSON.stringify(trigger.state())).toBe(stateBefore);
		// Once the cool-down is over (the channel's state forgotten here), the next poll reports the failure.
		forgetChannels();
		expect(ids(await trigger.poll())).toEqual([message]);
	});

	it('a poll that meets a short cool-down waits for it, as every request of the channel does', async () => {
		const [message] = await sendTo(env.sandbox, held(1));
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [message], status: 'FAILED' });
		env.sandbox.setFaults([{ mode: 'rate-limit', count: 1, cooldownMs: 300 }]);
		expect(ids(await trigger.poll())).toEqual([message]);
		expect(env.sandbox.received.filter((r) => r.status === 429)).toHaveLength(1);
	});

	it('Fetch Test Event returns the newest message matching the events, or the newest with a note', async () => {
		const [failed] = await sendTo(env.sandbox, ['+353838000999']);
		const [delivered] = await sendTo(env.sandbox, ['+353838000001']);
		const [sent] = await sendTo(env.sandbox, held(1));
		await settle();
		const matching = await fetchTestEvent(env.credentials, { events: ['failed'] });
		expect(matching.items?.map((item) => [item.json.message_id, item.json.event, item.json.note])).toEqual([[failed, 'failed', undefined]]);
		expect(matching.staticData).toEqual({});
		const read = await fetchTestEvent(env.credentials, { events: ['delivered', 'read'] });
		expect(read.items?.map((item) => [item.json.message_id, item.json.event])).toEqual([[delivered, 'read']]);

		env.sandbox.reset();
		await sendTo(env.sandbox, held(1));
		const none = await fetchTestEvent(env.credentials, { events: ['failed'] });
		expect(none.items).toHaveLength(1);
		expect(none.items?.[0].json).toMatchObject({ status: 'SENT', note: expect.stringMatching(/example of the fields/) });
		expect(sent).toBeGreaterThan(0);
	});
});

describe('Octopods Trigger on an account that predates the sent-messages list (original pages)', () => {
	const env = useSandbox({ generation: 'original', timeScale: 0.01 });

	it('says the account does not offer the list', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		await expect(trigger.poll()).rejects.toThrow(/does not offer the sent-messages list/);
	});
});

describe('Octopods Trigger before the channel sent anything', () => {
	const env = useSandbox({ generation: '2026', timeScale: 0.01 });

	it('records an empty baseline, then reports the first message that fails', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['failed'] });
		expect(await trigger.poll()).toBeNull();
		const [failed] = await sendTo(env.sandbox, ['+353838000999']);
		await settle();
		expect(ids(await trigger.poll())).toEqual([failed]);
		await expect(fetchTestEvent(env.credentials, { events: ['failed'] }).then(() => 'ok')).resolves.toBe('ok');
		env.sandbox.reset();
		await expect(fetchTestEvent(env.credentials, { events: ['failed'] })).rejects.toThrow(/No message has been sent/);
	});
});
