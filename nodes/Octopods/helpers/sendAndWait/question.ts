/**
 * What the person is asked, built from the node's parameters and checked before anything is sent;
 * the waiting webhook builds it again the same way to show the page and read the answer.
 */
import { countCharacters } from '../interactive';
import { SendAndWaitInputError } from './errors';
import { pageQuestion } from './message';
import type { ApprovalChoice, FormField, FormFieldType, Question, ResponseType } from './types';

/** Page buttons are not WhatsApp's, but a label longer than this does not fit a phone's button. */
export const PAGE_LABEL_MAX = 60;

export const FORM_FIELD_TYPES: FormFieldType[] = ['text', 'textarea', 'number', 'email', 'date', 'dropdown'];
const RESPONSE_TYPES: ResponseType[] = ['approval', 'freeText', 'customForm'];

/** The parameters as n8n stores them (n8n's own names), before any check. */
export interface QuestionParameters {
	message: unknown;
	responseType: unknown;
	approvalOptions: { approvalType?: unknown; approveLabel?: unknown; disapproveLabel?: unknown };
	formFields: Array<{
		fieldLabel?: unknown;
		fieldName?: unknown;
		fieldType?: unknown;
		placeholder?: unknown;
		requiredField?: unknown;
		fieldOptions?: { values?: Array<{ option?: unknown }> };
	}>;
	submitLabel: unknown;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function label(value: unknown, fallback: string, field: string): string {
	const chosen = text(value).trim() || fallback;
	const length = countCharacters(chosen);
	if (length > PAGE_LABEL_MAX) {
		throw new SendAndWaitInputError(field, `${field} is ${length} characters long; at most ${PAGE_LABEL_MAX} fit a button on a phone`);
	}
	return chosen;
}

function approvalOf(options: QuestionParameters['approvalOptions']): ApprovalChoice {
	return {
		approvalType: options.approvalType === 'double' ? 'double' : 'single',
		approveLabel: label(options.approveLabel, 'Approve', 'Approve Button Label'),
		disapproveLabel: label(options.disapproveLabel, 'Decline', 'Disapprove Button Label'),
	};
}

function fieldsOf(fields: QuestionParameters['formFields']): FormField[] {
	if (fields.length === 0) throw new SendAndWaitInputError('Form Elements', 'Form Elements is empty: add at least one field for the person to fill in');
	const keys = new Set<string>();
	return fields.map((field, index) => {
		const where = `Form Element ${index + 1}`;
		const fieldLabel = text(field.fieldLabel).trim();
		if (fieldLabel === '') throw new SendAndWaitInputError(`${where}: Field Label`, `${where} has no Field Label`);
		const type = (FORM_FIELD_TYPES as unknown[]).includes(field.fieldType) ? (field.fieldType as FormFieldType) : 'text';
		const options = (field.fieldOptions?.values ?? []).map((value) => text(value.option).trim()).filter(Boolean);
		if (type === 'dropdown' && options.length === 0) {
			throw new SendAndWaitInputError(`${where}: Field Options`, `${where} ("${fieldLabel}") is a dropdown without options`);
		}
		const key = text(field.fieldName).trim() || fieldLabel;
		if (keys.has(key) || key === 'respondedAt') {
			throw new SendAndWaitInputError(`${where}: Field Label`, `${where}: "${key}" names another field of the form already; give each field its own name`);
		}
		keys.add(key);
		return { label: fieldLabel, key, type, required: field.requiredField === true, placeholder: text(field.placeholder), options };
	});
}

export function buildQuestion(parameters: QuestionParameters): Question {
	const responseType = (RESPONSE_TYPES as unknown[]).includes(parameters.responseType)
		? (parameters.responseType as ResponseType)
		: 'approval';
	return {
		message: pageQuestion(text(parameters.message)),
		responseType,
		approval: approvalOf(parameters.approvalOptions),
		fields: responseType === 'customForm' ? fieldsOf(parameters.formFields) : [],
		submitLabel: label(parameters.submitLabel, 'Submit', 'Response Form Button Label'),
	};
}
