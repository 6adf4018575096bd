import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { normaliseSmsStatus, type RawSmsStatus, SMS_STATUS_RULES } from '../../helpers/smsStatus';
import { isStatusTarget, type StatusTarget, waitForStatus } from '../../helpers/statusWait';
import { octopodsApiRequest, SMS_CREDENTIAL_TYPE } from '../../transport';
import { systemClock } from '../../transport/clock';
import { optionsCollection } from '../common.descriptions';
import { fieldError } from '../fieldError';

const properties: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7001',
		description: 'The ID Octopods returned when the SMS was sent: the message_id in the output of Send SMS',
	},
	optionsCollection([
		{
			displayName: 'Wait for Status',
			name: 'waitForStatus',
			type: 'options',
			default: 'none',
			description:
				"Keep checking until the SMS reaches this status, up to Max Wait for Status. The output then adds waited_ms and target_reached. Every check counts against the SMS channel's limit of 55 requests per 10 seconds.",
			options: [
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
		},
		{
			displayName: 'Max Wait for Status',
			name: 'maxWaitForStatus',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'Seconds to keep checking when Wait for Status is set. Past it, the last status seen is returned with target_reached false (not an error).',
		},
		{
			displayName: 'Check Every',
			name: 'statusCheckInterval',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 5,
			description: 'Seconds between two checks when Wait for Status is set',
		},
	]),
];

const displayOptions = { show: { resource: ['sms'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface GetSmsStatusOptions {
	waitForStatus?: unknown;
	maxWaitForStatus?: unknown;
	statusCheckInterval?: unknown;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const messageId = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
	if (!messageId) {
		throw fieldError(this, itemIndex, 'Message ID', 'Message ID is empty: map the message_id of Send SMS, e.g. {{ $json.message_id }}');
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as GetSmsStatusOptions;
	// Read is not an SMS status: only the targets SMS can reach are offered.
	const target: StatusTarget = isStatusTarget(options.waitForStatus) && options.waitForStatus !== 'read' ? options.waitForStatus : 'none';
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
	if (target === 'none') return (await check()) as unknown as IDataObject;

	const signal = this.getExecutionCancelSignal?.();
	const seconds = (value: unknown, fallback: number, min: number) => {
		const number = Number(value ?? fallback);
		return Math.max(min, Number.isFinite(number) ? number : fallback) * 1000;
	};
	const waited = await waitForStatus(
		check,
		{
			target,
			maxWaitMs: seconds(options.maxWaitForStatus, 60, 0),
			intervalMs: seconds(options.statusCheckInterval, 5, 1),
			rules: SMS_STATUS_RULES,
		},
		{ now: () => Date.now(), sleep: async (ms) => await systemClock.sleep(ms, signal) },
	);
	return { ...waited.status, waited_ms: waited.waitedMs, target_reached: waited.reached } as unknown as IDataObject;
}
