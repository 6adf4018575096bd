import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NameRequest, NameResolution, ResolvedTemplate } from '../helpers/templateByName';
import { firstSendable, normaliseLanguage, parseLanguageList, resolveTemplateByName } from '../helpers/templateByName';
import type { OctopodsContext } from '../transport';
import { getTemplateOncePerRun, listTemplatesOncePerRun } from '../transport/templates';
import type { OctopodsTemplate } from '../transport/types';
import { fieldError } from './fieldError';

/**
 * The item's template in two steps: `readTemplateChoice` reads the parameters that choose it (a
 * plain value, checked before any request), `resolveTemplate` makes the look-ups and answers the
 * template. The decisions are the pure helpers' (helpers/templateByName.ts).
 */

/** By Name as written in the node, not evaluated: the version the editor loaded Map Each Variable's fields from. */
export interface EditorChoice {
	name: string;
	language: unknown;
	fallbacks: unknown;
}

/** What the item asked for, read from its parameters. */
export type TemplateChoice = (
	| { by: 'id'; templateId: string }
	/** `editor`: the editor's version, to check the item's version against (Map Each Variable only). */
	| { by: 'name'; request: NameRequest; editor?: EditorChoice }
) & {
	/** The template is given by an expression: Map Each Variable has no fields for it. */
	perItem: boolean;
};

/** The item's template, and with By Name how its language was chosen (for the output). */
export interface ChosenTemplate {
	template: OctopodsTemplate;
	templateId: string;
	byName?: ResolvedTemplate & { requested?: string };
	/** By Name with Map Each Variable: the version the fields were loaded from (when the editor can resolve one). */
	editorVersion?: ResolvedTemplate;
}

/** The item's template ID (From List, By ID or an expression); an empty one is a field error. */
export function readTemplateId(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('templateId', itemIndex, '', { extractValue: true }) as unknown;
	const templateId = String(value ?? '').trim();
	if (!templateId) {
		throw fieldError(
			context,
			itemIndex,
			'Template',
			'Template is empty: choose a template, or check that the expression giving its ID has a value for this item',
		);
	}
	return templateId;
}

/** The item's name, language and fallbacks, checked before any request. */
function readNameRequest(context: IExecuteFunctions, itemIndex: number, name: string): NameRequest {
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

/**
 * The template picker (From List, By ID, By Name with Language and Fallback Languages) read once
 * for the item. `mappedFields`: the variables come from Map Each Variable, whose fields the
 * editor loaded from one version (By Name then names it, as written in the node).
 */
export function readTemplateChoice(context: IExecuteFunctions, itemIndex: number, { mappedFields = false } = {}): TemplateChoice {
	const templateId = readTemplateId(context, itemIndex);
	const locator = context.getNodeParameter('templateId', itemIndex, {}, { extractValue: false }) as { mode?: unknown };
	const written = context.getNode().parameters;
	const writtenName = (written.templateId as { value?: unknown } | undefined)?.value;
	const perItem = String(writtenName ?? '').startsWith('=');
	if (locator?.mode !== 'name') return { by: 'id', templateId, perItem };
	const request = readNameRequest(context, itemIndex, templateId);
	// A name given per item by expression has no fields in the editor: the per-item hint applies.
	const editor =
		mappedFields && typeof writtenName === 'string' && !perItem
			? { name: writtenName, language: written.language, fallbacks: written.fallbackLanguages }
			: undefined;
	return { by: 'name', request, editor, perItem };
}

/**
 * Resolves a name through the template list, asking the `lang` filter for each code the
 * resolution needs when the list names no languages. Every look-up is a shared template look-up.
 */
async function resolveByName(
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
export async function editorVersion(context: OctopodsContext, editor: EditorChoice): Promise<ResolvedTemplate | undefined> {
	const { name, language, fallbacks } = editor;
	const code = typeof language === 'string' && !language.startsWith('=') ? normaliseLanguage(language) : undefined;
	const list = typeof fallbacks === 'string' && !fallbacks.startsWith('=') ? parseLanguageList(fallbacks) : undefined;
	if (code !== undefined) {
		const resolved = await resolveByName(context, { name, language: code, fallbacks: list?.ok ? list.codes : [] });
		if (resolved.kind === 'resolved') return resolved;
	}
	return firstSendable(await listTemplatesOncePerRun(context, {}), name);
}

/** The chosen template: By ID looked up by ID, By Name resolved by language (and the editor's version when asked). */
export async function resolveTemplate(context: IExecuteFunctions, itemIndex: number, choice: TemplateChoice): Promise<ChosenTemplate> {
	if (choice.by === 'id') {
		return { template: await getTemplateOncePerRun(context, choice.templateId, itemIndex), templateId: choice.templateId };
	}
	const result = await resolveByName(context, choice.request, itemIndex);
	if (result.kind === 'refused') throw fieldError(context, itemIndex, result.field, result.message);
	const { template, language, match } = result;
	return {
		template,
		templateId: String(template.template_id),
		byName: { template, language, match, requested: choice.request.language },
		editorVersion: choice.editor && (await editorVersion(context, choice.editor)),
	};
}

/** What the output says about a By Name choice: the language sent and whether a fallback was used. */
export function languageFields(chosen: ChosenTemplate): IDataObject {
	if (!chosen.byName) return {};
	const { language, match, requested } = chosen.byName;
	return {
		template_language: language ?? null,
		language_requested: requested ?? null,
		language_match: match,
		fallback_used: match === 'fallback',
	};
}
