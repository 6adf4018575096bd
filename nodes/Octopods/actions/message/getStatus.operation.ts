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

/** WhatsApp's error for a free-form message sent outside the customer-service window. */
const OUTSIDE_WINDOW_CODE = '131047';
const OUTSIDE_WINDOW_WORDING = /\b24[\s-]*(?:hours?|h)\b|re-?engagement/i;

export const OUTSIDE_WINDOW_HINT =
	"WhatsApp only delivers free-form messages, such as interactive messages, within 24 hours of the customer's last message to you. Outside that window only an approved template can be sent: use Send Template, for example with a template inviting the customer to reply.";

/** Whether a failed message failed because the 24-hour customer-service window was closed. */
function failedOutsideWindow(status: MessageStatus): boolean {
	if (status.status !== 'FAILED' || !status.failure_reason) return false;
	const { code, description } = status.failure_reason;
	return String(code) === OUTSIDE_WINDOW_CODE || OUTSIDE_WINDOW_WORDING.test(String(description ?? ''));
}

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
	if (failedOutsideWindow(status)) return { ...status, hint: OUTSIDE_WINDOW_HINT } as unknown as IDataObject;
	return status as unknown as IDataObject;
}
