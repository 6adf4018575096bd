import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { isSendable, templateLabel } from '../helpers/templates';
import { listTemplates } from '../transport/templates';
import type { OctopodsTemplate } from '../transport/types';

function toResults(templates: OctopodsTemplate[], filter: string | undefined, showState: boolean): INodeListSearchResult {
	const needle = filter?.trim().toLowerCase();
	const matching = needle
		? templates.filter(
				(t) =>
					t.template_name.toLowerCase().includes(needle) || String(t.template_id) === needle,
			)
		: templates;
	return {
		results: matching
			.map((t) => ({ name: templateLabel(t, showState), value: String(t.template_id) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** Every template, whatever its state (shown when not Accepted): for reading templates. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return toResults(await listTemplates(this, {}, undefined, { shared: true }), filter, true);
}

/**
 * Sendable templates only: active, and Accepted when the account gives a template_status. The
 * state is checked here rather than asked of the API, as an account in the original shape may not
 * know the `status` filter.
 */
export async function searchActiveTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const templates = await listTemplates(this, { active: 'true' }, undefined, { shared: true });
	return toResults(templates.filter(isSendable), filter, false);
}
