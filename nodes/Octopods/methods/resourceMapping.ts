import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { whyNotSendable } from '../helpers/templates';
import { describeTemplate, MEDIA_URL_FIELD_ID, mediaUrlFieldName } from '../helpers/templateVariables';
import { editorVersion } from '../actions/templateChoice';
import type { ResolvedTemplate } from '../helpers/templateByName';
import { versionLabel } from '../helpers/templateByName';
import { getTemplate } from '../transport/templates';
import type { OctopodsTemplate } from '../transport/types';

function field(id: string, displayName: string): ResourceMapperField {
	return {
		id,
		displayName,
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
	};
}

/** One field per variable of the chosen template (header, body, URL button), plus a media URL. */
export async function getTemplateVariables(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const templateId = String(
		this.getNodeParameter('templateId', '', { extractValue: true }) ?? '',
	).trim();
	if (!templateId || templateId.startsWith('=')) {
		return {
			fields: [],
			emptyFieldsNotice:
				'Choose a template to see its variables. For a template chosen per item by expression, set Variables Input to JSON.',
		};
	}
	const byName = (this.getNodeParameter('templateId', '', { extractValue: false }) as { mode?: unknown })?.mode === 'name';
	let version: ResolvedTemplate | undefined;
	if (byName) {
		// As written, not evaluated: a Language given by expression ({{ $json.locale }}) has no value in the editor.
		const raw = this.getCurrentNodeParameters() ?? this.getNode().parameters;
		version = await editorVersion(this, { name: templateId, language: raw.language, fallbacks: raw.fallbackLanguages });
		if (!version) {
			return { fields: [], emptyFieldsNotice: `No sendable template named "${templateId}" in this Octopods account.` };
		}
	}
	const template: OctopodsTemplate = version?.template ?? (await getTemplate(this, templateId, undefined, { shared: true }));
	// A template that cannot be sent gets no fields: the notice says why, before anyone fills them in.
	const notSendable = whyNotSendable(template);
	if (notSendable) return { fields: [], emptyFieldsNotice: `${notSendable}.` };
	const shape = describeTemplate(template);
	const fields = shape.variables.map((variable) =>
		field(variable.id, `${variable.displayName} — ${variable.context}`),
	);
	if (shape.mediaHeader) {
		fields.unshift(field(MEDIA_URL_FIELD_ID, mediaUrlFieldName(shape.mediaHeader)));
	}
	// By Name: which language version the fields come from (items resolved to another are checked against it).
	const label = version ? versionLabel(version) : undefined;
	if (label && fields.length) fields[0] = { ...fields[0], displayName: `${fields[0].displayName} (fields of ${label})` };
	return fields.length
		? { fields }
		: { fields, emptyFieldsNotice: `This template${label ? ` (${label})` : ''} has no variables: nothing to fill in.` };
}
