import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getTemplate } from '../../transport/templates';
import { optionsCollection, templateLocator } from '../common.descriptions';
import { readTemplateId } from '../templateChoice';

const properties: INodeProperties[] = [
	{
		...templateLocator('searchTemplates'),
		description: 'The message template to get, with its components (header, body, footer, buttons)',
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['template'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const templateId = readTemplateId(this, itemIndex);
	return (await getTemplate(this, templateId, itemIndex)) as unknown as IDataObject;
}
