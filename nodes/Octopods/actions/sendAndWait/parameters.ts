import type { QuestionParameters } from '../../helpers/sendAndWait/question';

/** Reads a parameter: of an item while executing, of the node in the waiting webhook. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/** The question's parameters as the execution and the waiting webhook both read them. */
export function questionParameters(read: ParameterReader): QuestionParameters {
	const formFields = read('formFields.values', []);
	return {
		message: read('message', ''),
		responseType: read('responseType', 'approval'),
		approvalOptions: (read('approvalOptions.values', {}) ?? {}) as QuestionParameters['approvalOptions'],
		formFields: Array.isArray(formFields) ? (formFields as QuestionParameters['formFields']) : [],
		submitLabel: read('options.responseFormButtonLabel', 'Submit'),
	};
}
