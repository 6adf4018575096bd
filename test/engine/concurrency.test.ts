/** Items in Parallel: several items in flight, the output still in input order and paired. */
import type { INodeParameters } from 'n8n-workflow';

import { description as getStatusDescription } from '../../nodes/Octopods/actions/message/getStatus.operation';
import { description as sendInteractiveDescription } from '../../nodes/Octopods/actions/message/sendInteractive.operation';
import { description as sendTemplateDescription } from '../../nodes/Octopods/actions/message/sendTemplate.operation';
import { description as getDescription } from '../../nodes/Octopods/actions/template/get.operation';
import { description as getAllDescription } from '../../nodes/Octopods/actions/template/getAll.operation';
import { runOctopods } from '../support/engine';
import { useSandbox } from '../support/sandbox';

const env = useSandbox({ rateLimit: false });
/** A budget that never holds a request back here, so only Items in Parallel sets the pace. */
const credentials = () => ({ ...env.credentials, customLimits: true, rateLimitRequests: 1000, rateLimitWindowSeconds: 1 });

const getTemplate = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'template',
	operation: 'get',
	templateId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
	options,
});
const IDS = [539, 537, 542, 541, 544, 545];
const NAMES = ['account_update_1', 'appointment_1', 'welcome_named', 'order_shipped', 'hello_world', 'recordatorio_cita'];

describe('Items in Parallel', () => {
	it('is an option of every operation, default 5, with Max Wait on Rate Limit (default 330 s)', () => {
		const operations = [sendTemplateDescription, sendInteractiveDescription, getStatusDescription, getDescription, getAllDescription];
		for (const description of operations) {
			const options = description.find((property) => property.name === 'options');
			const byName = (name: string) =>
				(options?.options as Array<{ name: string; default: unknown }>).find((option) => option.name === name);
			expect(byName('itemsInParallel')?.default).toBe(5);
			expect(byName('maxWaitOnRateLimit')?.default).toBe(330);
		}
	});

	it('keeps input order and pairing when a later item finishes first', async () => {
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 600, count: 1, methods: ['GET'] }]);
		const { items, error } = await runOctopods({
			parameters: getTemplate(),
			items: IDS.map((id) => ({ id })),
			credentials: credentials(),
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.template_name)).toEqual(NAMES);
		expect(items.map((item) => item.pairedItem)).toEqual(IDS.map((_, item) => ({ item })));
		// The slowed request is whichever arrived first (items start together): the other four of the
		// first five reached Octopods while it waited for its answer.
		const slow = env.sandbox.received.find((request) => request.fault === 'slow');
		const others = env.sandbox.received.filter((request) => request !== slow);
		expect(others).toHaveLength(5);
		expect(others.slice(0, 4).every((request) => slow !== undefined && request.at < slow.at + 600)).toBe(true);
	});

	it('never has more than Items in Parallel requests under way', async () => {
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 200, methods: ['GET'] }]);
		await runOctopods({
			parameters: getTemplate({ itemsInParallel: 2 }),
			items: IDS.map((id) => ({ id })),
			credentials: credentials(),
		});
		const arrivals = env.sandbox.received.map((request) => request.at);
		expect(arrivals).toHaveLength(6);
		// The third request can only start once one of the first two was answered, and so on.
		for (let index = 2; index < arrivals.length; index++) {
			expect(arrivals[index] - arrivals[index - 2]).toBeGreaterThanOrEqual(195);
		}
	});

	it('with 1, works strictly one item after another', async () => {
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 150, methods: ['GET'] }]);
		const { items } = await runOctopods({
			parameters: getTemplate({ itemsInParallel: 1 }),
			items: IDS.slice(0, 3).map((id) => ({ id })),
			credentials: credentials(),
		});
		expect(items.map((item) => item.json.template_name)).toEqual(NAMES.slice(0, 3));
		const arrivals = env.sandbox.received.map((request) => request.at);
		expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(145);
		expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(145);
	});

	it('groups the several outputs of one input together, in input order (Get Many)', async () => {
		env.sandbox.setFaults([{ mode: 'slow', delayMs: 200, count: 1, methods: ['GET'] }]);
		const { items } = await runOctopods({
			parameters: {
				resource: 'template',
				operation: 'getAll',
				returnAll: true,
				filters: { lang: '={{ $json.lang }}' },
			},
			items: [{ lang: 'en' }, { lang: 'pt' }],
			credentials: credentials(),
		});
		const paired = items.map((item) => (item.pairedItem as { item: number }).item);
		expect(paired.filter((item) => item === 1)).toHaveLength(2);
		expect(paired).toEqual([...paired].sort());
		expect(items.slice(-2).map((item) => item.json.template_name)).toEqual(['welcome_named', 'order_shipped']);
	});

	it("with the credential's default limits, paces requests one per 186 ms (55 per 10.25 s)", async () => {
		await runOctopods({
			parameters: getTemplate(),
			items: IDS.slice(0, 3).map((id) => ({ id })),
			credentials: env.defaultCredentials,
		});
		const arrivals = env.sandbox.received.map((request) => request.at);
		// Departures are 186 ms apart; an arrival can lag its departure (the first request also opens
		// the connection, slower on a busy machine), so the span of the two gaps gets 50 ms of slack.
		expect(arrivals[2] - arrivals[0]).toBeGreaterThanOrEqual(2 * 186 - 50);
	});
});
