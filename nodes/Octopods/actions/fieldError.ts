import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { InteractiveValidationError } from '../helpers/interactive';
import { PhoneNumberError } from '../helpers/phone';
import { SendAndWaitInputError } from '../helpers/sendAndWait/errors';
import { TemplateVariablesError } from '../helpers/templateVariables';

/**
 * Bad input found before sending: the message names the field and the item, so it reads the same
 * in the editor, in an execution log and in a Continue On Fail item.
 */
export function fieldError(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	message: string,
): NodeOperationError {
	const error = new NodeOperationError(context.getNode(), `${message} [item ${itemIndex}]`, {
		itemIndex,
		description: `Field: ${field}. Nothing was sent for this item.`,
	});
	error.context.field = field;
	return error;
}

/** Runs pure input checks, turning the helpers' typed errors into field errors. */
export function checkInput<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	fallbackField: string,
	check: () => T,
): T {
	try {
		return check();
	} catch (error) {
		if (
			error instanceof TemplateVariablesError ||
			error instanceof InteractiveValidationError ||
			error instanceof SendAndWaitInputError
		) {
			throw fieldError(context, itemIndex, error.field, error.message);
		}
		if (error instanceof PhoneNumberError) {
			throw fieldError(context, itemIndex, fallbackField, `${fallbackField}: ${error.message}`);
		}
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
}
