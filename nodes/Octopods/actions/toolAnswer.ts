import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mayHaveBeenSent } from './retryLedger';

/**
 * The node as an AI agent's tool (the `octopodsTool` variant n8n makes of a `usableAsTool` node).
 *
 * What the model reads of a failed call depends on who runs the tool (n8n 1.123.81 and 2.41.1):
 * - AI Agent 3.x: the engine runs the tool node as a node of the workflow, and the agent reads its
 *   output as JSON, or `{"error": <message>}` when it threw. But under On Error → Continue (using
 *   error output) the engine's error-output split replaces a tool's only output with its error
 *   items, empty for a tool, so a returned item never reaches the model there: only a throw does.
 * - AI Agent 2 to 2.2: the agent (LangChain's AgentExecutor) calls the node directly, without the
 *   engine and so without the split, and reads its output as JSON; a thrown error becomes an empty
 *   observation (the executor sets no handleToolRuntimeErrors): the model would read "".
 * So a failed call answers with one item, `{"error": <the whole answer>}`, which both generations
 * read the same, and throws only where the engine runs the tool with the error output on. The
 * answer says what was refused (the field), what is accepted, and whether anything was sent, so
 * the model can correct itself and call again, or knows a send may have gone through.
 */
export function runsAsTool(context: IExecuteFunctions): boolean {
	return context.getNode().type.endsWith('Tool');
}

/**
 * Whether a failed tool call must throw to reach the model: only when the engine runs this node
 * (its execute data names this node; an agent calling the node directly lends it its own) with
 * the error output on.
 */
export function toolFailureMustThrow(context: IExecuteFunctions): boolean {
	if (context.getNode().onError !== 'continueErrorOutput') return false;
	return context.getExecuteData?.()?.node?.name === context.getNode().name;
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
