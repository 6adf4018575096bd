/**
 * Choosing a template by its name and the contact's language: an account holds one template per
 * language, each with its own ID. Pure: the look-ups (the list, and the `lang` filter's answers for
 * accounts whose list names no language) are made by the caller and handed in.
 */
import type { OctopodsTemplate } from '../transport/types';
import { isSendable, templateLanguage, whyNotSendable } from './templates';
import { describeTemplate, mediaUrlFieldName } from './templateVariables';

/** `pt-BR`, `PT_br`, ` pt_BR ` → `pt_BR`; `pt` → `pt`; undefined when it is not a language code. */
export function normaliseLanguage(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^([a-z]{2,3})(?:[_-]([a-z0-9]{2,4}))?$/i.exec(value.trim());
	if (!match) return undefined;
	const [, language, region] = match;
	if (!region) return language.toLowerCase();
	return `${language.toLowerCase()}_${region.length === 2 ? region.toUpperCase() : region}`;
}

/** How two codes compare: `pt-BR` and `pt_br` are the same. */
function languageKey(code: string): string {
	return code.trim().toLowerCase().replace(/-/g, '_');
}

function broadOf(code: string): string | undefined {
	const key = languageKey(code);
	return key.includes('_') ? code.slice(0, key.indexOf('_')) : undefined;
}

export type LanguageListResult = { ok: true; codes: string[] } | { ok: false; message: string };

/** Fallback Languages: "en, es" or an array from an expression; each a language code. */
export function parseLanguageList(value: unknown): LanguageListResult {
	const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;\s]+/) : [];
	const codes: string[] = [];
	for (const part of parts.map((entry) => entry.trim()).filter(Boolean)) {
		const code = normaliseLanguage(part);
		if (code === undefined) {
			return { ok: false, message: `Fallback Languages: "${part}" is not a language code; expected codes such as en, es or pt_BR, separated by commas` };
		}
		codes.push(code);
	}
	return { ok: true, codes };
}

export interface LanguageStep {
	code: string;
	/** 'exact': the Language as given; 'broad': its broad code (pt_BR → pt); 'fallback': from Fallback Languages. */
	kind: 'exact' | 'broad' | 'fallback';
}

/** The order codes are tried in: the language, its broad code, then each fallback (and its broad code). */
export function languageChain(language: string | undefined, fallbacks: readonly string[]): LanguageStep[] {
	const steps: LanguageStep[] = [];
	const add = (code: string | undefined, kind: LanguageStep['kind']) => {
		if (code && !steps.some((step) => languageKey(step.code) === languageKey(code))) steps.push({ code, kind });
	};
	if (language) {
		add(language, 'exact');
		add(broadOf(language), 'broad');
	}
	for (const fallback of fallbacks) {
		add(fallback, 'fallback');
		add(broadOf(fallback), 'fallback');
	}
	return steps;
}

/** The account's templates of that name (names compared ignoring case and surrounding spaces). */
export function namedTemplates(templates: readonly OctopodsTemplate[], name: string): OctopodsTemplate[] {
	const wanted = name.trim().toLowerCase();
	return templates.filter((template) => template.template_name.trim().toLowerCase() === wanted);
}

/**
 * Whether the language of a template of that name can only be learnt through the API's `lang`
 * filter: the original page's example and the newest 2026 example give templates no language field.
 */
export function needsLanguageFilter(named: readonly OctopodsTemplate[]): boolean {
	return named.some((template) => isSendable(template) && templateLanguage(template) === undefined);
}

export interface NameRequest {
	name: string;
	/** Normalised (normaliseLanguage); undefined when Language is empty. */
	language?: string;
	fallbacks: readonly string[];
}

export interface ResolvedTemplate {
	template: OctopodsTemplate;
	/** The template's language: its own field, or the `lang` code that found it when it has none. */
	language?: string;
	/** How it was found: the language as given, its broad code or variant, a fallback, or the only version. */
	match: LanguageStep['kind'] | 'only';
}

export type NameResolution =
	| ({ kind: 'resolved' } & ResolvedTemplate)
	/** The `lang` filter's answer for this code is needed (the templates name no language): ask, then call again. */
	| { kind: 'ask'; code: string }
	| { kind: 'refused'; field: 'Template' | 'Language'; message: string };

/** What the account answered: its templates, and the `lang` filter's answers asked so far, by code. */
export interface TemplateAnswers {
	templates: readonly OctopodsTemplate[];
	byLanguage?: ReadonlyMap<string, readonly OctopodsTemplate[]>;
}

function either(codes: string[]): string {
	return codes.length <= 1 ? codes.join('') : `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1]}`;
}

function distinct(values: Array<string | undefined>): string[] {
	return [...new Set(values.filter((value): value is string => value !== undefined))];
}

function versions(templates: readonly OctopodsTemplate[], fallback?: string): string {
	return templates.map((template) => `${templateLanguage(template) ?? fallback ?? 'no language given'} (ID ${template.template_id})`).join(' and ');
}

/**
 * The sendable templates of that name answering to one code, split by how closely: those whose
 * language is the code itself (or, naming none, that the `lang` filter found for it), and a
 * broad code's regional variants.
 */
