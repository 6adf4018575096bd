/**
 * What the person is asked, built from the node's parameters and checked before anything is sent;
 * the waiting webhook builds it again the same way to show the page and read the answer.
 */
import { countCharacters } from '../interactive';
import { SendAndWaitInputError } from './errors';
import { pageQuestion } from './message';
import { formFieldsOf } from './form';
import type { ApprovalChoice, Question, ResponseType } from './types';

/** Page buttons are not WhatsApp's, but a label longer than this does not fit a phone's button. */
export const PAGE_LABEL_MAX = 60;

const RESPONSE_TYPES: ResponseType[] = ['approval', 'freeText', 'customForm'];

/** The parameters as n8n stores them (n8n's own names), before any check. */
export interface QuestionParameters {
	message: unknown;
	responseType: unknown;
	approvalOptions: { approvalType?: unknown; approveLabel?: unknown; disapproveLabel?: unknown };
	/** Define Form: 'fields' (Form Elements) or 'json' (Form Fields). */
	defineForm?: unknown;
	/** Form Elements' list as n8n stores it (`formFields.values`). */
	formFields: unknown;
	/** Form Fields: the form as JSON (`jsonOutput`). */
	jsonOutput?: unknown;
	submitLabel: unknown;
	/** Response Form Title and Description (n8n's option names). */
	formTitle?: unknown;
	formDescription?: unknown;
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

export function buildQuestion(parameters: QuestionParameters): Question {
	const responseType = (RESPONSE_TYPES as unknown[]).includes(parameters.responseType)
		? (parameters.responseType as ResponseType)
		: 'approval';
	const message = pageQuestion(text(parameters.message));
	// n8n offers the title and description for the forms only (Free Text, Custom Form).
	const form = responseType !== 'approval';
	const title = form ? text(parameters.formTitle).trim() : '';
	const description = form ? text(parameters.formDescription).trim() : '';
	return {
		message,
		// As n8n's form: the title, else the message; below it the description, else the message the title replaced.
		heading: title || message,
		description: description || (title ? message : ''),
		responseType,
		approval: approvalOf(parameters.approvalOptions),
		fields: responseType === 'customForm' ? formFieldsOf(parameters.defineForm, parameters.formFields, parameters.jsonOutput) : [],
		submitLabel: label(parameters.submitLabel, 'Submit', 'Response Form Button Label'),
	};
}
