import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { hasState, matchesLanguage, TEMPLATE_STATE_LABELS, TEMPLATE_STATES } from '../../helpers/templates';
import { listTemplates } from '../../transport/templates';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
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
				description:
					'Only templates in this language: a broad code (en finds en, en_US and en_GB) or a regional one (pt_BR)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'all',
				description:
					'Only templates in this approval state (only Accepted ones can be sent). Sent to Octopods and also applied by the node, for accounts whose API ignores it; a template without a state counts as Accepted when active.',
				options: [
					{ name: 'All', value: 'all' },
					...TEMPLATE_STATES.map((state) => ({ name: TEMPLATE_STATE_LABELS[state], value: state })),
				],
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
	status?: string;
}

const ACTIVE_QUERY = { all: undefined, active: 'true', inactive: 'false' } as const;

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as TemplateFilters;
	const lang = filters.lang?.trim() || undefined;
	const status = filters.status && filters.status !== 'all' ? filters.status : undefined;
	const listed = await listTemplates(
		this,
		{ active: ACTIVE_QUERY[filters.active ?? 'all'], lang, status },
		itemIndex,
	);
	// Applied here too: an account answering in the original shape may ignore `status` (or a broad `lang`).
	const templates = listed.filter(
		(template) => (!lang || matchesLanguage(template, lang)) && (!status || hasState(template, status)),
	);

	// The API has no paging: the limit is applied here.
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limited = returnAll
		? templates
		: templates.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
	return limited as unknown as IDataObject[];
}
