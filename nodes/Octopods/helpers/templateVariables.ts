/**
 * The variables of an Octopods template (`{{1}}`, `{{first_name}}`, URL button suffixes), how they map
 * to `message_variables`, and a text preview of the filled template.
 *
 * No n8n imports: callers turn `TemplateVariablesError` into their own errors.
 */
import type { MessageVariables, OctopodsTemplate, TemplateButton, TemplateComponent } from '../transport/types';
import { parseJson } from './json';

export type VariableSection = 'header' | 'body' | 'buttons';
export type MediaHeaderFormat = 'IMAGE' | 'VIDEO' | 'DOCUMENT';

export interface TemplateVariable {
	/** Stable field id for a resource mapper: 'header_1', 'body_1', 'body_first_name', 'button_1_url'. */
	id: string;
	section: VariableSection;
	/** As written between braces ('1', 'first_name'); for buttons, the button's 1-based position. */
	key: string;
	/** Index in this section's `message_variables` array. */
	position: number;
	/** 'Body {{1}}', 'Header {{1}}', 'Body {{first_name}}', 'Button 1 URL Suffix'. */
	displayName: string;
	/** Surrounding text, e.g. 'Hello {{1}}, here is the…', or a button's whole URL. */
	context: string;
}

export interface TemplateShape {
	variables: TemplateVariable[];
	/** Set when the header is media: then `header_attachment_url` is required. */
	mediaHeader?: MediaHeaderFormat;
	counts: Record<VariableSection, number>;
}

export interface RenderedPreview {
	header?: string;
	body: string;
	footer?: string;
	buttons?: string[];
}

export class TemplateVariablesError extends Error {
	/** The field at fault, as the user sees it, e.g. 'Body {{2}}' or 'Header Image URL'. */
	readonly field: string;

	constructor(field: string, message: string) {
		super(message);
		this.name = 'TemplateVariablesError';
		this.field = field;
	}
}

/** Resource mapper field id of a media header's URL (sent as header_attachment_url). */
export const MEDIA_URL_FIELD_ID = 'header_media_url';

const MEDIA_LABELS: Record<MediaHeaderFormat, string> = { IMAGE: 'Image', VIDEO: 'Video', DOCUMENT: 'Document' };

/** The mapper field of a media header's URL as the editor shows it, e.g. 'Header Image URL'. */
export function mediaUrlFieldName(format: MediaHeaderFormat): string {
	return `Header ${MEDIA_LABELS[format]} URL`;
}

const SECTIONS: VariableSection[] = ['header', 'body', 'buttons'];
const MEDIA_FORMATS: readonly string[] = ['IMAGE', 'VIDEO', 'DOCUMENT'];
const SECTION_LABELS: Record<VariableSection, string> = { header: 'Header', body: 'Body', buttons: 'Buttons' };
/** `{{1}}`, `{{first_name}}`, also `{{ 1 }}`. Always used through matchAll/replace, which reset its state. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const CONTEXT_CHARS = 24;
const JSON_FIELD = 'Variables (JSON)';

/** Distinct placeholder keys in order of first appearance: '{{1}} x {{2}} {{1}}' → ['1', '2']. */
export function extractPlaceholders(text: string): string[] {
	const keys: string[] = [];
	for (const match of text.matchAll(PLACEHOLDER)) {
		if (!keys.includes(match[1])) keys.push(match[1]);
	}
	return keys;
}

/**
 * Keys in array order. Positional keys go by number, as WhatsApp maps parameters ({{1}} is the first
 * value even if {{2}} is written before it); the two orders agree for every well-formed template.
 * Named keys ({{first_name}}) go by first appearance: Octopods' docs only show positional arrays,
 * so this order is our choice.
 */
function orderedKeys(text: string): string[] {
	const keys = extractPlaceholders(text);
	if (!keys.every((key) => /^\d+$/.test(key))) return keys;
	return [...keys].sort((a, b) => Number(a) - Number(b));
}

function findComponent(template: OctopodsTemplate, type: string): TemplateComponent | undefined {
	return (template.template_components ?? []).find((component) => component.type?.toUpperCase() === type);
}

/** A missing format means a text header (Meta's default). */
function headerFormat(header: TemplateComponent | undefined): string | undefined {
	return header ? (header.format ?? 'TEXT').toUpperCase() : undefined;
}

/** Only text headers hold variables; media headers take a URL instead, location headers nothing. */
function headerText(template: OctopodsTemplate): string | undefined {
	const header = findComponent(template, 'HEADER');
	return headerFormat(header) === 'TEXT' ? (header?.text ?? '') : undefined;
}

