import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { normaliseSmsStatus, type RawSmsStatus, SMS_STATUS_RULES } from '../../helpers/smsStatus';
import { octopodsApiRequest, SMS_CREDENTIAL_TYPE } from '../../transport';
import { optionsCollection } from '../common.descriptions';
import { checkStatus, messageIdProperty, readMessageId, statusWaitOptions } from '../statusCheck';
import type { StatusWaitChoice, StatusWaitParameters } from '../statusCheck';

/** SMS's statuses: Read is not one of them, and a message can be undelivered. */
const waitChoice: StatusWaitChoice = {
	description:
		"Keep checking until the SMS reaches this status, up to Max Wait for Status. The output then adds waited_ms and target_reached. Every check counts against the SMS channel's limit of 55 requests per 10 seconds.",
	targets: [
		{
			name: 'Delivered',
			value: 'delivered',
			description: 'Delivered to the handset. Stops early if the SMS failed or was undelivered.',
		},
		{ name: "Don't Wait", value: 'none', description: 'Return the status as it is now' },
		{
			name: 'Final Status',
			value: 'final',
			description: 'Delivered, failed or undelivered: a status that no longer changes',
		},
	],
};

const properties: INodeProperties[] = [
	messageIdProperty('e.g. 7001', 'The ID Octopods returned when the SMS was sent: the message_id in the output of Send SMS'),
	optionsCollection(statusWaitOptions(waitChoice)),
];

const displayOptions = { show: { resource: ['sms'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const messageId = readMessageId(this, itemIndex, 'Send SMS');
	const options = this.getNodeParameter('options', itemIndex, {}) as StatusWaitParameters;
	// Whichever generation Octopods answers in, one shape out (helpers/smsStatus.ts).
	const check = async () =>
		normaliseSmsStatus(
			await octopodsApiRequest<RawSmsStatus>(this, {
				credentialType: SMS_CREDENTIAL_TYPE,
				method: 'GET',
				path: `/api/v1/sms/messages/${encodeURIComponent(messageId)}`,
				itemIndex,
				subject: { message_id: messageId },
				notFoundMessage: `SMS ${messageId} was not found on this SMS channel`,
			}),
			messageId,
		);
	// Only the targets SMS can reach are offered (Read is not an SMS status).
	return await checkStatus(this, check, options, { choice: waitChoice, rules: SMS_STATUS_RULES });
}
