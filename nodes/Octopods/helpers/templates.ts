import { NodeOperationError } from 'n8n-workflow';

import { octopodsApiRequest } from '../transport';
import type { OctopodsContext } from '../transport';
import type { OctopodsTemplate } from '../transport/types';

/** A template's language, under whichever field the account returns it. */
export function templateLanguage(template: OctopodsTemplate): string | undefined {
	return template.lang ?? template.language;
}

/**
 * `shared`: the answer may come from (and go to) the channel's short-lived cache, shared by every
 * execution: for the pre-send check and the editor's pickers. The Template operations read fresh.
 */
export interface LookUpOptions {
	shared?: boolean;
}

export async function listTemplates(
	context: OctopodsContext,
	filters: { active?: 'true' | 'false'; lang?: string } = {},
	itemIndex?: number,
	options: LookUpOptions = {},
): Promise<OctopodsTemplate[]> {
	return await octopodsApiRequest<OctopodsTemplate[]>(context, {
		method: 'GET',
		path: '/api/v1/whatsapp/templates/',
		qs: filters,
		itemIndex,
		cacheable: options.shared,
	});
}

export async function getTemplate(
	context: OctopodsContext,
	templateId: string | number,
	itemIndex?: number,
	options: LookUpOptions = {},
): Promise<OctopodsTemplate> {
	const id = String(templateId ?? '').trim();
	if (!id) {
		throw new NodeOperationError(context.getNode(), 'Template is empty: choose a template or enter its ID', {
			itemIndex,
		});
	}
	return await octopodsApiRequest<OctopodsTemplate>(context, {
		method: 'GET',
		path: `/api/v1/whatsapp/templates/${encodeURIComponent(id)}`,
		itemIndex,
		notFoundMessage: `Template ${id} was not found in this Octopods account`,
		cacheable: options.shared,
	});
}

/**
 * Templates fetched during one node run, so a batch costs one look-up per distinct template even
 * with the cross-execution cache off; items running in parallel share a pending look-up.
 */
const runCaches = new WeakMap<object, Map<string, Promise<OctopodsTemplate>>>();

export async function getTemplateOncePerRun(
	context: OctopodsContext,
	templateId: string | number,
	itemIndex?: number,
): Promise<OctopodsTemplate> {
	const key = String(templateId ?? '').trim();
	let cache = runCaches.get(context);
	if (!cache) runCaches.set(context, (cache = new Map()));
	const pending = cache.get(key);
	if (pending) {
		try {
			return await pending;
		} catch {
			// Failures are not shared: this item asks again, so its error carries its own item index.
		}
	}
	const lookUp = getTemplate(context, key, itemIndex, { shared: true });
	cache.set(key, lookUp);
	// A failed look-up is forgotten (before this item sees its error), so the next item asks again.
	lookUp.catch(() => {
		if (cache.get(key) === lookUp) cache.delete(key);
	});
	return await lookUp;
}