function mediaHeaderOf(template: OctopodsTemplate): MediaHeaderFormat | undefined {
	const format = headerFormat(findComponent(template, 'HEADER'));
	return format && MEDIA_FORMATS.includes(format) ? (format as MediaHeaderFormat) : undefined;
}

/** `template_body` duplicates the BODY component; it is the fallback when components lack one. */
function bodyText(template: OctopodsTemplate): string {
	return findComponent(template, 'BODY')?.text ?? template.template_body ?? '';
}

function footerText(template: OctopodsTemplate): string | undefined {
	return findComponent(template, 'FOOTER')?.text;
}

function buttonsOf(template: OctopodsTemplate): TemplateButton[] {
	return findComponent(template, 'BUTTONS')?.buttons ?? [];
}

/** A URL button holds at most one variable, at the end of its URL; other buttons hold none. */
function hasUrlVariable(button: TemplateButton): boolean {
	return button.type?.toUpperCase() === 'URL' && extractPlaceholders(button.url ?? '').length > 0;
}

export function describeTemplate(template: OctopodsTemplate): TemplateShape {
	const variables = [
		...textVariables('header', headerText(template) ?? ''),
		...textVariables('body', bodyText(template)),
		...buttonVariables(buttonsOf(template)),
	];
	return {
		variables,
		mediaHeader: mediaHeaderOf(template),
		counts: {
			header: countOf(variables, 'header'),
			body: countOf(variables, 'body'),
			buttons: countOf(variables, 'buttons'),
		},
	};
}

function textVariables(section: 'header' | 'body', text: string): TemplateVariable[] {
	return orderedKeys(text).map((key, position) => ({
		id: `${section}_${key}`,
		section,
		key,
		position,
		displayName: `${SECTION_LABELS[section]} {{${key}}}`,
		context: snippetAround(text, key),
	}));
}

/** Ids and keys use the position among all buttons, which is what users see in WhatsApp Manager. */
function buttonVariables(buttons: TemplateButton[]): TemplateVariable[] {
	const variables: TemplateVariable[] = [];
	buttons.forEach((button, index) => {
		if (!hasUrlVariable(button)) return;
		const number = index + 1;
		variables.push({
			id: `button_${number}_url`,
			section: 'buttons',
			key: String(number),
			position: variables.length,
			displayName: `Button ${number} URL Suffix`,
			context: button.url ?? '',
		});
	});
	return variables;
}

function countOf(variables: TemplateVariable[], section: VariableSection): number {
	return variables.filter((variable) => variable.section === section).length;
}

