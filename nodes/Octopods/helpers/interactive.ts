/**
 * Builds and checks WhatsApp interactive messages (reply buttons, lists, raw JSON) before they go to
 * Octopods, so a mistake is reported by field and limit instead of as a vague HTTP 400 after sending.
 * Pure logic without n8n imports: the node turns InteractiveValidationError into an n8n error.
 */
import { parseJson } from './json';

/** WhatsApp's limits, in characters as a person sees them (see countCharacters). */
export const LIMITS = {
	buttons: { min: 1, max: 3 },
	buttonTitle: 20,
	buttonId: 256,
	body: 1024,
	// Meta's newest page allows 4096 for list bodies, older pages and most SDKs 1024. A 1024-character
	// body passes everywhere, while a longer one may be refused by a path still on the older rule.
	listBody: 1024,
	headerText: 60,
	footer: 60,
	listButtonLabel: 20,
	sections: 10,
	rows: { min: 1, max: 10 },
	rowTitle: 24,
	rowDescription: 72,
	rowId: 200,
	sectionTitle: 24,
} as const;

export class InteractiveValidationError extends Error {
	/** The field at fault as the user knows it, e.g. 'Button 2 title'. */
	readonly field: string;

	constructor(field: string, message: string) {
		super(message);
		this.name = 'InteractiveValidationError';
		this.field = field;
	}
}

export type MediaHeaderType = 'image' | 'video' | 'document';

export interface ReplyButtonsInput {
	body: string;
	header?: { type: 'text'; text: string } | { type: MediaHeaderType; url: string; filename?: string };
	footer?: string;
	buttons: Array<{ title: string; id?: string }>;
}

export interface ListInput {
	body: string;
	header?: string;
	footer?: string;
	buttonLabel: string;
	sections: Array<{
		title?: string;
		/** `position`: the row's place in a flat list the user edits (the node's Rows), for errors. */
		rows: Array<{ id?: string; title: string; description?: string; position?: number }>;
	}>;
}

export type WabaInteractiveMessage = { type: string; [key: string]: unknown };

type JsonObject = Record<string, unknown>;

/** Normalised shapes shared by the builders and JSON mode, so both run the very same checks. */
interface ButtonFields {
	title: string;
	id: string;
}

interface RowFields {
	id: string;
	title: string;
	/** '' when there is none. */
	description: string;
	/** 1-based place in the flat Rows list of the builder; undefined for JSON (nested sections). */
	position?: number;
}

interface SectionFields {
	/** '' when there is none. */
	title: string;
	rows: RowFields[];
}

// ---------------------------------------------------------------------------------------------
// Counting and generic checks

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a person sees them: an emoji, a flag, a ZWJ family or an accented letter count once. */
export function countCharacters(text: string): number {
	return Array.from(graphemes.segment(text)).length;
}

/** At most `max` characters as a person sees them, the last being `ellipsis` when cut: never half an emoji. */
export function shortenText(text: string, max: number, ellipsis = '…'): string {
	const characters = Array.from(graphemes.segment(text), (part) => part.segment);
	if (characters.length <= max) return text;
	return characters.slice(0, Math.max(0, max - countCharacters(ellipsis))).join('') + ellipsis;
}

function fail(field: string, message: string): never {
	throw new InteractiveValidationError(field, message);
}

function checkText(value: string, field: string, max: number, required = true): void {
	if (required && value.trim() === '') fail(field, `${field} is empty; WhatsApp needs 1 to ${max} characters`);
	const length = countCharacters(value);
	if (length > max) fail(field, `${field} is ${length} characters; WhatsApp allows ${max}`);
}

function checkCount(count: number, range: { min: number; max: number }, field: string, phrase: string): void {
	if (count < range.min || count > range.max) {
		fail(field, `${phrase}; WhatsApp allows ${range.min} to ${range.max}`);
	}
}

