import {
	languageChain,
	normaliseLanguage,
	parseLanguageList,
	resolveTemplateByName,
	type NameResolution,
	type TemplateAnswers,
	versionMismatch,
} from '../../nodes/Octopods/helpers/templateByName';
import type { OctopodsTemplate } from '../../nodes/Octopods/transport/types';

const body = [{ type: 'BODY', text: 'Hi {{1}}' }];
const t = (id: number, name: string, lang: string | undefined, extra: Partial<OctopodsTemplate> = {}): OctopodsTemplate => ({
	template_id: id,
	template_name: name,
	template_components: body,
	...(lang === undefined ? {} : { lang }),
	active: true,
	...extra,
});

/** One name in several languages, as an account answering with a language field lists it. */
const ACCOUNT = [
	t(1, 'order_shipped', 'en_US'),
	t(2, 'order_shipped', 'pt_BR'),
	t(3, 'order_shipped', 'es'),
	t(4, 'order_shipped', 'fr'),
	t(5, 'order_shipped', 'de', { template_status: 'Pending' }),
	t(6, 'welcome', 'pt_BR'),
	t(7, 'welcome', 'pt_PT'),
];

function resolve(language: string | undefined, fallbacks: string[] = [], answers: TemplateAnswers = { templates: ACCOUNT }, name = 'order_shipped'): NameResolution {
	return resolveTemplateByName({ name, language: language && normaliseLanguage(language), fallbacks }, answers);
}
const chosen = (result: NameResolution) =>
	result.kind === 'resolved' ? [result.template.template_id, result.language, result.match] : result;

describe('language codes', () => {
	it.each([
		['pt-BR', 'pt_BR'],
		['pt_br', 'pt_BR'],
		[' PT ', 'pt'],
		['es_419', 'es_419'],
	])('%j reads as %s', (given, code) => expect(normaliseLanguage(given)).toBe(code));

	it.each(['Portuguese', 'pt BR', '', 'p'])('%j is not a code', (given) => expect(normaliseLanguage(given)).toBeUndefined());

	it('reads Fallback Languages as a list, refusing a word that is not a code', () => {
		expect(parseLanguageList('en, es-MX;pt')).toEqual({ ok: true, codes: ['en', 'es_MX', 'pt'] });
		expect(parseLanguageList(['en'])).toEqual({ ok: true, codes: ['en'] });
		expect(parseLanguageList('english')).toEqual({ ok: false, message: expect.stringContaining('"english" is not a language code') });
	});

	it('tries the language, its broad code, then each fallback and its broad code, once each', () => {
		expect(languageChain('pt_BR', ['en_GB', 'pt'])).toEqual([
			{ code: 'pt_BR', kind: 'exact' },
			{ code: 'pt', kind: 'broad' },
			{ code: 'en_GB', kind: 'fallback' },
			{ code: 'en', kind: 'fallback' },
		]);
	});
});

describe('resolution by name and language (the list names languages)', () => {
	it.each([
		['pt-BR', [], [2, 'pt_BR', 'exact']],
		['pt', [], [2, 'pt_BR', 'broad']],
		['es_MX', [], [3, 'es', 'broad']],
		['en', [], [1, 'en_US', 'broad']],
		['de', ['en'], [1, 'en_US', 'fallback']],
		['it', ['ja', 'fr'], [4, 'fr', 'fallback']],
	])('%s (fallbacks %j) sends %j', (language, fallbacks, expected) => {
		expect(chosen(resolve(language, fallbacks))).toEqual(expected);
	});

	it('refuses, naming what was tried and what the account has, among sendable versions only', () => {
		expect(resolve('de')).toEqual({
			kind: 'refused',
			field: 'Language',
			message: 'No sendable template "order_shipped" in de; the account has it in en_US, pt_BR, es, fr',
		});
		expect(resolve('it', ['ja'])).toMatchObject({ message: expect.stringContaining('in it or ja;') });
	});

	it('refuses an unknown name, and a name whose versions are none of them sendable', () => {
		expect(resolve('en', [], undefined, 'order_shiped')).toMatchObject({ kind: 'refused', field: 'Template', message: expect.stringContaining('No template named "order_shiped"') });
		expect(resolve('de', [], { templates: [ACCOUNT[4]] })).toMatchObject({ field: 'Template', message: 'Template "order_shipped" is Pending in Octopods; only Accepted templates can be sent' });
	});

	it('refuses a broad code that two regional versions answer to', () => {
		expect(resolve('pt', [], undefined, 'welcome')).toEqual({
			kind: 'refused',
			field: 'Language',
			message: 'Template "welcome" is ambiguous for pt: it exists in pt: pt_BR (ID 6) and pt_PT (ID 7); give the regional language (e.g. pt_BR) or choose the template By ID',
		});
		expect(chosen(resolve('pt_PT', [], undefined, 'welcome'))).toEqual([7, 'pt_PT', 'exact']);
	});

	it('without a Language: the only sendable version, else a refusal naming the versions', () => {
		expect(chosen(resolve(undefined, [], undefined, 'order_shipped'))).toMatchObject({ field: 'Language', message: expect.stringContaining('has 4 sendable versions') });
		expect(chosen(resolve(undefined, [], { templates: ACCOUNT.slice(0, 1) }))).toEqual([1, 'en_US', 'only']);
		expect(chosen(resolve(undefined, ['es']))).toEqual([3, 'es', 'fallback']);
	});
});

