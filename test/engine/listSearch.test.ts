import { SEEDED_TEMPLATES } from '../../sandbox/templates';
import { searchTemplates } from '../../nodes/Octopods/methods/listSearch';
import { loadOptionsContext } from '../support/engine';
import { useSandbox } from '../support/sandbox';

const env = useSandbox();

describe('Template picker (From List)', () => {
	it('lists every template, active or not, with its language, sorted by name', async () => {
		const { results } = await searchTemplates.call(loadOptionsContext(env.credentials));
		expect(results).toHaveLength(SEEDED_TEMPLATES.length);
		expect(results).toContainEqual({ name: 'appointment_1 (en)', value: '537' });
		expect(results).toContainEqual({ name: 'old_promo (es)', value: '543' });
		const shown = results.map((r) => r.name);
		expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b)));
	});

	it('narrows the list to names containing the search text', async () => {
		const { results } = await searchTemplates.call(loadOptionsContext(env.credentials), 'APPOINT');
		expect(results).toEqual([{ name: 'appointment_1 (en)', value: '537' }]);
	});
});

describe('Template picker (From List), 2026 generation', () => {
	const env2026 = useSandbox({ generation: '2026' });

	it('lists every template, with its regional language, and the state of those that cannot be sent', async () => {
		const { results } = await searchTemplates.call(loadOptionsContext(env2026.credentials));
		expect(results).toContainEqual({ name: 'appointment_1 (en_US)', value: '537' });
		expect(results).toContainEqual({ name: 'winter_sale (en_GB, Pending)', value: '547' });
		expect(results).toContainEqual({ name: 'feedback_request (pt_PT, Under review)', value: '549' });
		expect(results).toContainEqual({ name: 'order_shipped_v1', value: '84579' });
	});
});
