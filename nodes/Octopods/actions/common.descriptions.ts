import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_WAIT_ON_RATE_LIMIT_S } from '../transport';

/**
 * The template picker: a searchable list of the account's templates, or an ID; for sends also a
 * name, resolved per item by Language (the mode values are a public contract: list, id, name).
 */
export function templateLocator(searchMethod: string, { byName = false } = {}): INodeProperties {
	return {
		displayName: 'Template',
		name: 'templateId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a template...',
				typeOptions: { searchListMethod: searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 539',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*\\S+\\s*$', errorMessage: 'Enter a template ID, e.g. 539' },
					},
				],
			},
			// By Name (sends only): the name as in Octopods; the language is chosen per item.
			...(byName
				? [
						{
							displayName: 'By Name',
							name: 'name',
							type: 'string' as const,
							placeholder: 'e.g. order_shipped',
							validation: [
								{
									type: 'regex' as const,
									properties: { regex: '^\\s*\\S+\\s*$', errorMessage: 'Enter a template name as in Octopods, e.g. order_shipped' },
								},
							],
						},
					]
				: []),
		],
	};
}

/** Language and Fallback Languages of the By Name mode. */
export const languageProperties: INodeProperties[] = [
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.locale }}',
		description:
			'The contact\'s language as a code: pt_BR, pt-BR or pt (the same code with - or _). The template in exactly that language is sent, else the broad one (pt_BR → pt, or pt → the only pt_* version), else a fallback. Empty: the only version, or the fallbacks.',
		displayOptions: { show: { '/templateId.mode': ['name'] } },
	},
	{
		displayName: 'Fallback Languages',
		name: 'fallbackLanguages',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description:
			'Language codes tried in order when the template has no version in the contact\'s language, separated by commas, e.g. "en, es". Empty: such items fail, naming the languages the template has.',
		displayOptions: { show: { '/templateId.mode': ['name'] } },
	},
];

/** Default of Items in Parallel: enough to keep the channel's budget busy across network latency. */
export const DEFAULT_ITEMS_IN_PARALLEL = 5;
export const MAX_ITEMS_IN_PARALLEL = 50;

/**
 * Options every operation has, about how its requests are run. The router reads Items in Parallel,
 * the transport reads Max Wait on Rate Limit; the operations themselves never look at them.
 */
export const runOptions: INodeProperties[] = [
	{
		displayName: 'Items in Parallel',
		name: 'itemsInParallel',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_ITEMS_IN_PARALLEL, numberPrecision: 0 },
		default: DEFAULT_ITEMS_IN_PARALLEL,
		description:
			'How many input items are worked on at once. Output items keep the input order either way, and every Octopods node of this n8n still shares the channel\'s limit of 55 requests per 10 seconds. Set 1 when the messages of a batch must reach a customer strictly in input order.',
	},
	{
		displayName: 'Max Wait on Rate Limit',
		name: 'maxWaitOnRateLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_WAIT_ON_RATE_LIMIT_S,
		description:
			'Seconds an item may wait when Octopods has paused the channel for too many requests (HTTP 429, a pause of up to 5 minutes). Within this the item waits and is sent when the pause ends; beyond it the item fails, naming the time to retry. 0: fail at once.',
	},
];

/** The Options collection of an operation: its own options, then those every operation has. */
export function optionsCollection(own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...own, ...runOptions],
	};
}

/** Return All and Limit of a Get Many; `maxValue` when the API lists only so many (said in a notice). */
export function returnAllAndLimit(maxValue?: number): INodeProperties[] {
	const notice: INodeProperties[] = maxValue
		? [
				{
					displayName: `Octopods lists at most the ${maxValue} newest, so Return All means those ${maxValue}`,
					name: 'listLimitNotice',
					type: 'notice',
					default: '',
				},
			]
		: [];
	return [
		...notice,
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
			typeOptions: { minValue: 1, ...(maxValue ? { maxValue } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}
