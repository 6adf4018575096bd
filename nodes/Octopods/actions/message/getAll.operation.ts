import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MESSAGE_STATUSES } from '../../helpers/messageStatus';
import { MAX_SENT_MESSAGES, normaliseSentMessages, saysNothingSentYet } from '../../helpers/sentMessages';
import { octopodsApiRequest } from '../../transport';
import { withWindowHint } from '../../transport/serviceWindow';
import type { RawSentMessages } from '../../transport/types';
import { optionsCollection, returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit(MAX_SENT_MESSAGES),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'all',
				description:
					'Only messages in this status, among the 100 newest (applied by the node: the API has no such filter)',
				options: [
					{ name: 'All', value: 'all' },
					...MESSAGE_STATUSES.map((status) => ({
						name: status.charAt(0) + status.slice(1).toLowerCase(),
						value: status,
					})),
				],
			},
		],
	},
	optionsCollection(),
];

const displayOptions = { show: { resource: ['message'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * The newest messages this API key sent (GET /api/v1/whatsapp/messages), one item each in the
 * shape Get Status outputs. A channel that has sent nothing yet answers 400: that is no items.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const requested = returnAll ? MAX_SENT_MESSAGES : Number(this.getNodeParameter('limit', itemIndex, 50));
	const limit = Math.min(MAX_SENT_MESSAGES, Math.max(1, Math.floor(Number.isFinite(requested) ? requested : 50)));
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { status?: string };
	const status = filters.status && filters.status !== 'all' ? filters.status : undefined;

	const answer = await octopodsApiRequest<RawSentMessages | null>(this, {
		method: 'GET',
		path: '/api/v1/whatsapp/messages',
		// With a status filter (ours), ask for all 100 so the limit counts matching messages.
		qs: { limit: status ? MAX_SENT_MESSAGES : limit },
		itemIndex,
		notFoundMessage: "This Octopods account does not offer the sent-messages list (HTTP 404): it is in Octopods' 2026 API",
		emptyWhen: saysNothingSentYet,
	});
	const messages = normaliseSentMessages(answer)
		.filter((message) => !status || message.status === status)
		.slice(0, limit);
	return messages.map((message) => withWindowHint(message) as unknown as IDataObject);
}
