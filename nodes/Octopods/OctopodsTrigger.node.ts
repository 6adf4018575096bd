import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { normaliseStatus } from './helpers/messageStatus';
import { MAX_SENT_MESSAGES, readSentMessages, saysNothingSentYet } from './helpers/sentMessages';
import {
	advance,
	baseline,
	FOLLOW_UP_ATTEMPTS,
	followUpsDue,
	type FollowUpResult,
	MAX_FOLLOWED,
	type PollOutcome,
	readState,
	type StatusEvent,
	testEvent,
	TRIGGER_EVENTS,
	type TriggerEvent,
	unreadableList,
} from './helpers/statusPoll';
import { searchTemplates } from './methods/listSearch';
import {
	isTemplateEvent,
	pollTemplates,
	readTemplateFilter,
	templateEventOptions,
	templateFilterOption,
	templateItem,
	templateTestItem,
} from './trigger/templateEvents';
import { octopodsApiRequest, readCredentialsForPoll } from './transport';
import type { TemplateEvent } from './helpers/templatePoll';
import { withWindowHint } from './transport/serviceWindow';
import type { RawMessageStatus, RawSentMessages } from './transport/types';
import { noticeError, type PollNotice, recordListRead } from './trigger/listReads';
import { PollClaim } from './trigger/pollClaim';

/** Default of Follow-Ups per Poll: about 3.6 s of the channel's 55 requests per 10 s. */
const DEFAULT_FOLLOW_UPS_PER_POLL = 20;
/** Where the poll state lives in the node's static data. */
const STATE_KEY = 'octopodsTrigger';
/** Where a running poll's claim lives in the node's static data (see trigger/pollClaim.ts). */
const CLAIM_KEY = 'octopodsTriggerPoll';
/**
 * A poll's time budget for its follow-ups, counted from its start: well within n8n's shortest poll
 * interval (1 minute) and the 45 s n8n's poll scheduler allows a poll (N8N_SCHEDULER_POLL_TRIGGERS_ENABLED).
 */
const POLL_BUDGET_MS = 30_000;
/** Poll contexts that polled already (see poll()). */
const polledContexts = new WeakSet<IPollFunctions>();

