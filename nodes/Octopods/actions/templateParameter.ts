import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldError } from './fieldError';

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
