import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mayHaveBeenSent } from './retryLedger';

/**
 * The node as an AI agent's tool (the `octopodsTool` variant n8n makes of a `usableAsTool` node).
 *
 * What the model reads of a failed call is decided by n8n's engine (n8n-core 2.41, AI Agent v3):
 * - the node throws: the agent gets `[{"error": <the error's message>}]`, the message only (not its
 *   description), whatever On Error says, unless it says Stop Workflow;
 * - the node returns items: the agent gets output 0 as JSON; but under On Error → Continue (using
 *   error output) n8n's error-output split replaces a tool's output 0 with the (empty) list of
 *   error items, so the agent gets an empty string, for every call.
 * So a failed tool call that is not kept as a Continue On Fail item on the regular output throws an
 * error whose message is the whole answer: what was refused (the field), what is accepted, and
 * whether anything was sent, so the model can correct itself and call again, or knows that a send
 * may have gone through and must not be repeated.
 */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/** A tool call is always one item: " [item 0]" would only puzzle the model. */
function withoutItemIndex(text: string): string {
	return text.replace(/\s*\[item \d+\]$/, '');
}

function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The words a model reads when a tool call failed: the message and what to do, in one text. */
export function toolAnswerText(error: Error & { description?: string | null }): string {
	const parts = [sentence(withoutItemIndex(error.message))];
	if (mayHaveBeenSent(error)) parts.push('Do not send this message again.');
	if (error.description) parts.push(sentence(withoutItemIndex(error.description)));
	return parts.join(' ');
}

/** The error a tool call fails with: its message is the model's whole answer; its context is kept. */
export function toolCallError(context: IExecuteFunctions, error: Error, itemIndex: number): NodeOperationError {
	const description = (error as { description?: string | null }).description ?? undefined;
	const wrapped = new NodeOperationError(context.getNode(), toolAnswerText(error), { description, itemIndex });
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		Object.assign(wrapped.context, error.context);
	}
	return wrapped;
}