export class OctopodsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Octopods Trigger',
		name: 'octopodsTrigger',
		icon: { light: 'file:octopods.svg', dark: 'file:octopods.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a WhatsApp message sent through Octopods is delivered, read or fails, or a message template is approved, rejected, paused or deleted (polls Octopods)',
		defaults: { name: 'Octopods Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'octopodsApi', required: true }],
		properties: [
			{
				displayName:
					'Polls the newest 100 messages sent with this API key (and, for template events, the template list). The first poll after activation only records them; later polls report each change once. Above 100 sends between two polls some messages may be missed: see messages_may_be_missed, or use Wait for Status in the sending workflow.',
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
				description: 'Which changes start the workflow: one item per message (or template) per event',
				options: [
					{
						name: 'Any Status Change',
						value: 'anyChange',
						description: 'Delivered, read and failed together (a status never steps back: UNKNOWN is no change)',
					},
					templateEventOptions[0],
					{ name: 'Message Delivered', value: 'delivered', description: 'Reached the phone (also when first seen read)' },
					{
						name: 'Message Failed',
						value: 'failed',
						description: 'Failed, or was deleted; failure_reason says why',
					},
					{ name: 'Message Read', value: 'read', description: 'Read by the customer' },
					...templateEventOptions.slice(1),
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
							"How many messages that left the newest-100 list before a final status are checked through their status per poll, oldest first (a poll stops checking 30 s after it began). Each check counts against the channel's shared limit of 55 requests per 10 seconds.",
					},
					templateFilterOption,
				],
			},
		],
	};

	methods = { listSearch: { searchTemplates } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// Everything read from n8n's expression engine is read before the first await: an overlapping
		// poll that returns early can release the engine's isolate under this one (see docs/trigger.md).
		const chosen = readSelectedEvents(this);
		const selected = chosen.filter((event): event is TriggerEvent => !isTemplateEvent(event));
		const templateEvents = chosen.filter(isTemplateEvent);
		const templateFilter = readTemplateFilter(this);
		if (this.getMode() === 'manual') {
			await readCredentialsForPoll(this);
			if (selected.length === 0) return [[{ json: await templateTestItem(this, templateEvents, templateFilter) }]];
			return [[fetchTestEvent(this, await fetchList(this), selected)]];
		}
		const options = this.getNodeParameter('options', {}) as { followUpsPerPoll?: number };
		const followUpsPerPoll = options.followUpsPerPoll ?? DEFAULT_FOLLOW_UPS_PER_POLL;
		const staticData = this.getWorkflowStaticData('node');
		const startedAt = Date.now();
		// n8n makes one poll context per activation, and its first poll is the activation's: an error
		// there fails the activation (at n8n's start too), so that poll never ends in one it can avoid.
		const activating = !polledContexts.has(this);
		polledContexts.add(this);
		const attempt = PollClaim.take(this, staticData, CLAIM_KEY, startedAt);
		if (!('claim' in attempt)) {
			warn(this, `the previous poll (started ${Math.round(attempt.heldForMs / 1000)} s ago) is still running; this poll leaves it alone.`);
			return null;
		}
		try {
			await readCredentialsForPoll(this);
			let templateNotice: PollNotice | undefined;
			if (templateEvents.length > 0) {
				const part = { selected: templateEvents, filter: templateFilter, activating, startedAt };
				const { changes, notice } = await pollTemplates(this, staticData, attempt.claim, part, (message) => warn(this, message));
				// Emitted now, the template state already moved on (n8n saves it with the first emit), so a
				// message part that ends in an error cannot take them along.
				if (selected.length === 0) attempt.claim.release();
				for (const change of changes) this.__emit([[{ json: templateItem(change) }]]);
				templateNotice = notice;
			}
			const messagePart = async () => await pollOnce(this, staticData, attempt.claim, selected, followUpsPerPoll, startedAt, activating);
			const failed = selected.length === 0 ? undefined : await messagePart().then(() => undefined, (error: Error) => error);
			// One failed execution says what both parts have to tell.
			if (templateNotice !== undefined) throw noticeError(this, [...noticesOf(failed), templateNotice]);
			if (failed !== undefined) throw failed;
			return null;
		} finally {
			// Released before any emit (see pollOnce) and here on every way out; only ever this poll's own.
			attempt.claim.release();
		}
	}
}

/** The sent-messages list's name in the read streaks (trigger/listReads.ts), and for the user. */
const MESSAGES_LIST = 'messages';
const MESSAGES_LIST_TEXT = 'the sent-messages list';

/**
 * One scheduled poll while it holds the claim. The state moves on only once the list was read and
 * understood; events are emitted after the claim is cleared and the state is set, so n8n's save with
 * the first emit holds every event of the poll. A poll that cannot read the list changes nothing
 * and counts (recordListRead); only the activation's own poll fails on an error, as n8n then shows
 * the activation failing.
 */
