import type { INodeParameters } from 'n8n-workflow';

import { getTemplateVariables } from '../../nodes/Octopods/methods/resourceMapping';
import { GENERATIONS } from '../../sandbox/server';
import { loadOptionsContext, runOctopods } from '../support/engine';
import { sendsByPhone, useSandbox } from '../support/sandbox';

const byName = (value: string) => ({ __rl: true, mode: 'name', value });
/** The fields every order_shipped version but the French one has (image header, two body values, URL button). */
const ORDER_VALUES = { header_media_url: 'https://cdn.example.com/box.jpg', body_1: 'Ana', body_2: 'A-17', button_1_url: 'A-17' };
const ORDER_BODY = { message_variables: { header: [], body: ['Ana', 'A-17'], footer: [], buttons: ['A-17'] }, header_attachment_url: 'https://cdn.example.com/box.jpg' };

function sendByName(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendTemplate',
		templateId: byName('order_shipped'),
		language: '={{ $json.locale }}',
		fallbackLanguages: '={{ $json.fallback ?? "" }}',
		phoneNumber: '={{ $json.phone }}',
		variablesInput: 'fields',
		variables: { mappingMode: 'defineBelow', value: ORDER_VALUES },
		...extra,
	};
}

/** The four contacts of the Must show: pt-BR, pt, es_MX, and de with fallback en. */
const CONTACTS = [
	{ phone: '+353838000001', locale: 'pt-BR' },
	{ phone: '+353838000002', locale: 'pt' },
	{ phone: '+353838000003', locale: 'es_MX' },
	{ phone: '+353838000004', locale: 'de', fallback: 'en' },
];

/** [template_id, template_language, language_match] per contact, as each sandbox mode answers. */
const EXPECTED: Record<string, Array<[number, string, string]>> = {
	'original/field': [[550, 'pt', 'broad'], [550, 'pt', 'exact'], [551, 'es', 'broad'], [541, 'en', 'fallback']],
	'original/hidden': [[550, 'pt', 'broad'], [550, 'pt', 'exact'], [551, 'es', 'broad'], [541, 'en', 'fallback']],
	'2026/field': [[550, 'pt_BR', 'exact'], [550, 'pt_BR', 'broad'], [551, 'es', 'broad'], [541, 'en_GB', 'fallback']],
	'2026/hidden': [[550, 'pt_BR', 'exact'], [550, 'pt', 'exact'], [551, 'es', 'broad'], [541, 'en', 'fallback']],
};

const MODES = GENERATIONS.flatMap((generation) => [
	{ generation, hideLanguages: false, label: `${generation}/field` },
	{ generation, hideLanguages: true, label: `${generation}/hidden` },
]);

