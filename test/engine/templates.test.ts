import { GENERATIONS, templatesOf } from '../../sandbox/templates';
import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';


const getAll = (extra: object = {}) => ({
	resource: 'template',
	operation: 'getAll',
	returnAll: true,
	...extra,
});

function names(items: Array<{ json: object }>): string[] {
	return items.map((item) => (item.json as { template_name: string }).template_name);
}

describe.each(GENERATIONS)('the %s generation', (generation) => {
	const env = useSandbox({ generation });
	const templates = templatesOf(generation);

	describe('Template > Get Many', () => {
		it('returns every template of the account, one item each, paired with the input item', async () => {
			const { items, error } = await runOctopods({ parameters: getAll(), credentials: env.credentials });
			expect(error).toBeUndefined();
			expect(names(items).sort()).toEqual(templates.map((t) => t.template_name).sort());
			expect(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
			expect(items[0].json).toHaveProperty('template_components');
		});

		it('filters active and inactive templates through the API', async () => {
			const active = await runOctopods({
				parameters: getAll({ filters: { active: 'active' } }),
				credentials: env.credentials,
			});
			const inactive = await runOctopods({
				parameters: getAll({ filters: { active: 'inactive' } }),
				credentials: env.credentials,
			});
			expect(names(inactive.items)).toEqual(['old_promo']);
			expect(names(active.items)).not.toContain('old_promo');
			expect(active.items.length + inactive.items.length).toBe(templates.length);
			const queries = env.sandbox.received.map((r) => r.query.active);
			expect(queries).toEqual(['true', 'false']);
		});

		it('filters by language: a broad code passes through', async () => {
			const { items } = await runOctopods({
				parameters: getAll({ filters: { lang: 'pt' } }),
				credentials: env.credentials,
			});
			// 2026: `pt` finds pt_BR and pt_PT.
			expect(names(items).sort()).toEqual(generation === '2026' ? ['feedback_request', 'order_shipped', 'welcome_named'] : ['order_shipped', 'welcome_named']);
			expect(env.sandbox.received.map((request) => request.query.lang)).toEqual(['pt']);
		});

		it('filters by status: sent to the API, and applied on our side where the API ignores it', async () => {
			const accepted = await runOctopods({ parameters: getAll({ filters: { status: 'accepted' } }), credentials: env.credentials });
			const pending = await runOctopods({ parameters: getAll({ filters: { status: 'pending' } }), credentials: env.credentials });
			expect(env.sandbox.received.map((request) => request.query.status)).toEqual(['accepted', 'pending']);
			// A template without a state (the original generation) counts as Accepted when active.
			const acceptable = templates.filter((t) => (t.template_status ? t.template_status === 'Accepted' : t.active));
			expect(names(accepted.items).sort()).toEqual(acceptable.map((t) => t.template_name).sort());
			expect(names(pending.items)).toEqual(generation === '2026' ? ['winter_sale'] : []);
		});

		it('applies the limit on our side, as the API has no paging', async () => {
			const { items } = await runOctopods({
				parameters: getAll({ returnAll: false, limit: 2 }),
				credentials: env.credentials,
			});
			expect(items).toHaveLength(2);
			expect(env.sandbox.received).toHaveLength(1);
		});

		it('explains a rejected API key, without showing it', async () => {
			const { items, error } = await runOctopods({
				parameters: getAll(),
				credentials: { ...env.credentials, apiKey: 'wrong-key' },
			});
			expect(items).toHaveLength(0);
			expect(error?.message).toBe('The Octopods API key was rejected: check the credential');
			// The credential named (never its key), the likely mix-up with the SMS channel's key, then Octopods' words.
			expect(error?.description).toMatch(
				/^The key of the Octopods API credential "Octopods Sandbox" is wrong, or it is an SMS channel's key \(each Octopods channel has its own key\)\. Octopods says: ".+" \(request ID [0-9a-f-]{36}\)$/,
			);
			expect(visibleText(error)).not.toContain('wrong-key');
		});
	});

	describe('Template > Get', () => {
		it('gets a template picked from the list', async () => {
			const { items } = await runOctopods({
				parameters: {
					resource: 'template',
					operation: 'get',
					templateId: { __rl: true, mode: 'list', value: '537' },
				},
				credentials: env.credentials,
			});
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ template_id: 537, template_name: 'appointment_1' });
			expect(items[0].pairedItem).toEqual({ item: 0 });
		});

		it('gets a template by ID, per item from an expression', async () => {
			const { items } = await runOctopods({
				parameters: {
					resource: 'template',
					operation: 'get',
					templateId: { __rl: true, mode: 'id', value: '={{ $json.templateId }}' },
				},
				items: [{ templateId: 539 }, { templateId: '542' }],
				credentials: env.credentials,
			});
			expect(names(items)).toEqual(['account_update_1', 'welcome_named']);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		it('says which template was not found, with the Octopods code and request ID', async () => {
			const { error } = await runOctopods({
				parameters: {
					resource: 'template',
					operation: 'get',
					templateId: { __rl: true, mode: 'id', value: '9999' },
				},
				credentials: env.credentials,
			});
			expect(error?.message).toBe('Template 9999 was not found in this Octopods account');
			expect(error?.description).toMatch(/error code 3 TEMPLATE_NOT_EXIST, request ID [0-9a-f-]{36}/);
			expect((error as { httpCode?: string }).httpCode).toBe('404');
		});

		it('under Continue On Fail, gives one item per input: the result or the error', async () => {
			const { items, error } = await runOctopods({
				parameters: {
					resource: 'template',
					operation: 'get',
					templateId: { __rl: true, mode: 'id', value: '={{ $json.templateId }}' },
				},
				items: [{ templateId: 9999 }, { templateId: 539 }],
				continueOnFail: true,
				credentials: env.credentials,
			});
			expect(error).toBeUndefined();
			expect(items).toHaveLength(2);
			expect(items[0]).toEqual({
				json: {
					error: 'Template 9999 was not found in this Octopods account',
					description: expect.stringContaining('Octopods says: "Message Template 9999 does not exist."'),
					httpCode: '404',
					errorCode: 3,
					requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				},
				pairedItem: { item: 0 },
			});
			expect(items[1].json).toMatchObject({ template_name: 'account_update_1' });
			expect(items[1].pairedItem).toEqual({ item: 1 });
		});

		it('sends the API key only as the X-Octopods-Auth header, never in an output', async () => {
			const run = await runOctopods({
				parameters: { resource: 'template', operation: 'getAll', returnAll: true },
				credentials: env.credentials,
			});
			// Authenticated (the sandbox reads the key from X-Octopods-Auth only), and nowhere else in the request.
			expect(env.sandbox.received.map((request) => request.channel)).toEqual(['main']);
			const { path, query, body } = env.sandbox.received[0];
			expect(JSON.stringify({ path, query, body })).not.toContain(SECRET_KEY);
			expect(visibleText(run)).not.toContain(SECRET_KEY);
		});
	});
});

describe('Template > Get Many in the 2026 generation', () => {
	const env = useSandbox({ generation: '2026' });

	it('shows every template with its template_status, Pending ones included', async () => {
		const { items } = await runOctopods({ parameters: getAll(), credentials: env.credentials });
		const byName = Object.fromEntries(items.map((item) => [item.json.template_name, item.json.template_status]));
		expect(byName).toMatchObject({ winter_sale: 'Pending', loyalty_points: 'Rejected', appointment_1: 'Accepted' });
	});

	it('`en` finds the en_US and en_GB templates', async () => {
		const { items } = await runOctopods({ parameters: getAll({ filters: { lang: 'en' } }), credentials: env.credentials });
		const languages = new Set(items.map((item) => item.json.lang ?? 'not given'));
		expect(languages).toEqual(new Set(['en_US', 'en_GB', 'not given']));
		expect(names(items)).toContain('order_shipped_v1');
	});
});
