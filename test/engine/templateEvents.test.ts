/**
 * The Octopods Trigger's template events (issue 27), run through n8n-core's PollContext against the
 * sandbox changing its templates on demand: each change reported exactly once, none at activation,
 * and no odd answer (a template left out once, a failed, slow or unknown list, an unreadable row)
 * either reported or a reason to stop.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Generation } from '../../sandbox/server';
import { activateTrigger, type ActiveTrigger, fetchTestEvent } from '../support/pollEngine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';
import { sendTo } from '../support/sandboxHttp';

const TEMPLATE_LIST = '/api/v1/whatsapp/templates/';
const TEMPLATE_EVENTS = ['templateAnyChange'];
/** Every execution so far as [template_id, event]. */
const reported = (trigger: ActiveTrigger) => trigger.executions.map((execution) => [execution[0].json.template_id, execution[0].json.event]);
const pairs = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((item) => [item.json.template_id, item.json.event]);
const requestsOf = (env: { sandbox: { received: Array<{ path: string }> } }) => env.sandbox.received.map((request) => request.path);

describe.each<Generation>(['original', '2026'])('Octopods Trigger template events (%s generation)', (generation) => {
	const env = useSandbox({ generation, rateLimit: false });
	const activate = (parameters: INodeParameters = { events: TEMPLATE_EVENTS }) => activateTrigger(env.credentials, parameters);

	it('reports nothing at activation, then each pause and reactivation once, with ID, name, language and before/after', async () => {
		// Already inactive before activation: the baseline, never an event.
		const trigger = activate();
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();

		env.sandbox.changeTemplate({ id: 539, action: 'pause' });
		const paused = await trigger.poll();
		expect(pairs(paused)).toEqual([[539, 'templatePaused']]);
		expect(paused?.[0].json).toMatchObject({
			template_name: 'account_update_1',
			language: generation === '2026' ? 'en_US' : 'en',
			previous_active: true,
			active: false,
			previous_status: generation === '2026' ? 'Accepted' : null,
			status: generation === '2026' ? 'Accepted' : null,
		});
		expect(await trigger.poll()).toBeNull();
		env.sandbox.changeTemplate({ id: 543, action: 'reactivate' });
		env.sandbox.changeTemplate({ id: 539, action: 'reactivate' });
		expect(pairs(await trigger.poll())).toEqual([
			[539, 'templateReactivated'],
			[543, 'templateReactivated'],
		]);
		expect(await trigger.poll()).toBeNull();
		expect(visibleText(trigger.executions)).not.toContain(SECRET_KEY);
	});

	it('a template left out of one list answer is not deleted (its own GET still finds it); a later change still arrives', async () => {
		const trigger = activate();
		await trigger.poll();
		env.sandbox.changeTemplate({ id: 537, hide: 1 });
		expect(await trigger.poll()).toBeNull();
		expect(requestsOf(env)).toContain('/api/v1/whatsapp/templates/537');
		expect(await trigger.poll()).toBeNull();
		env.sandbox.changeTemplate({ id: 537, action: 'pause' });
		expect(pairs(await trigger.poll())).toEqual([[537, 'templatePaused']]);
	});

	it('a deleted template is reported once, when its own GET says 404', async () => {
		const trigger = activate({ events: ['templateDeleted'] });
		await trigger.poll();
		env.sandbox.changeTemplate({ id: 541, action: 'delete' });
		const items = await trigger.poll();
		expect(pairs(items)).toEqual([[541, 'templateDeleted']]);
		expect(items?.[0].json).toMatchObject({ template_name: 'order_shipped', status: 'Deleted', active: false, previous_active: true });
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		expect(reported(trigger)).toEqual([[541, 'templateDeleted']]);
	});

	it.each([
		['answered 500 (after the transport’s retries)', () => env.sandbox.changeTemplate({ failLists: 3 })],
		['in a shape of neither generation', () => env.sandbox.setFaults([{ mode: 'odd-shape', count: 1, paths: [TEMPLATE_LIST] }])],
		['not JSON', () => env.sandbox.setFaults([{ mode: 'not-json', count: 3, paths: [TEMPLATE_LIST] }])],
	])('a list %s changes nothing remembered; a change across it arrives once afterwards', async (_name, fault) => {
		const trigger = activate();
		await trigger.poll();
		env.sandbox.changeTemplate({ id: 539, action: 'pause' });
		fault();
		expect(await trigger.poll()).toBeNull();
		expect(trigger.logs.some((line) => /template list/.test(line.message))).toBe(true);
		expect(pairs(await trigger.poll())).toEqual([[539, 'templatePaused']]);
		expect(await trigger.poll()).toBeNull();
		env.sandbox.changeTemplate({ id: 544, action: 'pause' });
		expect(pairs(await trigger.poll())).toEqual([[544, 'templatePaused']]);
	});

	it('a slow list (past the request timeout) changes nothing; the change arrives once afterwards', async () => {
		const trigger = activateTrigger({ ...env.credentials, requestTimeoutSeconds: 1 }, { events: TEMPLATE_EVENTS });
		await trigger.poll();
		env.sandbox.changeTemplate({ id: 539, action: 'pause' });
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 1500, count: 3, paths: [TEMPLATE_LIST] }]);
		expect(await trigger.poll()).toBeNull();
		expect(pairs(await trigger.poll())).toEqual([[539, 'templatePaused']]);
	});

	it('a list that cannot be read for 3 polls in a row is said once as a failed execution, and once more when it reads again', async () => {
		const trigger = activate();
		await trigger.poll();
		env.sandbox.changeTemplate({ failLists: 3 * 4 });
		env.sandbox.changeTemplate({ id: 539, action: 'pause' });
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		await expect(trigger.poll()).rejects.toThrow(/could not read the template list in 3 polls in a row/);
		expect(await trigger.poll()).toBeNull();
		// Read again: the change made meanwhile is emitted once, then the recovery is said.
		await expect(trigger.poll()).rejects.toThrow(/reads the template list again, after 4 polls/);
		expect(reported(trigger)).toEqual([[539, 'templatePaused']]);
		expect(await trigger.poll()).toBeNull();
	});

	it('a failed list at activation takes the baseline at the first readable list: nothing reported from it', async () => {
		env.sandbox.changeTemplate({ failLists: 3 });
		const trigger = activate();
		expect(await trigger.poll()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		env.sandbox.changeTemplate({ id: 539, action: 'pause' });
		expect(pairs(await trigger.poll())).toEqual([[539, 'templatePaused']]);
	});

	it('an unreadable row is skipped and counted; the rest of the answer is used', async () => {
		const trigger = activate();
		await trigger.poll();
		env.sandbox.changeTemplate({ unreadableRows: 1 });
		env.sandbox.changeTemplate({ id: 544, action: 'pause' });
		expect(pairs(await trigger.poll())).toEqual([[544, 'templatePaused']]);
		expect(trigger.logs.some((line) => /1 row\(s\) of the template list could not be read/.test(line.message))).toBe(true);
		expect(await trigger.poll()).toBeNull();
	});

	it('the filter reports only its template (By ID, or every language By Name); one naming no template fails activation', async () => {
		const byId = activate({ events: TEMPLATE_EVENTS, options: { template: { __rl: true, mode: 'list', value: '550' } } });
		const byName = activate({ events: TEMPLATE_EVENTS, options: { template: { __rl: true, mode: 'name', value: 'order_shipped' } } });
		await byId.poll();
		await byName.poll();
		for (const id of [550, 551, 539]) env.sandbox.changeTemplate({ id, action: 'pause' });
		expect(pairs(await byId.poll())).toEqual([[550, 'templatePaused']]);
		expect(pairs(await byName.poll())).toEqual([
			[550, 'templatePaused'],
			[551, 'templatePaused'],
		]);

		const nowhere = activate({ events: TEMPLATE_EVENTS, options: { template: { __rl: true, mode: 'id', value: '999' } } });
		await expect(nowhere.poll()).rejects.toThrow('Options > Template: there is no template with ID 999 in this Octopods account');
		const noName = activate({ events: TEMPLATE_EVENTS, options: { template: { __rl: true, mode: 'name', value: 'no_such' } } });
		await expect(noName.poll()).rejects.toThrow('there is no template named "no_such"');
		// Left out of the activation's list answer, but its own GET finds it: no error.
		env.sandbox.changeTemplate({ id: 537, hide: 1 });
		const hidden = activate({ events: TEMPLATE_EVENTS, options: { template: { __rl: true, mode: 'id', value: '537' } } });
		expect(await hidden.poll()).toBeNull();
	});

	it('a poll that outlived its claim reports no template change; the newer poll that took over reports it once', async () => {
		const trigger = activate();
		await trigger.poll();
		env.sandbox.changeTemplate({ id: 539, action: 'pause' });
		// Poll A's list answers 1 s late, poll B's 3 s late.
		env.sandbox.setFaults([
			{ mode: 'slow', delayMs: 1000, count: 1, paths: [TEMPLATE_LIST] },
			{ mode: 'slow', delayMs: 3000, count: 1, paths: [TEMPLATE_LIST] },
		]);
		const pollA = trigger.poll();
		await new Promise((resolve) => setTimeout(resolve, 200));
		// A's claim now reads as older than its lifetime (10 min): B takes over.
		trigger.edit((nodeStaticData) => {
			(nodeStaticData.octopodsTriggerPoll as { at: number }).at -= 11 * 60_000;
		});
		const pollB = trigger.poll();
		await Promise.all([pollA, pollB]);
		expect(reported(trigger)).toEqual([[539, 'templatePaused']]);
		expect(trigger.logs.filter((line) => /a newer poll took over/.test(line.message))).toHaveLength(1);
		expect(await trigger.poll()).toBeNull();
	}, 30_000);

	it('a poll of template events alone costs one request: the template list', async () => {
		const trigger = activate();
		await trigger.poll();
		env.sandbox.reset();
		await trigger.poll();
		expect(requestsOf(env)).toEqual([TEMPLATE_LIST]);
	});

	it('Fetch Test Event shows a template as an example of the fields', async () => {
		const { items } = await fetchTestEvent(env.credentials, { events: ['templateRejected'] });
		expect(items?.[0].json).toMatchObject({ event: 'templateRejected', template_id: expect.anything(), note: expect.stringContaining('example') });
	});
});

