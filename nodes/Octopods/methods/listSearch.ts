import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listTemplates, templateLanguage } from '../helpers/templates';
import type { OctopodsTemplate } from '../transport/types';

function toResults(templates: OctopodsTemplate[], filter?: string): INodeListSearchResult {
	const needle = filter?.trim().toLowerCase();
	const matching = needle
		? templates.filter(
				(t) =>
					t.template_name.toLowerCase().includes(needle) || String(t.template_id) === needle,
			)
		: templates;
	return {
		results: matching
			.map((t) => {
				const language = templateLanguage(t);
				return {
					name: language ? `${t.template_name} (${language})` : t.template_name,
					value: String(t.template_id),
				};
			})
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** Every template, active or not: for reading templates. */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return toResults(await listTemplates(this, {}, undefined, { shared: true }), filter);
}

/** Active templates only: only approved, active templates can be sent. */
export async function searchActiveTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return toResults(await listTemplates(this, { active: 'true' }, undefined, { shared: true }), filter);
}
