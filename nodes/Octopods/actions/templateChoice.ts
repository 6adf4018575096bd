import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NameRequest, NameResolution, ResolvedTemplate } from '../helpers/templateByName';
import {
	firstSendable,
	normaliseLanguage,
	parseLanguageList,
	resolveTemplateByName,
	versionLabel,
} from '../helpers/templateByName';
import type { OctopodsContext } from '../transport';
import { getTemplateOncePerRun, listTemplatesOncePerRun } from '../transport/templates';
import type { OctopodsTemplate } from '../transport/types';
import { fieldError } from './fieldError';
import { readTemplateId } from './templateParameter';

/** The item's template, and with By Name how its language was chosen (for the output). */
export interface ChosenTemplate {
	template: OctopodsTemplate;
	templateId: string;
	byName?: ResolvedTemplate & { requested?: string };
}

/**
 * Resolves a name through the template list, asking the `lang` filter for each code the
 * resolution needs when the list names no languages. Every look-up is a shared template look-up.
 */
export async function resolveByName(
	context: OctopodsContext,
	request: NameRequest,
	itemIndex?: number,
): Promise<Exclude<NameResolution, { kind: 'ask' }>> {
	const templates = await listTemplatesOncePerRun(context, {}, itemIndex);
	const byLanguage = new Map<string, OctopodsTemplate[]>();
	for (;;) {
		const result = resolveTemplateByName(request, { templates, byLanguage });
		if (result.kind !== 'ask') return result;
		byLanguage.set(result.code, await listTemplatesOncePerRun(context, { lang: result.code }, itemIndex));
	}
}

/** The template the editor shows fields for: the Language's resolution when it is a plain code, else the first sendable version. */
export async function editorVersion(
	context: OctopodsContext,
	name: string,
	language: unknown,
	fallbacks: unknown,
): Promise<ResolvedTemplate | undefined> {
	const code = typeof language === 'string' && !language.startsWith('=') ? normaliseLanguage(language) : undefined;
	const list = typeof fallbacks === 'string' && !fallbacks.startsWith('=') ? parseLanguageList(fallbacks) : undefined;
	if (code !== undefined) {
		const resolved = await resolveByName(context, { name, language: code, fallbacks: list?.ok ? list.codes : [] });
		if (resolved.kind === 'resolved') return resolved;
	}
	return firstSendable(await listTemplatesOncePerRun(context, {}), name);
}

function isByName(context: IExecuteFunctions, itemIndex: number): boolean {
	const locator = context.getNodeParameter('templateId', itemIndex, {}, { extractValue: false }) as { mode?: unknown };
	return locator?.mode === 'name';
}

/** The item's name, language and fallbacks, checked before any request. */
function nameRequest(context: IExecuteFunctions, itemIndex: number, name: string): NameRequest {
	const rawLanguage = context.getNodeParameter('language', itemIndex, '') as unknown;
	const given = String(rawLanguage ?? '').trim();
	const language = given ? normaliseLanguage(given) : undefined;
	if (given && language === undefined) {
		throw fieldError(context, itemIndex, 'Language', `Language: "${given}" is not a language code; expected e.g. pt_BR, pt-BR or pt`);
	}
	const list = parseLanguageList(context.getNodeParameter('fallbackLanguages', itemIndex, '') as unknown);
	if (!list.ok) throw fieldError(context, itemIndex, 'Fallback Languages', list.message);
	return { name, language, fallbacks: list.codes };
}

/** The item's template: From List or By ID (looked up by ID), or By Name (resolved by language). */
export async function chooseTemplate(context: IExecuteFunctions, itemIndex: number): Promise<ChosenTemplate> {
	const templateId = readTemplateId(context, itemIndex);
	if (!isByName(context, itemIndex)) {
		return { template: await getTemplateOncePerRun(context, templateId, itemIndex), templateId };
	}
	const request = nameRequest(context, itemIndex, templateId);
	const result = await resolveByName(context, request, itemIndex);
	if (result.kind === 'refused') throw fieldError(context, itemIndex, result.field, result.message);
	const { template, language, match } = result;
	return { template, templateId: String(template.template_id), byName: { template, language, match, requested: request.language } };
}

/** What the output says about a By Name choice: the language sent and whether a fallback was used. */
export function languageFields(choice: ChosenTemplate): IDataObject {
	if (!choice.byName) return {};
	const { language, match, requested } = choice.byName;
	return {
		template_language: language ?? null,
		language_requested: requested ?? null,
		language_match: match,
		fallback_used: match === 'fallback',
	};
}

export { versionLabel };
