/**
 * What a template's fields say about it, whichever generation of the API answered: its language,
 * its approval state, and whether it can be sent. Pure: the look-ups live in transport/templates.ts.
 */
import type { OctopodsTemplate } from '../transport/types';

/** Values of Template > Get Many > Status (a public contract) and of the API's `status` filter. */
export const TEMPLATE_STATES = ['accepted', 'pending', 'under_review', 'needs_modification', 'rejected', 'deleted'] as const;
export type TemplateState = (typeof TEMPLATE_STATES)[number];

/** How the 2026 articles spell each state in `template_status`. */
export const TEMPLATE_STATE_LABELS: Record<TemplateState, string> = {
	accepted: 'Accepted',
	pending: 'Pending',
	under_review: 'Under review',
	needs_modification: 'Needs modification',
	rejected: 'Rejected',
	deleted: 'Deleted',
};

/** A template's language, under whichever field the account returns it. */
export function templateLanguage(template: OctopodsTemplate): string | undefined {
	const language = template.lang ?? template.language;
	return typeof language === 'string' && language.trim() ? language.trim() : undefined;
}

/** "Under review", "UNDER_REVIEW", "under-review" → "under_review"; Meta's "APPROVED" is Accepted. */
function stateKey(value: string): string {
	const key = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
	return key === 'approved' ? 'accepted' : key;
}

/**
 * The template's approval state as `template_status` gives it (the 2026 articles), or undefined
 * when the answer carries none (the original pages): then only `active` tells whether it can be sent.
 */
export function templateState(template: OctopodsTemplate): { key: string; label: string } | undefined {
	const raw = template.template_status;
	if (typeof raw !== 'string' || !raw.trim()) return undefined;
	const key = stateKey(raw);
	const label = (TEMPLATE_STATE_LABELS as Record<string, string>)[key] ?? raw.trim();
	return { key, label };
}

/** Why a template cannot be sent, in words naming its state; undefined when it can be. */
export function whyNotSendable(template: OctopodsTemplate): string | undefined {
	const name = `"${template.template_name}"`;
	const state = templateState(template);
	if (state && state.key !== 'accepted') {
		return `Template ${name} is ${state.label} in Octopods; only Accepted templates can be sent`;
	}
	if (template.active === false) {
		return `The template ${name} (ID ${template.template_id}) is not active in Octopods: activate it there or choose an active template`;
	}
	return undefined;
}

/** Accepted (or, when the answer gives no state, active): what the send pickers offer. */
export function isSendable(template: OctopodsTemplate): boolean {
	return whyNotSendable(template) === undefined;
}

/**
 * The Status filter applied on our side, for an API that ignores it. A template without a state is
 * taken as Accepted when active: the original pages list sendable templates only.
 */
export function hasState(template: OctopodsTemplate, wanted: string): boolean {
	const state = templateState(template)?.key ?? (template.active === false ? undefined : 'accepted');
	return state === stateKey(wanted);
}

/**
 * The Language filter applied on our side: a broad code (`en`) matches itself and its regional
 * variants (`en_US`, `en-GB`); a regional code matches only itself. A template without a language
 * is kept, as the API already filtered it.
 */
export function matchesLanguage(template: OctopodsTemplate, filter: string): boolean {
	const wanted = filter.trim().toLowerCase().replace(/-/g, '_');
	const language = templateLanguage(template)?.toLowerCase().replace(/-/g, '_');
	if (!wanted || language === undefined) return true;
	return language === wanted || (!wanted.includes('_') && language.startsWith(`${wanted}_`));
}

/** What a picker shows for a template: its name, and its language and state when the API gives them. */
export function templateLabel(template: OctopodsTemplate, showState = false): string {
	const state = templateState(template);
	const facts = [templateLanguage(template), showState && state && state.key !== 'accepted' ? state.label : undefined];
	const known = facts.filter(Boolean);
	return known.length ? `${template.template_name} (${known.join(', ')})` : template.template_name;
}
