import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { whyNotSendable } from '../helpers/templates';
import { describeTemplate, MEDIA_URL_FIELD_ID, mediaUrlFieldName } from '../helpers/templateVariables';
import { getTemplate } from '../transport/templates';

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
	const template = await getTemplate(this, templateId, undefined, { shared: true });
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
	return fields.length
		? { fields }
		: { fields, emptyFieldsNotice: 'This template has no variables: nothing to fill in.' };
}
