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
 * Kept per n8n execute data and node name: every try of one run shares the execute data, the next
 * run of the node (a loop) or another execution has its own, and the ledger goes with it. As an AI
 * agent's tool, every call of the node shares the agent's execute data, so an entry also holds the
 * item it was made for and is used only for the same item (the same tool arguments).
 */
export type EarlierOutcome = { kind: 'done'; result: IDataObject | IDataObject[] } | { kind: 'maybe-sent'; error: Error };

interface Entry {
	/** The input item's JSON, as text. */
	input: string;
	outcome: EarlierOutcome;
}

export interface RetryLedger {
	/** What an earlier try did with this item, if it was the same item. */
	recall(itemIndex: number): EarlierOutcome | undefined;
	remember(itemIndex: number, outcome: EarlierOutcome): void;
}

const ledgers = new WeakMap<IExecuteData, Map<string, Map<number, Entry>>>();

/** The ledger of this node run, or undefined when Retry On Fail is off (nothing is kept then). */
export function retryLedger(context: IExecuteFunctions): RetryLedger | undefined {
	const node = context.getNode();
	if (node.retryOnFail !== true) return undefined;
	const run = context.getExecuteData();
	let byNode = ledgers.get(run);
	if (!byNode) ledgers.set(run, (byNode = new Map()));
	let entries = byNode.get(node.name);
	if (!entries) byNode.set(node.name, (entries = new Map()));
	const known = entries;
	const items = context.getInputData();
	const inputOf = (itemIndex: number) => JSON.stringify(items[itemIndex]?.json ?? null);
	return {
		recall(itemIndex) {
			const entry = known.get(itemIndex);
			return entry !== undefined && entry.input === inputOf(itemIndex) ? entry.outcome : undefined;
		},
		remember(itemIndex, outcome) {
			known.set(itemIndex, { input: inputOf(itemIndex), outcome });
		},
	};
}

/** Whether an error says the send may have reached Octopods (set by the transport). */
export function mayHaveBeenSent(error: unknown): boolean {
	return (error as { context?: IDataObject } | null)?.context?.octopodsMaybeSent === true;
}