/** About CONTEXT_CHARS either side of the first `{{key}}`, cut at spaces, on one line. */
function snippetAround(text: string, key: string): string {
	const flat = text.replace(/\s+/g, ' ');
	const match = [...flat.matchAll(PLACEHOLDER)].find((candidate) => candidate[1] === key);
	const at = match?.index ?? 0;
	const matchEnd = at + (match?.[0].length ?? 0);
	let start = Math.max(0, at - CONTEXT_CHARS);
	let end = Math.min(flat.length, matchEnd + CONTEXT_CHARS);
	const spaceAfterStart = flat.indexOf(' ', start);
	if (start > 0 && spaceAfterStart !== -1 && spaceAfterStart < at) start = spaceAfterStart + 1;
	const spaceBeforeEnd = flat.lastIndexOf(' ', end);
	if (end < flat.length && spaceBeforeEnd > matchEnd) end = spaceBeforeEnd;
	return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

/** Replaces each `{{key}}` by its value; keys without a value stay visible as `{{key}}`. */
function fill(text: string, keys: string[], values: string[] | undefined): string {
	// A replacer function, so `$&` or `$1` in a value is taken literally.
	return text.replace(PLACEHOLDER, (placeholder, key: string) => values?.[keys.indexOf(key)] ?? placeholder);
}

export function renderPreview(
	template: OctopodsTemplate,
	vars: MessageVariables,
	headerAttachmentUrl?: string,
): RenderedPreview {
	const body = bodyText(template);
	const preview: RenderedPreview = { body: fill(body, orderedKeys(body), vars.body) };
	const header = renderHeader(template, vars, headerAttachmentUrl);
	if (header !== undefined) preview.header = header;
	const footer = footerText(template);
	if (footer !== undefined) preview.footer = footer;
	const buttons = renderButtons(buttonsOf(template), vars.buttons ?? []);
	if (buttons.length > 0) preview.buttons = buttons;
	return preview;
}

function renderHeader(
	template: OctopodsTemplate,
	vars: MessageVariables,
	headerAttachmentUrl: string | undefined,
): string | undefined {
	const format = headerFormat(findComponent(template, 'HEADER'));
	if (format === undefined) return undefined;
	if (format !== 'TEXT') return `[${format}] ${headerAttachmentUrl?.trim() ?? ''}`.trim();
	const text = headerText(template) ?? '';
	return fill(text, orderedKeys(text), vars.header);
}

function renderButtons(buttons: TemplateButton[], suffixes: string[]): string[] {
	let suffixIndex = 0;
	return buttons.map((button) => {
		if (hasUrlVariable(button)) {
			const url = button.url ?? '';
			return `${button.text} (${fill(url, extractPlaceholders(url), [suffixes[suffixIndex++]])})`;
		}
		const target = button.url ?? button.phone_number;
		return target ? `${button.text} (${target})` : button.text;
	});
}

/**
 * Checks values against the template before sending, naming the field at fault.
 *
 * Enforced: what Octopods documents (a value for each variable, no extra values, a media URL for
 * media headers) and obviously broken input (empty values, a media URL that is not http(s), a line
 * break in a header value or URL suffix: headers are one line and a URL cannot hold one).
 * Not enforced: Meta's finer parameter rules (e.g. newlines or long runs of spaces in body values),
 * which Octopods does not document; the API reports those itself. A media URL given for a
 * non-media header is ignored rather than refused, as the docs say nothing against it.
 */
export function checkVariables(
	template: OctopodsTemplate,
	vars: MessageVariables,
	headerAttachmentUrl?: string,
	mediaUrlField?: string,
): void {
	const shape = describeTemplate(template);
	if (shape.mediaHeader) {
		const field = mediaUrlField ?? mediaUrlFieldName(shape.mediaHeader);
		checkMediaUrl(template, shape.mediaHeader, headerAttachmentUrl, field);
	}
	for (const section of SECTIONS) checkCount(template, section, shape.counts[section], vars[section] ?? []);
	for (const variable of shape.variables) {
		checkValue(template, variable, vars[variable.section], shape.counts[variable.section]);
	}
}

function checkMediaUrl(template: OctopodsTemplate, format: MediaHeaderFormat, url: string | undefined, field: string): void {
	const trimmed = url?.trim() ?? '';
	const media = format.toLowerCase();
	if (trimmed === '') {
		throw new TemplateVariablesError(
			field,
			`The template "${template.template_name}" has a${format === 'IMAGE' ? 'n' : ''} ${format} header: set ${field} to a public http(s) link to the ${media}`,
		);
	}
	if (!isHttpUrl(trimmed)) {
		throw new TemplateVariablesError(
			field,
			`${field} "${trimmed}" is not an http(s) link: the ${format} header needs a public URL starting with https:// or http://`,
		);
	}
}

function isHttpUrl(text: string): boolean {
	try {
		const { protocol } = new URL(text);
		return protocol === 'https:' || protocol === 'http:';
	} catch {
		return false;
	}
}

function checkCount(template: OctopodsTemplate, section: VariableSection, expected: number, given: string[]): void {
	if (given.length <= expected) return;
	throw new TemplateVariablesError(SECTION_LABELS[section], countMismatch(template, section, expected, given.length));
}

/** 'The template "appointment_1" body has 2 variables; 3 were given'. */
function countMismatch(template: OctopodsTemplate, section: VariableSection, expected: number, given: number): string {
	const subject = section === 'buttons' ? 'has' : `${section} has`;
	const noun = section === 'buttons' ? 'URL button variable' : 'variable';
	const plural = expected === 1 ? '' : 's';
	const count = expected === 0 ? `no ${noun}s` : `${expected} ${noun}${plural}`;
	return `The template "${template.template_name}" ${subject} ${count}; ${given} ${given === 1 ? 'was' : 'were'} given`;
}

function checkValue(template: OctopodsTemplate, variable: TemplateVariable, given: string[] | undefined, expected: number): void {
	const name = variable.displayName;
	const value = given?.[variable.position];
	const where = `${name} fills "${variable.context}"`;
	if (value === undefined) {
		const mismatch = countMismatch(template, variable.section, expected, given?.length ?? 0);
		throw new TemplateVariablesError(name, `${name} is missing. ${mismatch} (${where})`);
	}
	if (value.trim() === '') {
		throw new TemplateVariablesError(
			name,
			`${name} is empty: every variable of the template "${template.template_name}" needs a value (${where})`,
		);
	}
	if (variable.section !== 'body' && /[\r\n]/.test(value)) {
		const why = variable.section === 'header' ? 'a template header is a single line' : `it is appended to the URL ${variable.context}`;
		throw new TemplateVariablesError(
			name,
			`${name} contains a line break, which is probably a mistake: ${why}`,
		);
	}
}

/**
 * Resource mapper values (keyed by `TemplateVariable.id`) to `message_variables`. Numbers and
 * booleans become text; missing values become '' so that `checkVariables` names them.
 */
export function variablesFromFields(shape: TemplateShape, fields: Record<string, unknown>): MessageVariables {
	const result: MessageVariables = {};
	for (const section of SECTIONS) {
		const variables = shape.variables.filter((variable) => variable.section === section);
		if (variables.length === 0) continue;
		const values = new Array<string>(variables.length).fill('');
		for (const variable of variables) values[variable.position] = asText(fields[variable.id], variable.displayName);
		result[section] = values;
	}
	return result;
}

function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	// "[object Object]" would be sent to the customer: refuse instead.
	throw new TemplateVariablesError(field, `${field} must be text or a number, not ${describeType(value)}`);
}

