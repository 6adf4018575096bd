import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_ITEMS_IN_PARALLEL, MAX_ITEMS_IN_PARALLEL } from './common.descriptions';
import * as message from './message/Message.resource';
import type { OctopodsOperation, OctopodsResource } from './node.type';
import * as sms from './sms/Sms.resource';
import { isDryRunResult } from './dryRun';
import { mayHaveBeenSent, type RetryLedger, retryLedger } from './retryLedger';
import * as template from './template/Template.resource';
import { runsAsTool, toolAnswerText, toolCallError, toolFailureMustThrow } from './toolAnswer';

const operations: Record<OctopodsResource, Record<string, OctopodsOperation>> = {
	message: {
		getAll: message.getAll,
		getStatus: message.getStatus,
		sendAndWait: message.sendAndWait,
		sendInteractive: message.sendInteractive,
		sendTemplate: message.sendTemplate,
	},
	sms: { getStatus: sms.getStatus, send: sms.send },
	template: { get: template.get, getAll: template.getAll },
};

/** What a failed item shows under Continue On Fail: enough to act on without opening logs. */
function errorItem(error: Error & { description?: string | null; context?: IDataObject; httpCode?: string | null }): IDataObject {
	const item: IDataObject = { error: error.message };
	// What the failed request was about (recipient, template), so a CRM log needs no look-up.
	const subject = error.context?.octopodsSubject;
	if (subject && typeof subject === 'object') Object.assign(item, subject);
	if (error.description) item.description = error.description;
	if (error.httpCode) item.httpCode = error.httpCode;
	if (error.context?.octopodsErrorCode !== undefined) item.errorCode = error.context.octopodsErrorCode;
	if (error.context?.octopodsRequestId !== undefined) item.requestId = error.context.octopodsRequestId;
	if (error.context?.field !== undefined) item.field = error.context.field;
	// A send whose fate is unknown: a workflow can route these to a check instead of a resend.
	if (error.context?.octopodsMaybeSent === true) item.maybeSent = true;
	if (error.context?.octopodsMessageId !== undefined) item.messageId = error.context.octopodsMessageId;
	// Octopods paused the channel: when to try again (ISO time), e.g. for a Wait node.
	if (error.context?.octopodsRetryAfter !== undefined) item.retryAfter = error.context.octopodsRetryAfter;
	return item;
}

/** n8n points at the failing item through the error's item index: make sure every error has one. */
function withItemIndex(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/**
 * Runs one item, unless an earlier try of this node run (n8n's Retry On Fail) already sent it or
 * may have: then it answers as it did then, without a request (see retryLedger.ts). The worker
 * records a "may have been sent" failure.
 */
async function runItem(
	context: IExecuteFunctions,
	operation: OctopodsOperation,
	itemIndex: number,
	ledger: RetryLedger | undefined,
): Promise<IDataObject | IDataObject[]> {
	const earlier = ledger?.recall(itemIndex);
	if (earlier?.kind === 'done') return earlier.result;
	if (earlier?.kind === 'maybe-sent') throw earlier.error;
	const result = await operation.execute.call(context, itemIndex);
	// A Dry Run sent nothing: a later try (or tool call) with Dry Run off must send.
	if (!isDryRunResult(result)) ledger?.remember(itemIndex, { kind: 'done', result });
	return result;
}

/** Items in Parallel, read once for the node (not per item): 1 to MAX_ITEMS_IN_PARALLEL. */
function itemsInParallel(context: IExecuteFunctions): number {
	const value = Number(context.getNodeParameter('options.itemsInParallel', 0, DEFAULT_ITEMS_IN_PARALLEL));
	if (!Number.isFinite(value)) return DEFAULT_ITEMS_IN_PARALLEL;
	return Math.min(MAX_ITEMS_IN_PARALLEL, Math.max(1, Math.floor(value)));
}

/**
 * Owns the item loop for every operation: pairing, Continue On Fail, the item index of errors, and
 * how many items run at once. Items start in input order, up to Items in Parallel at a time (the
 * transport's shared budget decides when each request leaves); the output keeps input order, one
 * entry per input item (or the operation's several, e.g. Get Many), each paired with its input.
 * Without Continue On Fail, the first failure stops new items from starting; items already under
 * way finish (their requests may have reached Octopods), then the node fails with the error of the
 * earliest failed item. With n8n's Retry On Fail, a retry never sends an item again (retryLedger.ts).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as OctopodsResource;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for resource "${resource}"`,
		);
	}

	// Send and Wait answers for the first item only, as n8n's own Send and Wait nodes do.
	const itemCount = operation.firstItemOnly ? Math.min(items.length, 1) : items.length;
	const ledger = retryLedger(this);
	const results: INodeExecutionData[][] = new Array(itemCount);
	// n8n sends an item down the error output only when its JSON holds nothing but error, message
	// and details (an item's own `error` would make n8n replace the JSON with the bare message).
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	// As an AI agent's tool, a Continue On Fail item on the regular output reaches the model as it
	// is; otherwise a failure answers with the model's whole answer as one item, or is thrown
	// with it where only a throw reaches the model (toolAnswer.ts).
	const asTool = runsAsTool(this);
	const keepsErrorItems = this.continueOnFail() && !(asTool && toErrorOutput);
	const answersToolFailure = asTool && !keepsErrorItems && !toolFailureMustThrow(this);
	const errorJson = (error: Error): IDataObject => {
		const { error: message, ...details } = errorItem(error);
		return toErrorOutput ? { error: message, details } : { error: message, ...details };
	};
	// The earliest failure so far (without Continue On Fail); set by the workers below.
	const stop: { failure?: { itemIndex: number; error: Error } } = {};
	const recordFailure = (itemIndex: number, error: Error): void => {
		if (stop.failure === undefined || itemIndex < stop.failure.itemIndex) stop.failure = { itemIndex, error };
	};
	let next = 0;
	// A cancelled execution starts no more items (n8n discards the run's output anyway).
	const cancelled = () => this.getExecutionCancelSignal?.()?.aborted === true;
	const worker = async (): Promise<void> => {
		while (stop.failure === undefined && next < itemCount && !cancelled()) {
			const itemIndex = next++;
			try {
				const result = await runItem(this, operation, itemIndex, ledger);
				results[itemIndex] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				});
			} catch (error) {
				if (mayHaveBeenSent(error)) ledger?.remember(itemIndex, { kind: 'maybe-sent', error });
				if (keepsErrorItems) {
					results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
				} else if (answersToolFailure) {
					results[itemIndex] = [{ json: { error: toolAnswerText(error) }, pairedItem: { item: itemIndex } }];
				} else {
					recordFailure(itemIndex, error);
				}
			}
		}
	};
	const workers = Math.min(itemsInParallel(this), itemCount);
	await Promise.all(Array.from({ length: workers }, worker));
	if (stop.failure !== undefined) {
		const { error, itemIndex } = stop.failure;
		throw asTool ? toolCallError(this, error, itemIndex) : withItemIndex(this, error, itemIndex);
	}
	return [results.flat()];
}