describe('resolution through the lang filter (the list names no language)', () => {
	const hidden = ACCOUNT.map(({ lang: _lang, ...rest }) => rest);
	/** What the 2026 API's `lang` filter answers: a broad code matches its regional variants too. */
	const answer = (code: string) =>
		hidden.filter((template) => {
			const own = ACCOUNT.find((known) => known.template_id === template.template_id)!.lang!.toLowerCase();
			const wanted = code.toLowerCase();
			return own === wanted || (!wanted.includes('_') && own.startsWith(`${wanted}_`));
		});

	/** Asks each code the resolution wants, as the node does, and records which. */
	function resolveAsking(language: string, fallbacks: string[] = []) {
		const byLanguage = new Map<string, OctopodsTemplate[]>();
		for (;;) {
			const result = resolve(language, fallbacks, { templates: hidden, byLanguage });
			if (result.kind !== 'ask') return { result, asked: [...byLanguage.keys()] };
			byLanguage.set(result.code, answer(result.code));
		}
	}

	it.each([
		['pt-BR', [], [2, 'pt_BR', 'exact'], ['pt_BR']],
		['pt', [], [2, 'pt', 'exact'], ['pt']],
		['es_MX', [], [3, 'es', 'broad'], ['es_MX', 'es']],
		['de', ['en'], [1, 'en', 'fallback'], ['de', 'en']],
	])('%s (fallbacks %j) sends %j, asking only %j', (language, fallbacks, expected, asked) => {
		const run = resolveAsking(language, fallbacks);
		expect(chosen(run.result)).toEqual(expected);
		expect(run.asked).toEqual(asked);
	});

	it('says the languages could only be asked when nothing matches', () => {
		expect(resolveAsking('it').result).toEqual({
			kind: 'refused',
			field: 'Language',
			message: 'No sendable template "order_shipped" in it; Octopods\' answers name no template languages, so only these were asked',
		});
	});
});

describe("Map Each Variable's fields against the item's version", () => {
	const en = { template: t(1, 'order_shipped', 'en_US'), language: 'en_US', match: 'exact' as const };
	const pt = { template: t(2, 'order_shipped', 'pt_BR'), language: 'pt_BR', match: 'exact' as const };
	const fr = {
		template: t(4, 'order_shipped', 'fr', { template_components: [{ type: 'BODY', text: 'Bonjour {{1}}, {{2}}' }] }),
		language: 'fr',
		match: 'fallback' as const,
	};

	it('fit the version they were loaded from, and one with the same variables', () => {
		expect(versionMismatch(en, en)).toBeUndefined();
		expect(versionMismatch(pt, en)).toBeUndefined();
	});

	it("name both versions and their variables when they differ", () => {
		expect(versionMismatch(fr, en)).toBe(
			"order_shipped (fr, ID 4) has other variables than order_shipped (en_US, ID 1), which Map Each Variable's fields were loaded from (Body {{1}}, Body {{2}} against Body {{1}}): make the language versions' variables match in Octopods, or set Variables Input to JSON",
		);
	});
});
