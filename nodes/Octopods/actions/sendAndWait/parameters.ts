import type { QuestionParameters } from '../../helpers/sendAndWait/question';
import { withToolInput } from '../../helpers/sendAndWait/toolReview';

/** A hidden parameter holding the gated tool call's input, as an object (`$tool` in n8n 2.x). */
export const TOOL_INPUT_PARAMETER = 'reviewedToolInput';

/** Reads a parameter: of an item while executing, of the node in the waiting webhook. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/** The node type n8n 2.x makes of Send and Wait for the AI Agent's human review. */
export const isHumanReviewTool = (nodeType: string): boolean => nodeType.endsWith('HitlTool');

/**
 * The question's parameters as the execution and the waiting webhook both read them. As the
 * human review, the tool call's input (TOOL_INPUT_PARAMETER) is shown where the message has it.
 */
export function questionParameters(read: ParameterReader, humanReview = false): QuestionParameters {
	return {
		message: humanReview ? reviewMessage(read) : read('message', ''),
		responseType: read('responseType', 'approval'),
		approvalOptions: (read('approvalOptions.values', {}) ?? {}) as QuestionParameters['approvalOptions'],
		defineForm: read('defineForm', 'fields'),
		formFields: read('formFields.values', []),
		jsonOutput: read('jsonOutput', '[]'),
		submitLabel: read('options.responseFormButtonLabel', 'Submit'),
		formTitle: read('options.responseFormTitle', ''),
		formDescription: read('options.responseFormDescription', ''),
	};
}

/**
 * The human review's message with the tool call's input, the listing cut to `max` characters when
 * given (the WhatsApp message; the page shows it whole).
 */
export function reviewMessage(read: ParameterReader, max?: number): string {
	return withToolInput(String(read('message', '') ?? ''), read(TOOL_INPUT_PARAMETER, undefined), max);
}
