import { NodeOperationError } from 'n8n-workflow';

import { octopodsApiRequest } from '../transport';
import type { OctopodsContext } from '../transport';
import type { OctopodsTemplate } from '../transport/types';

/** A template's language, under whichever field the account returns it. */
export function templateLanguage(template: OctopodsTemplate): string | undefined {
	return template.lang ?? template.language;
}

export async function listTemplates(
	context: OctopodsContext,
	filters: { active?: 'true' | 'false'; lang?: string } = {},
	itemIndex?: number,
): Promise<OctopodsTemplate[]> {
	return await octopodsApiRequest<OctopodsTemplate[]>(context, {
		method: 'GET',
		path: '/api/v1/whatsapp/templates/',
		qs: filters,
		itemIndex,
	});
}

export async function getTemplate(
	context: OctopodsContext,
	templateId: string | number,
	itemIndex?: number,
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
	});
}

/** Templates fetched during one node run, so a batch costs one look-up per distinct template. */
const runCaches = new WeakMap<object, Map<string, OctopodsTemplate>>();

export async function getTemplateOncePerRun(
	context: OctopodsContext,
	templateId: string | number,
	itemIndex?: number,
): Promise<OctopodsTemplate> {
	const key = String(templateId ?? '').trim();
	let cache = runCaches.get(context);
	if (!cache) runCaches.set(context, (cache = new Map()));
	const cached = cache.get(key);
	if (cached) return cached;
	// Failures are not cached: each item then gets its own error, with its own item index.
	const template = await getTemplate(context, key, itemIndex);
	cache.set(key, template);
	return template;
}