describe.each(MODES)('By Name against the $label sandbox', ({ generation, hideLanguages, label }) => {
	const env = useSandbox({ generation, hideLanguages });
	const posts = () => env.sandbox.received.filter((request) => request.method === 'POST');

	it("sends each contact the version in its language, saying which language and where a fallback applied", async () => {
		const { items, error } = await runOctopods({ parameters: sendByName(), items: CONTACTS, credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.template_id, item.json.template_language, item.json.language_match])).toEqual(EXPECTED[label]);
		expect(items.map((item) => [item.json.language_requested, item.json.fallback_used])).toEqual([
			['pt_BR', false],
			['pt', false],
			['es_MX', false],
			['de', true],
		]);
		expect(sendsByPhone(env.sandbox).map((send) => [send.path, send.body])).toEqual(
			CONTACTS.map((contact, index) => [
				`/api/v1/whatsapp/templates/${EXPECTED[label][index][0]}/messages`,
				{ destination_phone: contact.phone, ...ORDER_BODY },
			]),
		);
		// Template look-ups only: the list, and (languages hidden) one `lang` answer per code asked, each once.
		const gets = env.sandbox.received.filter((request) => request.method === 'GET').map((request) => request.query.lang ?? 'all');
		// Items run in parallel, so the codes are asked in no fixed order.
		expect(gets.sort()).toEqual(hideLanguages ? ['all', 'de', 'en', 'es', 'es_MX', 'pt', 'pt_BR'] : ['all']);
	});

	it('refuses an unknown name, and a language with no match and no fallback, with no POST', async () => {
		const { items } = await runOctopods({
			parameters: sendByName({ templateId: byName('={{ $json.name }}'), variablesInput: 'json', variablesJson: '={{ $json.vars }}', headerMediaUrl: 'https://cdn.example.com/box.jpg' }),
			items: [
				{ name: 'order_shiped', locale: 'en', phone: '+353838000001', vars: { body: ['Ana', 'A-17'], buttons: ['A-17'] } },
				{ name: 'order_shipped', locale: 'de', phone: '+353838000002', vars: { body: ['Ana', 'A-17'], buttons: ['A-17'] } },
			],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(items.map((item) => [item.json.field, item.json.error])).toEqual([
			['Template', expect.stringMatching(/^No template named "order_shiped" in this Octopods account .*\[item 0\]$/)],
			[
				'Language',
				hideLanguages
					? 'No sendable template "order_shipped" in de; Octopods\' answers name no template languages, so only these were asked [item 1]'
					: `No sendable template "order_shipped" in de; the account has it in ${generation === '2026' ? 'en_GB, pt_BR, es, fr_FR' : 'en, pt, es, fr'} [item 1]`,
			],
		]);
		expect(posts()).toEqual([]);
	});

	it('fails an item whose language version has other variables than the mapped fields, naming both', async () => {
		const { items } = await runOctopods({
			parameters: sendByName({ language: 'fr' }),
			items: [{ phone: '+353838000001' }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		const fr = generation === '2026' && !hideLanguages ? 'fr_FR' : 'fr';
		// A literal Language: the editor loaded the French fields, so the check is the usual one (one is missing here).
		expect(items[0].json).toMatchObject({ field: 'Body {{3}}', error: expect.stringMatching(/^Body \{\{3\}\} is empty/) });

		const mismatch = await runOctopods({
			parameters: sendByName({ language: 'pt' }),
			items: [{ phone: '+353838000002', locale: 'fr' }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		// A literal Language is the same for the editor and every item: its fields fit.
		expect(mismatch.items[0].json.template_id).toBe(550);

		const perItem = await runOctopods({
			parameters: sendByName(),
			items: [{ phone: '+353838000003', locale: 'fr' }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(perItem.items[0].json).toEqual({
			error: expect.stringContaining(`order_shipped (${fr}, ID 552) has other variables than order_shipped (${generation === '2026' && !hideLanguages ? 'en_GB' : hideLanguages ? 'ID 541' : 'en'}`),
			description: expect.any(String),
			field: 'Variables',
		});
		expect(perItem.items[0].json.error).toContain('Header Image URL, Body {{1}}, Body {{2}}, Body {{3}}, Button 1 URL Suffix against Header Image URL, Body {{1}}, Body {{2}}, Button 1 URL Suffix');
		expect(posts().map((post) => post.path)).toEqual(['/api/v1/whatsapp/templates/550/messages']);
	});

	it('loads Map Each Variable from the version the editor can resolve, and says which', async () => {
		const fieldsFor = async (language: string) => {
			const context = loadOptionsContext(env.credentials, { resource: 'message', operation: 'sendTemplate', templateId: byName('order_shipped'), language }, 'parameters.variables');
			return (await getTemplateVariables.call(context)).fields;
		};
		const french = await fieldsFor('fr');
		expect(french.map((field) => field.id)).toEqual(['header_media_url', 'body_1', 'body_2', 'body_3', 'button_1_url']);
		expect(french[0].displayName).toBe(`Header Image URL (fields of order_shipped (${generation === '2026' && !hideLanguages ? 'fr_FR' : 'fr'}, ID 552))`);
		// A Language by expression has no value in the editor: the first sendable version.
		const first = await fieldsFor('={{ $json.locale }}');
		expect(first.map((field) => field.id)).toEqual(['header_media_url', 'body_1', 'body_2', 'button_1_url']);
		expect(first[0].displayName).toContain('ID 541))');
	});
});
