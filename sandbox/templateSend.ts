/** Validation of `POST /api/v1/whatsapp/templates/:id/messages`, as strict as the docs allow. */
import { badRequest, ErrorCode } from './errors';
import type { Generation, SeededTemplate } from './templates';
import {
	describeType,
	distinctVariables,
	isHttpUrl,
	isJsonObject,
	optionalField,
	requireDestinationPhone,
	type JsonObject,
} from './validation';

export const VARIABLE_SECTIONS = ['header', 'body', 'buttons'] as const;
export type VariableSection = (typeof VARIABLE_SECTIONS)[number];
export type VariableCounts = Record<VariableSection, number>;

const SECTION_LABEL: Record<VariableSection, string> = { header: 'header', body: 'body', buttons: 'button' };
const MEDIA_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'];

/** How many values each `message_variables` section must hold for this template. */
export function requiredVariables(template: SeededTemplate): VariableCounts {
	const counts: VariableCounts = { header: 0, body: 0, buttons: 0 };
	for (const component of template.template_components) {
		if (component.type === 'HEADER' && (component.format ?? 'TEXT') === 'TEXT') {
			counts.header = distinctVariables(component.text ?? '').length;
		} else if (component.type === 'BODY') {
			counts.body = distinctVariables(component.text ?? '').length;
		} else if (component.type === 'BUTTONS') {
			// A URL button holds at most one variable, so each dynamic URL button takes one value.
			const dynamic = (component.buttons ?? []).filter(
				(button) => button.type === 'URL' && distinctVariables(button.url ?? '').length > 0,
			);
			counts.buttons = dynamic.length;
		}
	}
	return counts;
}

/** IMAGE, VIDEO or DOCUMENT when the header needs `header_attachment_url`; null otherwise. */
export function mediaHeaderFormat(template: SeededTemplate): string | null {
	const header = template.template_components.find((component) => component.type === 'HEADER');
	const format = header?.format ?? '';
	return MEDIA_FORMATS.includes(format) ? format : null;
}

/** 2026 (article 14823954): a template with any placeholder outside its body takes the object form. */
function hasNonBodyPlaceholders(template: SeededTemplate, required: VariableCounts): boolean {
	const footer = template.template_components.find((component) => component.type === 'FOOTER');
	return required.header > 0 || required.buttons > 0 || distinctVariables(footer?.text ?? '').length > 0;
}

/** Validates the send and returns the destination digits; throws ApiError on the first problem. */
export function validateTemplateSend(template: SeededTemplate, body: JsonObject, generation: Generation = 'original'): string {
	if (!template.active) {
		throw badRequest(
			ErrorCode.TemplateNotFound,
			`Message Template ${template.template_id} is not active and cannot be sent.`,
		);
	}
	const state = generation === '2026' ? template.template_status : template.status;
	if (state !== (generation === '2026' ? 'Accepted' : 'APPROVED')) {
		throw badRequest(
			ErrorCode.TemplateNotFound,
			`Message Template ${template.template_id} is not approved (status ${state}) and cannot be sent.`,
		);
	}
	const digits = requireDestinationPhone(body);
	const required = requiredVariables(template);
	if (generation === '2026' && hasNonBodyPlaceholders(template, required)) requireEverySection(body.message_variables);
	const supplied = suppliedVariables(body.message_variables, required);
	for (const section of VARIABLE_SECTIONS) {
		if (supplied[section].length !== required[section]) {
			throw badRequest(ErrorCode.WrongVariableCount, countMismatch(section, required[section], supplied[section].length));
		}
	}
	checkHeaderAttachment(template, body);
	optionalField(body, 'open_intercom_conversation', 'boolean');
	optionalField(body, 'intercom_teammate_id', 'string');
	optionalField(body, 'destination_user_name', 'string');
	return digits;
}

