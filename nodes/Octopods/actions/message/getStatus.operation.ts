import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { normaliseStatus } from '../../helpers/messageStatus';
import { octopodsApiRequest } from '../../transport';
import { withWindowHint } from '../../transport/serviceWindow';
import type { RawMessageStatus } from '../../transport/types';
import { optionsCollection } from '../common.descriptions';
import { checkStatus, messageIdProperty, readMessageId, statusWaitOptions } from '../statusCheck';
import type { StatusWaitChoice, StatusWaitParameters } from '../statusCheck';

/** WhatsApp's statuses: a message can be read, and fails or is deleted. */
const waitChoice: StatusWaitChoice = {
	description:
		'Keep checking until the message reaches this status, up to Max Wait for Status. The output then adds waited_ms and target_reached. Every check counts against the channel\'s shared limit of 55 requests per 10 seconds.',
	targets: [
		{
			name: 'Delivered',
			value: 'delivered',
			description: 'Delivered or read. Stops early if the message failed or was deleted.',
		},
		{ name: "Don't Wait", value: 'none', description: 'Return the status as it is now' },
		{
			name: 'Final Status',
			value: 'final',
			description: 'Read, failed or deleted: a status that no longer changes',
		},
		{
			name: 'Read',
			value: 'read',
			description: 'Read by the customer. Stops early if the message failed or was deleted.',
		},
	],
};

const properties: INodeProperties[] = [
	messageIdProperty(
		'e.g. 42',
		'The ID Octopods returned when the message was sent: the message_id in the output of a send, a number such as 1042',
	),
	optionsCollection(statusWaitOptions(waitChoice)),
];

const displayOptions = { show: { resource: ['message'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const messageId = readMessageId(this, itemIndex, 'a send');
	const options = this.getNodeParameter('options', itemIndex, {}) as StatusWaitParameters;
	// Whatever shape Octopods answers in, one shape out (upper-case status; see helpers/messageStatus.ts).
	const check = async () =>
		normaliseStatus(
			await octopodsApiRequest<RawMessageStatus>(this, {
				method: 'GET',
				path: `/api/v1/whatsapp/messages/${encodeURIComponent(messageId)}`,
				itemIndex,
				subject: { message_id: messageId },
				notFoundMessage: `Message ${messageId} was not found on this channel`,
			}),
			messageId,
		);
	return await checkStatus(this, check, options, { choice: waitChoice, show: withWindowHint });
}
