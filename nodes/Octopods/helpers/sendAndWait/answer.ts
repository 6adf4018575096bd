/**
 * The person's submission (the page's form, multipart/form-data) read into the output
 * n8n's own Send and Wait nodes give: `{ approved, respondedAt }`, `{ text, respondedAt }` or the
 * form's fields with `respondedAt`. A submission the page could not have sent is refused, resuming nothing.
 */
import type { FormField, Question } from './types';

export type FormValues = Record<string, string>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * n8n parses a multipart/form-data body (the page's) into `{ data: fields, files }`, and a url-encoded
 * one (a page served before the form was multipart) into the fields themselves; when it parsed
 * neither, the raw text is read as url-encoded. Repeated names keep the first value.
 */
export function formValues(body: unknown, rawBody?: string): FormValues {
	const values: FormValues = {};
	const fields = isRecord(body) && isRecord(body.data) ? body.data : body;
	if (isRecord(fields) && Object.keys(fields).length > 0) {
		for (const [key, value] of Object.entries(fields)) {
			const first = Array.isArray(value) ? value[0] : value;
			if (typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean') values[key] = String(first);
		}
		return values;
	}
	const text = typeof body === 'string' && body !== '' ? body : rawBody;
	if (!text) return values;
	for (const [key, value] of new URLSearchParams(text)) {
		if (!(key in values)) values[key] = value;
	}
	return values;
}

export type Answer = { data: Record<string, unknown> } | { problem: string };

function fieldValue(field: FormField, raw: string | undefined): { value: unknown } | { problem: string } {
	if (field.type === 'dropdown') return choiceValue(field, raw ?? '');
	const text = (raw ?? '').trim();
	if (text === '') {
		return field.required ? { problem: `Please fill in "${field.label}".` } : { value: '' };
	}
	if (field.type === 'number') {
		const number = Number(text);
		return Number.isFinite(number) ? { value: number } : { problem: `"${field.label}" must be a number.` };
	}
	return { value: text };
}

/** A dropdown's answer is an option's value exactly, spaces and all ("Tue  10:00" is not "Tue 10:00"). */
function choiceValue(field: FormField, raw: string): { value: string } | { problem: string } {
	if (raw === '') return field.required ? { problem: `Please fill in "${field.label}".` } : { value: '' };
	if (!field.options.includes(raw)) return { problem: `Please choose one of the options for "${field.label}".` };
	return { value: raw };
}

export function readAnswer(question: Question, values: FormValues, respondedAt: Date): Answer {
	const at = respondedAt.toISOString();
	if (question.responseType === 'approval') {
		const approved = values.approved;
		const allowed = question.approval.approvalType === 'double' ? ['true', 'false'] : ['true'];
		if (approved === undefined || !allowed.includes(approved)) return { problem: 'Please answer with one of the buttons.' };
		return { data: { approved: approved === 'true', respondedAt: at } };
	}
	if (question.responseType === 'freeText') {
		const text = (values.text ?? '').trim();
		if (text === '') return { problem: 'Please write your answer before sending it.' };
		return { data: { text, respondedAt: at } };
	}
	const data: Record<string, unknown> = {};
	for (const [index, field] of question.fields.entries()) {
		const read = fieldValue(field, values[`field-${index}`]);
		if ('problem' in read) return read;
		data[field.key] = read.value;
	}
	// Last, so a field of the same name cannot replace the time of the answer (as n8n does).
	data.respondedAt = at;
	return { data };
}
