import { NodeOperationError } from 'n8n-workflow';

import { octopodsApiRequest } from './index';
import type { OctopodsContext } from './index';
import type { OctopodsTemplate, TemplateListQuery } from './types';

/**
 * `shared`: the answer may come from (and go to) the channel's short-lived cache, shared by every
 * execution: for the pre-send check and the editor's pickers. The Template operations read fresh.
 */
export interface LookUpOptions {
	shared?: boolean;
}

export async function listTemplates(
	context: OctopodsContext,
	filters: TemplateListQuery = {},
	itemIndex?: number,
	options: LookUpOptions = {},
): Promise<OctopodsTemplate[]> {
	return await octopodsApiRequest<OctopodsTemplate[]>(context, {
		method: 'GET',
		path: '/api/v1/whatsapp/templates/',
		qs: { ...filters },
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
 * Template look-ups made during one node run, so a batch costs one look-up per distinct template
 * (or list query) even with the cross-execution cache off; items running in parallel share a
 * pending look-up. A failed look-up is not shared: the next item asks again and gets its own error.
 */
const runCaches = new WeakMap<object, Map<string, Promise<unknown>>>();

async function oncePerRun<T>(context: OctopodsContext, key: string, load: () => Promise<T>): Promise<T> {
	let cache = runCaches.get(context);
	if (!cache) runCaches.set(context, (cache = new Map()));
	const pending = cache.get(key) as Promise<T> | undefined;
	if (pending) {
		try {
			return await pending;
		} catch {
			// Failures are not shared: this item asks again, so its error carries its own item index.
		}
	}
	const lookUp = load();
	cache.set(key, lookUp);
	lookUp.catch(() => cache.get(key) === lookUp && cache.delete(key));
	return await lookUp;
}

export async function getTemplateOncePerRun(
	context: OctopodsContext,
	templateId: string | number,
	itemIndex?: number,
): Promise<OctopodsTemplate> {
	const id = String(templateId ?? '').trim();
	return await oncePerRun(context, `get ${id}`, async () => await getTemplate(context, id, itemIndex, { shared: true }));
}

/** The template list (with filters, e.g. `lang`) once per run, shared across executions like every template look-up. */
export async function listTemplatesOncePerRun(
	context: OctopodsContext,
	filters: TemplateListQuery = {},
	itemIndex?: number,
): Promise<OctopodsTemplate[]> {
	const key = `list ${JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)))}`;
	return await oncePerRun(context, key, async () => await listTemplates(context, filters, itemIndex, { shared: true }));
}

/**
 * A template's own GET, fresh, for the trigger: null when Octopods answers 404 (the template is
 * gone); the answer unread otherwise (the trigger reads it as it reads list rows).
 */
export async function getTemplateIfExists(context: OctopodsContext, templateId: string): Promise<unknown> {
	return await octopodsApiRequest<unknown>(context, {
		method: 'GET',
		path: `/api/v1/whatsapp/templates/${encodeURIComponent(templateId)}`,
		subject: { template_id: templateId },
		emptyWhen: (statusCode) => statusCode === 404,
	});
}