/** 2026: header, body, footer and buttons all present (empty arrays included), or error 9. */
function requireEverySection(value: unknown): void {
	const sections = ['header', 'body', 'footer', 'buttons'];
	const missing = isJsonObject(value) ? sections.filter((section) => !(section in value)) : sections;
	if (missing.length === 0) return;
	throw badRequest(
		ErrorCode.VariablesShape,
		isJsonObject(value)
			? `message_variables is missing ${missing.join(', ')}: this template has header, footer or button placeholders, so every section must be present, even when empty.`
			: 'message_variables must be an object with header, body, footer and buttons: this template has header, footer or button placeholders, so a plain array is not accepted.',
	);
}

function suppliedVariables(value: unknown, required: VariableCounts): Record<VariableSection, string[]> {
	const supplied: Record<VariableSection, string[]> = { header: [], body: [], buttons: [] };
	if (value === undefined || value === null) return supplied;
	if (Array.isArray(value)) {
		// The legacy array form only ever meant body variables (docs, footnote on message_variables).
		if (required.header > 0 || required.buttons > 0) {
			throw badRequest(
				ErrorCode.TypeMismatch,
				'message_variables must be an object {header, body, buttons}: this template has header or button ' +
					'variables, so the array form is not accepted.',
			);
		}
		supplied.body = stringList(value, 'message_variables');
		return supplied;
	}
	if (!isJsonObject(value)) {
		throw badRequest(
			ErrorCode.TypeMismatch,
			`message_variables must be an object {header, body, buttons} (got ${describeType(value)}).`,
		);
	}
	for (const [key, list] of Object.entries(value)) {
		// Footers hold no variables: an empty footer section is accepted (the 2026 form sends one).
		if (key === 'footer') {
			if (stringList(list, 'message_variables.footer').length > 0) {
				throw badRequest(ErrorCode.WrongVariableCount, 'Your Message Template has no footer variables.');
			}
			continue;
		}
		if (!(VARIABLE_SECTIONS as readonly string[]).includes(key)) {
			throw badRequest(
				ErrorCode.TypeMismatch,
				`message_variables.${key} is not a known section; use header, body, footer or buttons.`,
			);
		}
		supplied[key as VariableSection] = stringList(list, `message_variables.${key}`);
	}
	return supplied;
}

function stringList(value: unknown, path: string): string[] {
	if (!Array.isArray(value)) {
		throw badRequest(ErrorCode.TypeMismatch, `${path} must be an array of strings (got ${describeType(value)}).`);
	}
	return value.map((item: unknown, index) => {
		if (typeof item !== 'string') {
			throw badRequest(ErrorCode.TypeMismatch, `${path}[${index}] must be a string (got ${describeType(item)}).`);
		}
		// WhatsApp rejects empty template parameters, so an unfilled field must not pass here either.
		if (item.trim() === '') {
			throw badRequest(ErrorCode.TypeMismatch, `${path}[${index}] must not be empty.`);
		}
		return item;
	});
}

function countMismatch(section: VariableSection, expected: number, given: number): string {
	const label = SECTION_LABEL[section];
	const givenText = `${given} ${given === 1 ? 'was' : 'were'} supplied in message_variables.${section}`;
	if (expected === 0) return `Your Message Template has no ${label} variables, but ${givenText}.`;
	const noun = expected === 1 ? 'variable' : 'variables';
	return `Your Message Template has ${expected} ${label} ${noun} which you must supply; ${givenText}.`;
}

function checkHeaderAttachment(template: SeededTemplate, body: JsonObject): void {
	const format = mediaHeaderFormat(template);
	if (format === null) {
		// Harmless on a template without a media header (the docs' own example sends one), but typed.
		optionalField(body, 'header_attachment_url', 'string');
		return;
	}
	const url = body.header_attachment_url;
	if (url === undefined || url === null || url === '') {
		throw badRequest(
			ErrorCode.InvalidHeader,
			`Invalid header: this template has a ${format} header, so header_attachment_url is required.`,
		);
	}
	if (!isHttpUrl(url)) {
		throw badRequest(
			ErrorCode.InvalidHeader,
			`Invalid header: header_attachment_url must be an http(s) URL to the ${format} for this template's header.`,
		);
	}
}
