import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { type MessageStatus, normaliseStatus } from './helpers/messageStatus';
import { MAX_SENT_MESSAGES, normaliseSentMessages, saysNothingSentYet } from './helpers/sentMessages';
import {
	advance,
	baseline,
	followUpsDue,
	type FollowUpResult,
	readState,
	type StatusEvent,
	testEvent,
	TRIGGER_EVENTS,
	type TriggerEvent,
} from './helpers/statusPoll';
import { octopodsApiRequest } from './transport';
import { withWindowHint } from './transport/serviceWindow';
import type { RawMessageStatus, RawSentMessages } from './transport/types';

/** Default of Follow-Ups per Poll: about 3.6 s of the channel's 55 requests per 10 s. */
const DEFAULT_FOLLOW_UPS_PER_POLL = 20;
/** Where the poll state lives in the node's static data. */
const STATE_KEY = 'octopodsTrigger';

export class OctopodsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Octopods Trigger',
		name: 'octopodsTrigger',
		icon: { light: 'file:octopods.svg', dark: 'file:octopods.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a WhatsApp message sent through Octopods is delivered, read or fails (polls the sent-messages list)',
		defaults: { name: 'Octopods Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'octopodsApi', required: true }],
		properties: [
			{
				displayName:
					'Polls the newest 100 messages sent with this API key. The first poll after activation only records them; later polls report each change once. Above 100 sends between two polls some messages may be missed: see messages_may_be_missed, or use Wait for Status in the sending workflow.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['failed'],
				description: 'Which status changes start the workflow: one item per message per event',
				options: [
					{
						name: 'Any Status Change',
						value: 'anyChange',
						description: 'Delivered, read and failed together (a status never steps back: UNKNOWN is no change)',
					},
					{ name: 'Message Delivered', value: 'delivered', description: 'Reached the phone (also when first seen read)' },
					{
						name: 'Message Failed',
						value: 'failed',
						description: 'Failed, or was deleted; failure_reason says why',
					},
					{ name: 'Message Read', value: 'read', description: 'Read by the customer' },
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Follow-Ups per Poll',
						name: 'followUpsPerPoll',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
						default: DEFAULT_FOLLOW_UPS_PER_POLL,
						description:
							"How many messages that left the newest-100 list before a final status are checked through their status per poll, oldest first. Each check counts against the channel's shared limit of 55 requests per 10 seconds.",
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const selected = selectedEvents(this);
		const list = normaliseSentMessages(
			await octopodsApiRequest<RawSentMessages | null>(this, {
				method: 'GET',
				path: '/api/v1/whatsapp/messages',
				qs: { limit: MAX_SENT_MESSAGES },
				notFoundMessage:
					"This Octopods account does not offer the sent-messages list (HTTP 404), which the trigger polls: it is in Octopods' 2026 API",
				emptyWhen: saysNothingSentYet,
			}),
		);

		if (this.getMode() === 'manual') return [[fetchTestEvent(this, list, selected)]];

		const staticData = this.getWorkflowStaticData('node');
		const state = readState(staticData[STATE_KEY]);
		if (state === undefined) {
			// First poll after activation: what is there now is the baseline, nothing is reported.
			staticData[STATE_KEY] = baseline(list) as unknown as IDataObject;
			return null;
		}

		const options = this.getNodeParameter('options', {}) as { followUpsPerPoll?: number };
		const due = followUpsDue(state, list, selected, options.followUpsPerPoll ?? DEFAULT_FOLLOW_UPS_PER_POLL);
		const followUps: FollowUpResult[] = [];
		for (const followed of due) followUps.push(await checkStatus(this, followed.id));

		const outcome = advance(state, list, followUps, selected);
		if (outcome.mayHaveMissed) {
			this.logger.warn(
				`Octopods Trigger: the newest ${MAX_SENT_MESSAGES} sent messages do not reach back to those the previous poll saw, so messages sent in between may have been missed. Poll more often, or use Wait for Status in the sending workflow.`,
				{ workflowId: this.getWorkflow().id, node: this.getNode().name },
			);
		}
		if (outcome.stoppedFollowing > 0) {
			this.logger.warn(
				`Octopods Trigger: ${outcome.stoppedFollowing} older messages without a final status are no longer followed (at most 500 are).`,
				{ workflowId: this.getWorkflow().id, node: this.getNode().name },
			);
		}
		// Only now, after every request succeeded, does the state move on: a failed poll loses nothing.
		staticData[STATE_KEY] = outcome.state as unknown as IDataObject;
		// One execution per message and event, oldest first: each failure gets its own run (its own
		// retry, its own error). n8n saves the static data, already moved on, with each emit.
		for (const event of outcome.events) this.__emit([[{ json: itemOf(event, outcome.mayHaveMissed) }]]);
		return null;
	}
}

function selectedEvents(context: IPollFunctions): TriggerEvent[] {
	const events = (context.getNodeParameter('events', []) as string[]).filter((event): event is TriggerEvent =>
		(TRIGGER_EVENTS as readonly string[]).includes(event),
	);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event in Events', {
			description: 'Message Delivered, Message Read, Message Failed or Any Status Change',
		});
	}
	return events;
}

/** A followed message's status now; a 404 means Octopods no longer knows it, so it is no longer followed. */
async function checkStatus(context: IPollFunctions, id: string): Promise<FollowUpResult> {
	const answer = await octopodsApiRequest<RawMessageStatus | null>(context, {
		method: 'GET',
		path: `/api/v1/whatsapp/messages/${encodeURIComponent(id)}`,
		subject: { message_id: id },
		emptyWhen: (statusCode) => statusCode === 404,
	});
	return answer === null ? { id, gone: true } : { id, status: normaliseStatus(answer, id) };
}

function itemOf({ event, previous_status, message }: StatusEvent, mayHaveMissed: boolean): IDataObject {
	return { ...withWindowHint(message), event, previous_status, messages_may_be_missed: mayHaveMissed } as IDataObject;
}

/** Manual mode (Fetch Test Event): one item to map fields with; the static data is not touched. */
function fetchTestEvent(context: IPollFunctions, list: MessageStatus[], selected: TriggerEvent[]): INodeExecutionData {
	const found = testEvent(list, selected);
	if (found === undefined) {
		throw new NodeOperationError(context.getNode(), 'No message has been sent with this API key yet', {
			description: 'Send a message (e.g. with the Octopods node\'s Send Template), then fetch a test event again.',
		});
	}
	const item = itemOf({ event: found.event, previous_status: null, message: found.message }, false);
	if (!found.matches) {
		item.note = 'None of the newest 100 messages matches the chosen events yet: this is the newest message, as an example of the fields.';
	}
	return { json: item };
}
