import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { octopodsApiRequest } from '../../transport';
import type { MessageStatus } from '../../transport/types';

const properties: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 42',
		description:
			'The ID Octopods returned when the message was sent (message_id in the output of a send)',
	},
];

const displayOptions = { show: { resource: ['message'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const messageId = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
	if (!messageId) {
		throw new NodeOperationError(this.getNode(), 'Message ID is empty', {
			itemIndex,
			description: 'Map the message_id of a send, e.g. {{ $json.message_id }}',
		});
	}
	const status = await octopodsApiRequest<MessageStatus>(this, {
		method: 'GET',
		path: `/api/v1/whatsapp/messages/${encodeURIComponent(messageId)}`,
		itemIndex,
		notFoundMessage: `Message ${messageId} was not found on this channel`,
	});
	return status as unknown as IDataObject;
}