describe('Octopods Trigger template events with 2026 statuses', () => {
	const env = useSandbox({ generation: '2026', rateLimit: false, timeScale: 0.01 });

	it('reports approved, rejected and needs modification once each; Any Template Change also a status named by no event', async () => {
		const trigger = activateTrigger(env.credentials, { events: ['templateApproved', 'templateRejected', 'templateNeedsModification'] });
		const any = activateTrigger(env.credentials, { events: ['templateAnyChange'] });
		await trigger.poll();
		await any.poll();
		env.sandbox.changeTemplate({ id: 547, action: 'approve' });
		env.sandbox.changeTemplate({ id: 549, action: 'reject' });
		env.sandbox.changeTemplate({ id: 539, action: 'needs_modification' });
		env.sandbox.changeTemplate({ id: 548, template_status: 'Under review' });
		const items = await trigger.poll();
		expect(pairs(items)).toEqual([
			[539, 'templateNeedsModification'],
			[547, 'templateApproved'],
			[549, 'templateRejected'],
		]);
		expect(items?.[1].json).toMatchObject({ previous_status: 'Pending', status: 'Accepted' });
		expect(pairs(await any.poll())).toEqual([
			[539, 'templateNeedsModification'],
			[547, 'templateApproved'],
			[548, 'templateChanged'],
			[549, 'templateRejected'],
		]);
		expect(await trigger.poll()).toBeNull();
		expect(await any.poll()).toBeNull();
	});

	it('both lists unreadable for 3 polls: one failed execution says both', async () => {
		await sendTo(env.sandbox, ['+353838000555']);
		const trigger = activateTrigger(env.credentials, { events: ['failed', 'templatePaused'] });
		await trigger.poll();
		env.sandbox.setFaults([{ mode: 'odd-shape', count: 3, paths: ['/api/v1/whatsapp/messages'] }]);
		env.sandbox.changeTemplate({ failLists: 3 * 3 });
		await trigger.poll();
		await trigger.poll();
		const said = trigger.poll();
		await expect(said).rejects.toThrow(/could not read the sent-messages list in 3 polls in a row.*Also: The Octopods Trigger could not read the template list in 3 polls/);
	});

	it('one trigger hears messages and templates together, each change once', async () => {
		const [message] = await sendTo(env.sandbox, ['+353838000555']);
		const trigger = activateTrigger(env.credentials, { events: ['failed', 'templatePaused'] });
		await trigger.poll();
		env.sandbox.setStatus({ ids: [message], status: 'FAILED' });
		env.sandbox.changeTemplate({ id: 544, action: 'pause' });
		const items = await trigger.poll();
		expect(items?.map((item) => [item.json.event, item.json.template_id ?? item.json.message_id])).toEqual([
			['templatePaused', 544],
			['failed', message],
		]);
		expect(await trigger.poll()).toBeNull();
	});
});