async function pollOnce(
	context: IPollFunctions,
	staticData: IDataObject,
	claim: PollClaim,
	selected: TriggerEvent[],
	followUpsPerPoll: number,
	startedAt: number,
	activating: boolean,
): Promise<null> {
	const stored = readState(staticData[STATE_KEY]);
	const answer = await fetchList(context).then(
		(raw) => ({ raw }),
		(error: unknown) => ({ error: error as Error }),
	);
	if ('error' in answer && stored === undefined) throw answer.error;
	const reading = 'raw' in answer ? readSentMessages(answer.raw) : undefined;
	const list = reading?.messages;
	if (reading !== undefined && reading.unreadableRows > 0) warnUnreadableRows(context, reading.unreadableRows, reading.messages.length);
	const cannotRead = (reason: string): null => {
		warnUnusable(context, reason);
		const notice = recordListRead(staticData, MESSAGES_LIST, MESSAGES_LIST_TEXT, { failure: reason }, startedAt, !activating);
		if (notice !== undefined) throw noticeError(context, [notice]);
		return null;
	};
	if (stored === undefined) {
		// First poll after activation: what is there now is the baseline, nothing is reported. A list
		// it cannot use leaves an empty baseline with the activation time: the first list it can use
		// then tells what was there before by each row's sent time (helpers/activationLine.ts).
		const unusable = unreadableList(baseline([]), list);
		staticData[STATE_KEY] = baseline(unusable === undefined ? (list ?? []) : [], new Date(startedAt).toISOString()) as unknown as IDataObject;
		return unusable === undefined ? null : cannotRead(unusable);
	}
	// A state from before activation times were recorded: the earliest safe line is now.
	stored.activatedAt ??= new Date(startedAt).toISOString();
	if ('error' in answer) return cannotRead(answer.error.message);
	const unreadable = unreadableList(stored, list);
	if (unreadable !== undefined || list === undefined) return cannotRead(unreadable ?? 'no list');

	const due = followUpsDue(stored, list, selected, followUpsPerPoll);
	const followUps: FollowUpResult[] = [];
	for (const followed of due) {
		// The poll's time budget: what was checked counts, the rest keeps its place for the next poll.
		if (Date.now() - startedAt > POLL_BUDGET_MS) break;
		const result = await checkStatus(context, followed.id);
		if (result === 'stop') break;
		followUps.push(result);
	}

	const outcome = advance(stored, list, followUps, selected);
	if (!claim.holds()) {
		// This poll outlived its claim and a newer poll took over: that one reports what this one saw.
		warn(context, 'this poll took longer than its claim lasts and a newer poll took over; it reports nothing.');
		return null;
	}
	report(context, outcome, due.length - followUps.length);
	staticData[STATE_KEY] = outcome.state as unknown as IDataObject;
	const readAgain = recordListRead(staticData, MESSAGES_LIST, MESSAGES_LIST_TEXT, 'read', startedAt, !activating);
	claim.release();
	// One execution per message and event, oldest first: each failure gets its own run (its own
	// retry, its own error). n8n saves the static data, already moved on, with each emit.
	for (const event of outcome.events) context.__emit([[{ json: itemOf(event, outcome.mayHaveMissed) }]]);
	// After the emits, so they are not lost: n8n records this error as a failed execution of the
	// workflow (and runs its error workflow), where a user looks.
	const notices = [...(activating ? [] : givenUpNotices(outcome)), ...(readAgain ? [readAgain] : [])];
	if (notices.length > 0) throw noticeError(context, notices);
	return null;
}

/** The message part's error as notices, to be told beside the template part's. */
function noticesOf(error: Error | undefined): PollNotice[] {
	if (error === undefined) return [];
	return [{ message: error.message, description: (error as { description?: string | null }).description ?? '' }];
}

/** Followed messages given up in this poll, as a notice. */
function givenUpNotices(outcome: PollOutcome): PollNotice[] {
	if (outcome.gaveUp.length === 0) return [];
	const ids = outcome.gaveUp.map((entry) => entry.id).join(', ');
	return [
		{
			message: `Stopped following ${outcome.gaveUp.length} message(s) whose status could not be read ${FOLLOW_UP_ATTEMPTS} times: ${ids}`,
			description: `Last error: ${outcome.gaveUp[0].error}. A later failure of these messages will not be reported; check them with Message > Get Status. Every other event of this poll was reported.`,
		},
	];
}

/** The sent-messages list as Octopods answered it (null: the "nothing sent yet" 400). */
async function fetchList(context: IPollFunctions): Promise<RawSentMessages | null> {
	return await octopodsApiRequest<RawSentMessages | null>(context, {
		method: 'GET',
		path: '/api/v1/whatsapp/messages',
		qs: { limit: MAX_SENT_MESSAGES },
		notFoundMessage:
			"This Octopods account does not offer the sent-messages list (HTTP 404), which the trigger polls: it is in Octopods' 2026 API",
		emptyWhen: saysNothingSentYet,
	});
}

function warn(context: IPollFunctions, message: string): void {
	context.logger.warn(`Octopods Trigger: ${message}`, { workflowId: context.getWorkflow().id, node: context.getNode().name });
}

