import type { IDataObject, IExecuteData, IExecuteFunctions } from 'n8n-workflow';

/**
 * What earlier tries of this node run did with each item, for n8n's Retry On Fail.
 *
 * With Retry On Fail, n8n runs the node again with all its input items when it fails, and also
 * when its first output item is an error item (Continue On Fail). Without a memory of the earlier
 * try, every message already sent would be sent again, up to five times. So a retry:
 * - gives an item that succeeded the result it had, without a request;
 * - fails an item whose send may have reached Octopods with the same "may have been sent" error,
 *   without a request;
 * - runs only the items that failed without sending anything, or never started.
 *
 * The ledger is keyed by n8n's execute data of the node run: the same object for every try of one
 * run, a new one for the next run of the node (a loop) or another execution. It is dropped with it.
 */
export type EarlierOutcome = { kind: 'done'; result: IDataObject | IDataObject[] } | { kind: 'maybe-sent'; error: Error };

export type RetryLedger = Map<number, EarlierOutcome>;

const ledgers = new WeakMap<IExecuteData, RetryLedger>();

/** The ledger of this node run, or undefined when Retry On Fail is off (nothing is kept then). */
export function retryLedger(context: IExecuteFunctions): RetryLedger | undefined {
	if (context.getNode().retryOnFail !== true) return undefined;
	const run = context.getExecuteData();
	let ledger = ledgers.get(run);
	if (!ledger) {
		ledger = new Map();
		ledgers.set(run, ledger);
	}
	return ledger;
}

/** Whether an error says the send may have reached Octopods (set by the transport). */
export function mayHaveBeenSent(error: unknown): boolean {
	return (error as { context?: IDataObject } | null)?.context?.octopodsMaybeSent === true;
}
