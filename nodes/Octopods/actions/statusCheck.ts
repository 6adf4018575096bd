import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { isStatusTarget, waitForStatus } from '../helpers/statusWait';
import type { StatusRules, StatusTarget } from '../helpers/statusWait';
import { systemClock } from '../transport/clock';
import { fieldError } from './fieldError';

/**
 * Wait for Status, shared by WhatsApp's and SMS's Get Status: the options (names and values are a
 * public contract) and the check made once or until the chosen status.
 */

/** Message ID: what a send of the channel returned (its placeholder and description per channel). */
export function messageIdProperty(placeholder: string, description: string): INodeProperties {
	return { displayName: 'Message ID', name: 'messageId', type: 'string', default: '', required: true, placeholder, description };
}

/** The item's Message ID; an empty one is a field error naming the send whose message_id to map. */
export function readMessageId(context: IExecuteFunctions, itemIndex: number, send: string): string {
	const messageId = String(context.getNodeParameter('messageId', itemIndex, '') ?? '').trim();
	if (!messageId) {
		throw fieldError(context, itemIndex, 'Message ID', `Message ID is empty: map the message_id of ${send}, e.g. {{ $json.message_id }}`);
	}
	return messageId;
}

/** What differs per channel: Wait for Status' description and the targets its statuses can reach. */
export interface StatusWaitChoice {
	description: string;
	targets: INodePropertyOptions[];
}

/** Wait for Status, Max Wait for Status and Check Every, for a Get Status' Options collection. */
export function statusWaitOptions(choice: StatusWaitChoice): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Status',
			name: 'waitForStatus',
			type: 'options',
			default: 'none',
			description: choice.description,
			options: choice.targets,
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
	];
}

/** The options as n8n hands them over (any of them may be missing or an expression's odd value). */
export interface StatusWaitParameters {
	waitForStatus?: unknown;
	maxWaitForStatus?: unknown;
	statusCheckInterval?: unknown;
}

/** Seconds as given, at least `min`, in milliseconds; the default when the value is not a number. */
function seconds(value: unknown, fallback: number, min: number): number {
	const number = Number(value ?? fallback);
	return Math.max(min, Number.isFinite(number) ? number : fallback) * 1000;
}

/**
 * The status now (`check` once) or, with Wait for Status set to one of the channel's targets, the
 * status once that target is reached or Max Wait for Status has passed, with waited_ms and
 * target_reached. `show` adds what the output says about a status (WhatsApp's window hint).
 */
export async function checkStatus<S extends { status: string }>(
	context: IExecuteFunctions,
	check: () => Promise<S>,
	parameters: StatusWaitParameters,
	channel: { choice: StatusWaitChoice; rules?: StatusRules; show?: (status: S) => object },
): Promise<IDataObject> {
	const show = channel.show ?? ((status: S) => status);
	const offered = channel.choice.targets.map((target) => target.value);
	const wanted = parameters.waitForStatus;
	const target: StatusTarget = isStatusTarget(wanted) && offered.includes(wanted) ? wanted : 'none';
	if (target === 'none') return show(await check()) as IDataObject;

	const signal = context.getExecutionCancelSignal?.();
	const waited = await waitForStatus(
		check,
		{
			target,
			maxWaitMs: seconds(parameters.maxWaitForStatus, 60, 0),
			intervalMs: seconds(parameters.statusCheckInterval, 5, 1),
			rules: channel.rules,
		},
		{ now: () => Date.now(), sleep: async (ms) => await systemClock.sleep(ms, signal) },
	);
	return { ...show(waited.status), waited_ms: waited.waitedMs, target_reached: waited.reached } as IDataObject;
}