/**
 * `message_variables` written as JSON per item: an object `{header?, body?, buttons?}` of arrays,
 * the same as a JSON string, or a plain array (the legacy form, body only). Nothing → no variables.
 */
export function parseVariablesJson(input: unknown): MessageVariables {
	const value = typeof input === 'string' ? parseJsonText(input) : input;
	if (value === undefined || value === null) return {};
	if (Array.isArray(value)) return withoutEmptySections({ body: arrayOfText(value, 'body') });
	if (typeof value !== 'object') {
		throw new TemplateVariablesError(
			JSON_FIELD,
			`${JSON_FIELD} must be an object like {"header": ["…"], "body": ["…", "…"]} or a list of body values, not ${describeType(value)}`,
		);
	}
	return variablesFromObject(value as Record<string, unknown>);
}

function parseJsonText(text: string): unknown {
	if (text.trim() === '') return undefined;
	const parsed = parseJson(text);
	if (parsed.ok) return parsed.value;
	throw new TemplateVariablesError(
		JSON_FIELD,
		`${JSON_FIELD} is not valid JSON (${parsed.error.message}): write e.g. {"body": ["Ana", "12:30"]}`,
	);
}

function variablesFromObject(object: Record<string, unknown>): MessageVariables {
	// The 2026 articles write every section, footer included: an empty footer is accepted (footers hold no variables).
	const { footer, ...sections } = object;
	if (footer !== undefined && !(Array.isArray(footer) && footer.length === 0)) {
		throw new TemplateVariablesError(JSON_FIELD, `${JSON_FIELD}: "footer" must be an empty list: template footers hold no variables`);
	}
	object = sections;
	const unknownKey = Object.keys(object).find((key) => !(SECTIONS as string[]).includes(key));
	if (unknownKey !== undefined) {
		// Catches typos such as "Body" or "button", which would otherwise send no variables at all.
		throw new TemplateVariablesError(
			JSON_FIELD,
			`${JSON_FIELD} has an unknown key "${unknownKey}": use only "header", "body", "buttons" (and an empty "footer")`,
		);
	}
	const result: MessageVariables = {};
	for (const section of SECTIONS) {
		const values = object[section];
		if (values === undefined || values === null) continue;
		if (!Array.isArray(values)) {
			throw new TemplateVariablesError(
				JSON_FIELD,
				`${JSON_FIELD}: "${section}" must be a list, e.g. "${section}": ["value"], not ${describeType(values)}`,
			);
		}
		result[section] = arrayOfText(values, section);
	}
	return withoutEmptySections(result);
}

/** JSON values of a section to text; null becomes '' so `checkVariables` reports it by name. */
function arrayOfText(values: unknown[], section: VariableSection): string[] {
	return values.map((value, index) => {
		if (value === null) return '';
		if (typeof value === 'string') return value;
		if (typeof value === 'number' || typeof value === 'boolean') return String(value);
		const field = `${section}[${index}]`;
		throw new TemplateVariablesError(
			field,
			`${JSON_FIELD}: ${field} must be text or a number, not ${describeType(value)}`,
		);
	});
}

function withoutEmptySections(variables: MessageVariables): MessageVariables {
	const result: MessageVariables = {};
	for (const section of SECTIONS) {
		const values = variables[section];
		if (values && values.length > 0) result[section] = values;
	}
	return result;
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
