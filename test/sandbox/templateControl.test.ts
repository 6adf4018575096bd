/** Templates changed on demand (POST /__sandbox/templates, the inbox page's forms), for the trigger's template events. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { call, type Json } from '../support/sandboxHttp';

type Row = Json & { template_id?: number; template_status?: string; active?: unknown };

describe.each<[string, SandboxOptions]>([
	['original', { generation: 'original' }],
	['2026', { generation: '2026' }],
])('the sandbox (%s): templates changed on demand', (generation, options) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ rateLimit: false, ...options })));
	beforeEach(() => sandbox.reset());
	afterAll(async () => await sandbox.close());
	const list = async () => await call<Row[]>(sandbox, 'GET', '/api/v1/whatsapp/templates/');
	const get = async (id: number) => await call<Row>(sandbox, 'GET', `/api/v1/whatsapp/templates/${id}`);
	const change = async (body: unknown) => await call<Json>(sandbox, 'POST', '/__sandbox/templates', { key: null, body });

	it('pauses, rejects and reactivates a template, in the list and its own GET', async () => {
		expect((await change({ id: 539, action: 'pause' })).status).toBe(200);
		expect((await get(539)).body.active).toBe(false);
		await change({ id: 539, action: 'reject' });
		await change({ id: 539, action: 'reactivate' });
		const row = (await list()).body.find((template) => template.template_id === 539)!;
		expect(row.active).toBe(true);
		// The original pages know no template_status: a rejection there changes nothing seen.
		expect(row.template_status).toBe(generation === '2026' ? 'Rejected' : undefined);
		await change({ id: 539, template_status: 'Needs modification', active: false });
		expect((await get(539)).body).toMatchObject({ template_status: 'Needs modification', active: false });
	});

	it('hides a template from the next list answer only, while its GET still finds it', async () => {
		await change({ id: 537, hide: 1 });
		expect((await list()).body.map((row) => row.template_id)).not.toContain(537);
		expect((await get(537)).status).toBe(200);
		expect((await list()).body.map((row) => row.template_id)).toContain(537);
	});

	it('deletes a template: gone from the list, 404 on its GET', async () => {
		await change({ id: 541, action: 'delete' });
		expect((await list()).body.map((row) => row.template_id)).not.toContain(541);
		expect((await get(541)).status).toBe(404);
		expect((await change({ id: 541, action: 'pause' })).status).toBe(400);
	});

	it('fails the next list answer, and puts an unreadable row in the one after', async () => {
		await change({ failLists: 1, unreadableRows: 1 });
		expect((await list()).status).toBe(500);
		const rows = (await list()).body;
		expect(rows.filter((row) => row.template_id === undefined)).toHaveLength(1);
		expect((await list()).body.every((row) => typeof row.template_id === 'number')).toBe(true);
	});

	it("changes a template from the inbox page's form and goes back to the page", async () => {
		const page = await (await fetch(`${sandbox.url}/__sandbox/inbox`)).text();
		expect(page).toContain('<button name="action" value="pause">');
		const reply = await fetch(`${sandbox.url}/__sandbox/templates`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'id=544&action=pause',
			redirect: 'manual',
		});
		expect(reply.status).toBe(303);
		expect(reply.headers.get('location')).toBe('/__sandbox/inbox');
		expect((await get(544)).body.active).toBe(false);
	});

	it('refuses a request it cannot read, saying what to send; reset brings the seeded templates back', async () => {
		const wrong = await change({ id: 539, action: 'archive' });
		expect(wrong.status).toBe(400);
		expect(JSON.stringify(wrong.body)).toContain('not one of approve, reject');
		expect((await change({ action: 'pause' })).status).toBe(400);
		expect((await change({ id: 539, template_status: 'Paused' })).status).toBe(400);
		await change({ id: 539, action: 'delete' });
		sandbox.reset();
		expect((await get(539)).status).toBe(200);
	});
});