/** Positions (0-based) of the first value that appears twice. */
function findDuplicate(values: readonly string[]): [number, number] | undefined {
	const firstSeen = new Map<string, number>();
	for (const [index, value] of values.entries()) {
		const earlier = firstSeen.get(value);
		if (earlier !== undefined) return [earlier, index];
		firstSeen.set(value, index);
	}
	return undefined;
}

function isHttpUrl(text: string): boolean {
	try {
		const { protocol } = new URL(text);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}

function checkMediaUrl(url: string, field: string): void {
	if (url.trim() === '') fail(field, `${field} is empty; a media header needs a public http(s) link`);
	if (!isHttpUrl(url)) fail(field, `${field} must be an http(s) link; got ${JSON.stringify(url)}`);
}

// ---------------------------------------------------------------------------------------------
// Rules shared by the builders and JSON mode

function checkBodyAndFooter(body: string, footer: string, bodyLimit: number): void {
	checkText(body, 'Body', bodyLimit);
	checkText(footer, 'Footer', LIMITS.footer, false);
}

function validateButtons(buttons: readonly ButtonFields[]): void {
	checkCount(buttons.length, LIMITS.buttons, 'Buttons', `There are ${buttons.length} buttons`);
	buttons.forEach((button, index) => {
		checkText(button.title, `Button ${index + 1} title`, LIMITS.buttonTitle);
		checkText(button.id, `Button ${index + 1} ID`, LIMITS.buttonId);
	});
	checkUniqueButtonValues(buttons.map((button) => button.title), 'Button titles');
	checkUniqueButtonValues(buttons.map((button) => button.id), 'Button IDs');
}

// Exact comparison: it is what WhatsApp rejects, and "Yes" next to "yes" is still a valid message.
function checkUniqueButtonValues(values: readonly string[], what: string): void {
	const duplicate = findDuplicate(values);
	if (!duplicate) return;
	const [first, second] = duplicate;
	fail(
		what,
		`${what} must be unique: buttons ${first + 1} and ${second + 1} are both ${JSON.stringify(values[first])}`,
	);
}

function validateSections(sections: readonly SectionFields[]): void {
	const sectionRange = { min: 1, max: LIMITS.sections };
	checkCount(sections.length, sectionRange, 'Sections', `The list has ${sections.length} sections`);
	const rowCount = sections.reduce((total, section) => total + section.rows.length, 0);
	checkCount(rowCount, LIMITS.rows, 'Rows', `The list has ${rowCount} rows across all sections`);
	sections.forEach((section, index) => validateSection(section, index + 1, sections.length > 1));
	checkUniqueRowIds(sections);
}

function validateSection(section: SectionFields, position: number, titleRequired: boolean): void {
	const field = `List section ${position} title`;
	if (titleRequired && section.title.trim() === '') {
		fail(field, `${field} is empty; WhatsApp needs a title on every section when the list has more than one`);
	}
	checkText(section.title, field, LIMITS.sectionTitle, false);
	if (section.rows.length === 0) {
		const rowsField = `List section ${position} rows`;
		fail(rowsField, `List section ${position} has no rows; WhatsApp needs at least 1 in each section`);
	}
	section.rows.forEach((row, index) => validateRow(row, `List ${rowLabel(row, index, position, section.title)}`));
}

/**
 * Where a row is, as the user entered it: "row 4 (section "Next week")" in the builder's flat Rows
 * list; "row 3 of section 2" in JSON, where rows sit inside their sections.
 */
function rowLabel(row: RowFields, index: number, sectionPosition: number, sectionTitle: string): string {
	if (row.position === undefined) return `row ${index + 1} of section ${sectionPosition}`;
	return sectionTitle ? `row ${row.position} (section ${JSON.stringify(sectionTitle)})` : `row ${row.position}`;
}

function validateRow(row: RowFields, where: string): void {
	checkText(row.title, `${where}: title`, LIMITS.rowTitle);
	checkText(row.description, `${where}: description`, LIMITS.rowDescription, false);
	checkText(row.id, `${where}: ID`, LIMITS.rowId);
}

function checkUniqueRowIds(sections: readonly SectionFields[]): void {
	const rows = sections.flatMap((section, sectionIndex) =>
		section.rows.map((row, rowIndex) => ({
			id: row.id,
			where: rowLabel(row, rowIndex, sectionIndex + 1, section.title),
		})),
	);
	const duplicate = findDuplicate(rows.map((row) => row.id));
	if (!duplicate) return;
	const [first, second] = duplicate.map((index) => rows[index]);
	fail(
		'List row IDs',
		`List row IDs must be unique: ${first.where} and ${second.where} are both ${JSON.stringify(first.id)}`,
	);
}

// ---------------------------------------------------------------------------------------------
// Default IDs

const LATIN_LETTERS_WITHOUT_DECOMPOSITION: Record<string, string> = {
	ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i',
};
const MAX_SLUG_LENGTH = 64;

function slugify(title: string): string {
	return title
		.normalize('NFKD')
		.toLowerCase()
		.replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD
		.replace(/[ßæœøđðłþı]/g, (letter) => LATIN_LETTERS_WITHOUT_DECOMPOSITION[letter] ?? '')
		.replace(/['’]/g, '') // "Don't" → "dont", not "don_t"
		.replace(/[^a-z0-9]+/g, '_')
		.slice(0, MAX_SLUG_LENGTH)
		.replace(/^_+|_+$/g, '');
}

/**
 * The ID used when the user leaves it empty: a slug of the title ('Talk to a human' →
 * 'talk_to_a_human'), or '<kind>_<position>' when the title has no latin letters or digits, with a
 * numeric suffix when already taken. Pure (it does not add to `taken`), so the same inputs always
 * give the same ID and a workflow can rely on it when routing replies.
 */
export function defaultIdFromTitle(
	title: string,
	position: number,
	taken: Set<string>,
	kind: 'button' | 'row' = 'button',
): string {
	const base = slugify(title) || `${kind}_${position}`;
	if (!taken.has(base)) return base;
	for (let suffix = 2; ; suffix++) {
		const candidate = `${base}_${suffix}`;
		if (!taken.has(candidate)) return candidate;
	}
}

/** Fills empty IDs, keeping clear of every ID the user typed, wherever it comes in the list. */
function fillDefaultIds<T extends { title: string; id: string }>(items: readonly T[], kind: 'button' | 'row'): T[] {
	const taken = new Set(items.map((item) => item.id).filter((id) => id !== ''));
	return items.map((item, index) => {
		if (item.id !== '') return item;
		const id = defaultIdFromTitle(item.title, index + 1, taken, kind);
		taken.add(id);
		return { ...item, id };
	});
}

// ---------------------------------------------------------------------------------------------
// Builders

/**
 * Builders send trimmed text: n8n expressions often carry a stray space or newline, WhatsApp counts
 * what it receives, and trimming makes the checked value and the sent value the same.
 */
function clean(value: string | undefined): string {
	return String(value ?? '').trim();
}

const MEDIA_HEADER_TYPES: readonly string[] = ['image', 'video', 'document'];

function buildButtonHeader(header: ReplyButtonsInput['header']): JsonObject | undefined {
	if (!header) return undefined;
	if (header.type === 'text') {
		// Chosen on purpose, so an empty text (an expression without a value) is an error, not a silent drop.
		const text = clean(header.text);
		checkText(text, 'Header text', LIMITS.headerText);
		return { type: 'text', text };
	}
	if (!MEDIA_HEADER_TYPES.includes(header.type)) {
		fail('Header type', `Header type must be text, image, video or document; got ${JSON.stringify(header.type)}`);
	}
	const link = clean(header.url);
	checkMediaUrl(link, `Header ${header.type} URL`);
	const media: Record<string, string> = { link };
	const filename = clean(header.filename);
	// Only Meta's document object takes a filename, so it is left off images and videos.
	if (header.type === 'document' && filename) media.filename = filename;
	return { type: header.type, [header.type]: media };
}

/** Assembles the message in the key order of Meta's and Octopods' examples. */
function assemble(
	type: string,
	header: JsonObject | undefined,
	body: string,
	footer: string,
	action: JsonObject,
): WabaInteractiveMessage {
	const message: WabaInteractiveMessage = { type };
	if (header) message.header = header;
	message.body = { text: body };
	if (footer) message.footer = { text: footer };
	message.action = action;
	return message;
}

export function buildReplyButtons(input: ReplyButtonsInput): WabaInteractiveMessage {
	const header = buildButtonHeader(input.header);
	const body = clean(input.body);
	const footer = clean(input.footer);
	checkBodyAndFooter(body, footer, LIMITS.body);
	const typed = (input.buttons ?? []).map((button) => ({ title: clean(button.title), id: clean(button.id) }));
	const buttons = fillDefaultIds(typed, 'button');
	validateButtons(buttons);
	return assemble('button', header, body, footer, {
		buttons: buttons.map(({ id, title }) => ({ type: 'reply', reply: { id, title } })),
	});
}

function cleanSections(sections: ListInput['sections']): SectionFields[] {
	const cleaned = (sections ?? []).map((section) => ({
		title: clean(section.title),
		rows: (section.rows ?? []).map((row) => ({
			id: clean(row.id),
			title: clean(row.title),
			description: clean(row.description),
			position: row.position,
		})),
	}));
	// Row IDs must be unique across the whole list, so defaults are filled over all rows at once.
	const rows = fillDefaultIds(cleaned.flatMap((section) => section.rows), 'row');
	let next = 0;
	return cleaned.map((section) => ({ ...section, rows: section.rows.map(() => rows[next++]) }));
}

function sectionPayload(section: SectionFields): JsonObject {
	const rows = section.rows.map(({ id, title, description }) =>
		description ? { id, title, description } : { id, title },
	);
	return section.title ? { title: section.title, rows } : { rows };
}

export function buildList(input: ListInput): WabaInteractiveMessage {
	const headerText = clean(input.header);
	checkText(headerText, 'Header text', LIMITS.headerText, false);
	const body = clean(input.body);
	const footer = clean(input.footer);
	checkBodyAndFooter(body, footer, LIMITS.listBody);
	const buttonLabel = clean(input.buttonLabel);
	checkText(buttonLabel, 'List button label', LIMITS.listButtonLabel);
	const sections = cleanSections(input.sections);
	validateSections(sections);
	const header = headerText ? { type: 'text', text: headerText } : undefined;
	return assemble('list', header, body, footer, { button: buttonLabel, sections: sections.map(sectionPayload) });
}

// ---------------------------------------------------------------------------------------------
// JSON mode: reading unknown input

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeKind(value: unknown): string {
	if (value === null || value === undefined) return String(value);
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

function readObject(value: unknown, field: string): JsonObject {
	if (value === undefined || value === null) fail(field, `${field} is missing`);
	if (!isObject(value)) fail(field, `${field} must be an object, not ${describeKind(value)}`);
	return value;
}

function readArray(value: unknown, field: string): unknown[] {
	if (value === undefined || value === null) fail(field, `${field} is missing`);
	if (!Array.isArray(value)) fail(field, `${field} must be an array, not ${describeKind(value)}`);
	return value;
}

/** The text as sent (JSON mode never changes the payload); '' when optional and absent. */
function readText(value: unknown, field: string, required: boolean): string {
	if (value === undefined || value === null) {
		if (required) fail(field, `${field} is missing`);
		return '';
	}
	if (typeof value !== 'string') fail(field, `${field} must be text, not ${describeKind(value)}`);
	return value;
}

function readBodyText(message: JsonObject, type: string): string {
	if (message.body === undefined) fail('Body', `Body is missing: ${type} messages need body.text`);
	return readText(readObject(message.body, 'Body').text, 'Body', true);
}

function readFooterText(message: JsonObject): string {
	return message.footer === undefined ? '' : readText(readObject(message.footer, 'Footer').text, 'Footer', true);
}

// ---------------------------------------------------------------------------------------------
// JSON mode: per-type rules

function validateJsonHeader(value: unknown, messageType: 'button' | 'list'): void {
	if (value === undefined) return;
	const header = readObject(value, 'Header');
	const type = readText(header.type, 'Header type', true);
	if (type === 'text') {
		return checkText(readText(header.text, 'Header text', true), 'Header text', LIMITS.headerText);
	}
	if (messageType === 'list') {
		fail('Header type', `List headers must be text; WhatsApp does not allow ${JSON.stringify(type)} headers on lists`);
	}
	if (!MEDIA_HEADER_TYPES.includes(type)) {
		fail('Header type', `Header type must be text, image, video or document; got ${JSON.stringify(type)}`);
	}
	const media = readObject(header[type], `Header ${type}`);
	// Meta takes either an uploaded media ID or a public link.
	if (typeof media.id === 'string' && media.id.trim() !== '') return;
	checkMediaUrl(readText(media.link, `Header ${type} link`, true), `Header ${type} link`);
}

function readJsonButton(value: unknown, position: number): ButtonFields {
	const button = readObject(value, `Button ${position}`);
	if (button.type !== 'reply') {
		fail(`Button ${position} type`, `Button ${position} type must be "reply"; got ${JSON.stringify(button.type)}`);
	}
	const reply = readObject(button.reply, `Button ${position} reply`);
	return {
		title: readText(reply.title, `Button ${position} title`, true),
		id: readText(reply.id, `Button ${position} ID`, true),
	};
}

function validateButtonJson(message: JsonObject): void {
	validateJsonHeader(message.header, 'button');
	checkBodyAndFooter(readBodyText(message, 'button'), readFooterText(message), LIMITS.body);
	const action = readObject(message.action, 'action');
	const buttons = readArray(action.buttons, 'action.buttons');
	validateButtons(buttons.map((button, index) => readJsonButton(button, index + 1)));
}

function readJsonSection(value: unknown, index: number): SectionFields {
	const section = readObject(value, `List section ${index + 1}`);
	const rows = readArray(section.rows, `List section ${index + 1} rows`).map((rowValue, rowIndex) => {
		const where = `List row ${rowIndex + 1} of section ${index + 1}`;
		const row = readObject(rowValue, where);
		return {
			id: readText(row.id, `${where}: ID`, true),
			title: readText(row.title, `${where}: title`, true),
			description: readText(row.description, `${where}: description`, false),
		};
	});
	return { title: readText(section.title, `List section ${index + 1} title`, false), rows };
}

function validateListJson(message: JsonObject): void {
	validateJsonHeader(message.header, 'list');
	checkBodyAndFooter(readBodyText(message, 'list'), readFooterText(message), LIMITS.listBody);
	const action = readObject(message.action, 'action');
	checkText(readText(action.button, 'List button label', true), 'List button label', LIMITS.listButtonLabel);
	validateSections(readArray(action.sections, 'action.sections').map(readJsonSection));
}

const KNOWN_TYPES = ['button', 'list', 'product', 'product_list', 'flow', 'catalog_message', 'cta_url'] as const;
type KnownType = (typeof KNOWN_TYPES)[number];

// Meta: body is optional for single-product messages only; catalog_message needs one as well.
const BODY_OPTIONAL: readonly KnownType[] = ['product'];
const HEADER_RULE: Partial<Record<KnownType, 'required' | 'forbidden'>> = {
	product_list: 'required',
	product: 'forbidden',
	catalog_message: 'forbidden',
};

function isKnownType(type: string): type is KnownType {
	return (KNOWN_TYPES as readonly string[]).includes(type);
}

function checkHeaderRule(message: JsonObject, type: KnownType): void {
	const rule = HEADER_RULE[type];
	const hasHeader = message.header !== undefined && message.header !== null;
	if (rule === 'required' && !hasHeader) fail('Header', `Header is required for ${type} messages`);
	if (rule === 'forbidden' && hasHeader) fail('Header', `Header is not allowed on ${type} messages; remove "header"`);
}

function validateKnownType(message: JsonObject, type: KnownType): void {
	checkHeaderRule(message, type);
	if (type === 'button') return validateButtonJson(message);
	if (type === 'list') return validateListJson(message);
	if (!BODY_OPTIONAL.includes(type)) readBodyText(message, type);
}

const typeShape = (type: string): string => type.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/s$/, '');

/**
 * Unknown types pass: Meta keeps adding interactive types (location_request_message,
 * address_message, …) that are sent the same way, and WhatsApp still refuses a wrong one with its own
 * error. Only near misses of a known type ('buttons', 'Product-List') are stopped here.
 */
function rejectNearMiss(type: string): void {
	if (type.trim() === '') {
		fail('type', `Interactive message "type" is empty; expected one of ${KNOWN_TYPES.join(', ')}`);
	}
	const meant = KNOWN_TYPES.find((known) => typeShape(known) === typeShape(type));
	if (meant) fail('type', `Interactive message type ${JSON.stringify(type)} is not valid; did you mean "${meant}"?`);
}

function hasStringType(message: JsonObject): message is WabaInteractiveMessage {
	return typeof message.type === 'string';
}

function readMessage(value: unknown): WabaInteractiveMessage {
	if (!isObject(value)) fail('JSON', `Interactive message JSON must be an object, not ${describeKind(value)}`);
	if (hasStringType(value)) return value;
	if (value.type !== undefined) {
		fail('type', `Interactive message "type" must be text, not ${describeKind(value.type)}`);
	}
	fail('type', `Interactive message JSON has no "type"; expected one of ${KNOWN_TYPES.join(', ')}`);
}

/**
 * Accepts the interactive payload as an object or JSON text, checks it, and returns it unchanged.
 * A body copied whole from Octopods' examples, `{"waba_interactive_message": {...}}`, is unwrapped.
 */
export function parseInteractiveJson(input: unknown): WabaInteractiveMessage {
	const value = typeof input === 'string' ? parseJsonText(input) : input;
	if (isObject(value) && value.type === undefined && Object.keys(value).join() === 'waba_interactive_message') {
		return parseInteractiveJson(value.waba_interactive_message);
	}
	const message = readMessage(value);
	if (isKnownType(message.type)) validateKnownType(message, message.type);
	else rejectNearMiss(message.type);
	return message;
}

// ---------------------------------------------------------------------------------------------
// JSON text

function parseJsonText(text: string): unknown {
	if (text.trim() === '') fail('JSON', 'Interactive message JSON is empty');
	const parsed = parseJson(text);
	if (parsed.ok) return parsed.value;
	throw invalidJsonError(text, parsed.error);
}

function invalidJsonError(text: string, error: SyntaxError): InteractiveValidationError {
	if (text.trim().startsWith('[object ')) {
		return new InteractiveValidationError(
			'JSON',
			`Interactive message JSON is "${text.trim()}": an object was turned into text. ` +
				'Pass the object itself, or use JSON.stringify() in the expression',
		);
	}
	const problem = findJsonSyntaxError(text);
	if (!problem) {
		return new InteractiveValidationError('JSON', `Interactive message JSON is invalid: ${error.message}`);
	}
	const lines = text.slice(0, problem.position).split('\n');
	const column = lines[lines.length - 1].length + 1;
	const where = `line ${lines.length}, column ${column} (position ${problem.position})`;
	return new InteractiveValidationError('JSON', `Interactive message JSON is invalid at ${where}: ${problem.reason}`);
}

interface JsonSyntaxProblem {
	position: number;
	reason: string;
}

class JsonScanStop extends Error {
	constructor(readonly problem: JsonSyntaxProblem) {
		super(problem.reason);
	}
}

/**
 * V8 leaves the position out of some messages ("Unexpected token … is not valid JSON"): find it.
 * Only a JsonScanStop locates the error; anything else (a nesting too deep for the call stack)
 * means no position, and the message keeps V8's own words.
 */
function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
	try {
		new JsonScanner(text).document();
		return undefined;
	} catch (stop: unknown) {
		return stop instanceof JsonScanStop ? stop.problem : undefined;
	}
}

/** A recursive-descent JSON checker that only locates the first syntax error. */
class JsonScanner {
	private position = 0;

	constructor(private readonly text: string) {}

	document(): void {
		this.value();
		this.skipWhitespace();
		if (this.position < this.text.length) this.stop(`unexpected ${this.describeNext()} after the end of the JSON`);
	}

	private value(): void {
		this.skipWhitespace();
		const next = this.text[this.position];
		if (next === '{') return this.container('}', () => this.property());
		if (next === '[') return this.container(']', () => this.value());
		if (next === '"') return this.string();
		if (/[-0-9]/.test(next ?? '')) return this.number();
		const literal = ['true', 'false', 'null'].find((word) => this.text.startsWith(word, this.position));
		if (!literal) this.stop(`expected a value but found ${this.describeNext()}`);
		this.position += literal.length;
	}

	private property(): void {
		this.skipWhitespace();
		if (this.text[this.position] !== '"') {
			this.stop(`expected a property name in double quotes but found ${this.describeNext()}`);
		}
		this.string();
		this.skipWhitespace();
		if (this.text[this.position] !== ':') {
			this.stop(`expected ":" after the property name but found ${this.describeNext()}`);
		}
		this.position++;
		this.value();
	}

	/** An object or array: items separated by commas, no trailing comma. */
	private container(closer: string, item: () => void): void {
		this.position++;
		this.skipWhitespace();
		if (this.text[this.position] === closer) {
			this.position++;
			return;
		}
		for (;;) {
			item();
			this.skipWhitespace();
			const next = this.text[this.position];
			if (next === closer) {
				this.position++;
				return;
			}
			if (next !== ',') this.stop(`expected "," or "${closer}" but found ${this.describeNext()}`);
			const comma = this.position++;
			this.skipWhitespace();
			if (this.text[this.position] === closer) this.stop(`a comma before "${closer}" is not allowed in JSON`, comma);
		}
	}

	private string(): void {
		const start = this.position++;
		for (;;) {
			const next = this.text[this.position];
			if (next === undefined) this.stop('a string starts here and is never closed', start);
			if (next === '"') {
				this.position++;
				return;
			}
			if (next < ' ') this.stop('a line break or control character inside a string must be escaped (e.g. \\n)');
			if (next === '\\') this.escape();
			else this.position++;
		}
	}

	private escape(): void {
		const letter = this.text[this.position + 1] ?? '';
		const hex = this.text.slice(this.position + 2, this.position + 6);
		const isUnicode = letter === 'u' && /^[0-9a-fA-F]{4}$/.test(hex);
		if (isUnicode) this.position += 6;
		else if (letter !== '' && '"\\/bfnrt'.includes(letter)) this.position += 2;
		else this.stop('invalid escape sequence in a string');
	}

	private number(): void {
		const pattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
		pattern.lastIndex = this.position;
		const match = pattern.exec(this.text);
		if (!match) this.stop('invalid number');
		this.position += match[0].length;
	}

	private skipWhitespace(): void {
		while (/[ \t\n\r]/.test(this.text[this.position] ?? '')) this.position++;
	}

	private describeNext(): string {
		const next = this.text[this.position];
		if (next === undefined) return 'the end of the text';
		if (next === "'") return "' (JSON needs double quotes)";
		return JSON.stringify(next);
	}

	private stop(reason: string, position = this.position): never {
		throw new JsonScanStop({ position, reason });
	}
}