function candidatesFor(
	code: string,
	sendable: readonly OctopodsTemplate[],
	answers: TemplateAnswers,
	filterMode: boolean,
): { exact: OctopodsTemplate[]; near: OctopodsTemplate[] } | { ask: string } {
	const key = languageKey(code);
	const regional = key.includes('_');
	let pool: readonly OctopodsTemplate[] = sendable;
	if (filterMode) {
		const answer = answers.byLanguage?.get(code);
		if (answer === undefined) return { ask: code };
		const ids = new Set(answer.map((template) => String(template.template_id)));
		pool = sendable.filter((template) => ids.has(String(template.template_id)));
	}
	const exact: OctopodsTemplate[] = [];
	const near: OctopodsTemplate[] = [];
	for (const template of pool) {
		const language = templateLanguage(template);
		const own = language === undefined ? undefined : languageKey(language);
		// Without a language field only the filter vouches for it, for this code as asked.
		if (own === undefined) exact.push(template);
		else if (own === key) exact.push(template);
		else if (!regional && own.startsWith(`${key}_`)) near.push(template);
	}
	return { exact, near };
}

/**
 * Resolves a name and language to one sendable template: the exact language, then its broad code
 * (pt_BR → pt, and pt → the only pt_* when there is exactly one), then each fallback in order.
 * Refuses when nothing matches, and when two templates could be meant.
 */
export function resolveTemplateByName(request: NameRequest, answers: TemplateAnswers): NameResolution {
	const name = request.name.trim();
	const named = namedTemplates(answers.templates, name);
	if (named.length === 0) {
		return { kind: 'refused', field: 'Template', message: `No template named "${name}" in this Octopods account (names are compared as written in Octopods, ignoring case)` };
	}
	const sendable = named.filter(isSendable);
	if (sendable.length === 0) {
		const reasons = distinct(named.map(whyNotSendable));
		return { kind: 'refused', field: 'Template', message: reasons.length === 1 ? reasons[0] : `No version of template "${name}" can be sent: ${reasons.join('; ')}` };
	}
	const filterMode = needsLanguageFilter(named);
	const chain = languageChain(request.language, request.fallbacks);
	if (chain.length === 0) {
		if (sendable.length === 1) return { kind: 'resolved', template: sendable[0], language: templateLanguage(sendable[0]), match: 'only' };
		return {
			kind: 'refused',
			field: 'Language',
			message: `Language is empty and template "${name}" has ${sendable.length} sendable versions (${versions(sendable)}): give the contact's language, or Fallback Languages`,
		};
	}
	for (const step of chain) {
		const found = candidatesFor(step.code, sendable, answers, filterMode);
		if ('ask' in found) return { kind: 'ask', code: found.ask };
		for (const group of [found.exact, found.near]) {
			if (group.length === 1) {
				const language = templateLanguage(group[0]) ?? step.code;
				const kind = step.kind === 'exact' && group === found.near ? 'broad' : step.kind;
				return { kind: 'resolved', template: group[0], language, match: kind };
			}
			if (group.length > 1) {
				const how = filterMode ? `Octopods' answers name no language, and ${group.length} templates "${name}" answer to ${step.code}` : `it exists in ${step.code}`;
				return {
					kind: 'refused',
					field: 'Language',
					message: `Template "${name}" is ambiguous for ${step.code}: ${how}: ${versions(group, step.code)}; give the regional language (e.g. ${templateLanguage(group[0]) ?? `${step.code}_XX`}) or choose the template By ID`,
				};
			}
		}
	}
	const tried = either(chain.map((step) => step.code));
	const has = filterMode
		? "Octopods' answers name no template languages, so only these were asked"
		: `the account has it in ${distinct(sendable.map(templateLanguage)).join(', ')}`;
	return { kind: 'refused', field: 'Language', message: `No sendable template "${name}" in ${tried}; ${has}` };
}

/** The first sendable version of a name in the account's list: what the editor shows without a Language. */
export function firstSendable(templates: readonly OctopodsTemplate[], name: string): ResolvedTemplate | undefined {
	const template = namedTemplates(templates, name).find(isSendable);
	return template && { template, language: templateLanguage(template), match: 'only' };
}

/** "order_shipped (en_GB, ID 541)": a template version as errors and notices name it. */
export function versionLabel(resolved: ResolvedTemplate): string {
	const facts = [resolved.language, `ID ${resolved.template.template_id}`].filter(Boolean);
	return `${resolved.template.template_name} (${facts.join(', ')})`;
}

/** A template's variables as the mapper names them ("Header Image URL, Body {{1}}, Body {{2}}"), to compare versions. */
export function variablesSummary(template: OctopodsTemplate): string {
	const shape = describeTemplate(template);
	const names = shape.variables.map((variable) => variable.displayName);
	if (shape.mediaHeader) names.unshift(mediaUrlFieldName(shape.mediaHeader));
	return names.length ? names.join(', ') : 'no variables';
}

/**
 * Map Each Variable's fields were loaded from the editor's version (`loaded`): why they cannot be
 * meant for the item's version when their variables differ; undefined when they fit.
 */
export function versionMismatch(chosen: ResolvedTemplate, loaded: ResolvedTemplate): string | undefined {
	if (loaded.template.template_id === chosen.template.template_id) return undefined;
	const wanted = variablesSummary(chosen.template);
	const mapped = variablesSummary(loaded.template);
	if (wanted === mapped) return undefined;
	return `${versionLabel(chosen)} has other variables than ${versionLabel(loaded)}, which Map Each Variable's fields were loaded from (${wanted} against ${mapped}): make the language versions' variables match in Octopods, or set Variables Input to JSON`;
}