/** n8n's log lines for what the poll could not do (gaps, dropped and failing follow-ups). */
function report(context: IPollFunctions, outcome: PollOutcome, leftForLater: number): void {
	if (outcome.mayHaveMissed) {
		warn(
			context,
			`the newest ${MAX_SENT_MESSAGES} sent messages do not reach back to those the previous poll saw, so messages sent in between may have been missed. Poll more often, or use Wait for Status in the sending workflow.`,
		);
	}
	if (outcome.stoppedFollowing > 0) {
		warn(context, `${outcome.stoppedFollowing} older messages without a final status are no longer followed (at most ${MAX_FOLLOWED} are).`);
	}
	if (leftForLater > 0) {
		warn(context, `${leftForLater} follow-ups due were left for the next poll (the poll's ${POLL_BUDGET_MS / 1000} s budget, or a rate-limit pause).`);
	}
	for (const { id, error, failures, retryAt } of outcome.retrying) {
		const waits = retryAt - (outcome.state.polls ?? 0);
		warn(context, `the status of message ${id} could not be read (${error}); failure ${failures} of ${FOLLOW_UP_ATTEMPTS}, tried again in ${waits} poll(s).`);
	}
	for (const { id, error, failures } of outcome.gaveUp) {
		context.logger.error(`Octopods Trigger: gave up following message ${id} after ${failures} failed status reads (${error}).`, {
			workflowId: context.getWorkflow().id,
			node: context.getNode().name,
		});
	}
}

function warnUnusable(context: IPollFunctions, reason: string): void {
	warn(context, `this poll could not use the sent-messages list (${reason}); it changed nothing and the next poll tries again.`);
}

/** Rows the trigger skipped (no message ID) or read as UNKNOWN (a status of no known shape). */
function warnUnreadableRows(context: IPollFunctions, unreadable: number, rows: number): void {
	warn(context, `${unreadable} of the ${rows} rows of the sent-messages list could not be read (no message ID, or a status of no known shape): skipped; the rest of the list was used.`);
}

function unreadableError(context: IPollFunctions, reason: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `The trigger could not use the sent-messages list: ${reason}`, {
		description: 'Fetch a test event again later; if it persists, the account answers in a shape this node does not know.',
	});
}

function readSelectedEvents(context: IPollFunctions): Array<TriggerEvent | TemplateEvent> {
	const events = (context.getNodeParameter('events', []) as string[]).filter(
		(event): event is TriggerEvent | TemplateEvent => (TRIGGER_EVENTS as readonly string[]).includes(event) || isTemplateEvent(event),
	);
	if (events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Choose at least one event in Events', {
			description: 'Message Delivered, Message Read, Message Failed, Any Status Change, or a template event',
		});
	}
	return events;
}

/**
 * A followed message's status now; a 404 means Octopods no longer knows it, so it is no longer
 * followed. A read that fails (after the transport's own retries) is a result, not the poll's end;
 * a rate-limit pause longer than the poll waits ends this poll's follow-ups ('stop').
 */
async function checkStatus(context: IPollFunctions, id: string): Promise<FollowUpResult | 'stop'> {
	try {
		const answer = await octopodsApiRequest<RawMessageStatus | null>(context, {
			method: 'GET',
			path: `/api/v1/whatsapp/messages/${encodeURIComponent(id)}`,
			subject: { message_id: id },
			emptyWhen: (statusCode) => statusCode === 404,
		});
		return answer === null ? { id, gone: true } : { id, status: normaliseStatus(answer, id) };
	} catch (error) {
		if ((error as { httpCode?: unknown }).httpCode === '429') return 'stop';
		return { id, error: (error as Error).message };
	}
}

function itemOf({ event, previous_status, message }: StatusEvent, mayHaveMissed: boolean): IDataObject {
	return { ...withWindowHint(message), event, previous_status, messages_may_be_missed: mayHaveMissed } as IDataObject;
}

/** Manual mode (Fetch Test Event): one item to map fields with; the static data is not touched. */
function fetchTestEvent(context: IPollFunctions, raw: RawSentMessages | null, selected: TriggerEvent[]): INodeExecutionData {
	const list = readSentMessages(raw)?.messages.filter((message) => message.message_id !== undefined);
	if (list === undefined) throw unreadableError(context, unreadableList(baseline([]), list)!);
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
