import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { normaliseStatus } from '../../helpers/messageStatus';
import { isStatusTarget, waitForStatus } from '../../helpers/statusWait';
import type { StatusTarget } from '../../helpers/statusWait';
import { octopodsApiRequest } from '../../transport';
import { systemClock } from '../../transport/clock';
import { withWindowHint } from '../../transport/serviceWindow';
import type { RawMessageStatus } from '../../transport/types';
import { optionsCollection } from '../common.descriptions';
import { fieldError } from '../fieldError';

const properties: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 42',
		description:
			'The ID Octopods returned when the message was sent: the message_id in the output of a send, a number such as 1042',
	},
	optionsCollection([
		{
			displayName: 'Wait for Status',
			name: 'waitForStatus',
			type: 'options',
			default: 'none',
			description:
				'Keep checking until the message reaches this status, up to Max Wait for Status. The output then adds waited_ms and target_reached. Every check counts against the channel\'s shared limit of 55 requests per 10 seconds.',
			options: [
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

const displayOptions = { show: { resource: ['message'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const messageId = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
	if (!messageId) {
		throw fieldError(
			this,
			itemIndex,
			'Message ID',
			'Message ID is empty: map the message_id of a send, e.g. {{ $json.message_id }}',
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as GetStatusOptions;
	const target: StatusTarget = isStatusTarget(options.waitForStatus) ? options.waitForStatus : 'none';
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

	if (target === 'none') return withWindowHint(await check()) as unknown as IDataObject;

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
		},
		{ now: () => Date.now(), sleep: async (ms) => await systemClock.sleep(ms, signal) },
	);
	return { ...withWindowHint(waited.status), waited_ms: waited.waitedMs, target_reached: waited.reached } as unknown as IDataObject;
}

interface GetStatusOptions {
	waitForStatus?: unknown;
	maxWaitForStatus?: unknown;
	statusCheckInterval?: unknown;
}
