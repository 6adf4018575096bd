import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listTemplates } from '../../helpers/templates';
import { optionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'options',
				default: 'all',
				description: 'Return all templates, or only active or only inactive ones',
				options: [
					{ name: 'All', value: 'all' },
					{ name: 'Active Only', value: 'active' },
					{ name: 'Inactive Only', value: 'inactive' },
				],
			},
			{
				displayName: 'Language',
				name: 'lang',
				type: 'string',
				default: '',
				placeholder: 'e.g. en',
				description: 'Only templates in this language code, e.g. en, pt or ar',
			},
		],
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['template'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface TemplateFilters {
	active?: 'all' | 'active' | 'inactive';
	lang?: string;
}

const ACTIVE_QUERY = { all: undefined, active: 'true', inactive: 'false' } as const;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as TemplateFilters;
	const templates = await listTemplates(
		this,
		{
			active: ACTIVE_QUERY[filters.active ?? 'all'],
			lang: filters.lang?.trim() || undefined,
		},
		itemIndex,
	);

	// The API has no paging: the limit is applied here.
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limited = returnAll
		? templates
		: templates.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	return limited as unknown as IDataObject[];
}
