/**
 * Validation of `waba_interactive_message` against WhatsApp's limits (NOTES.md, Meta's interactive docs).
 * Lengths count graphemes, so an emoji with a skin tone is one character, as WhatsApp shows it.
 */
import { badRequest, ErrorCode, type ApiError } from './errors';
import { describeType, graphemeLength, isHttpUrl, isJsonObject, type JsonObject } from './validation';

export const INTERACTIVE_TYPES = ['button', 'list', 'cta_url', 'product', 'product_list', 'flow', 'catalog_message'] as const;
type InteractiveType = (typeof INTERACTIVE_TYPES)[number];

const ROOT = 'waba_interactive_message';
const MEDIA_HEADERS = ['image', 'video', 'document'];

/** Header types per message type; product_list must have one, product and catalog_message may not. */
const HEADER_RULES: Record<InteractiveType, { allowed: readonly string[]; required: boolean }> = {
	button: { allowed: ['text', ...MEDIA_HEADERS], required: false },
	list: { allowed: ['text'], required: false },
	cta_url: { allowed: ['text', ...MEDIA_HEADERS], required: false },
	product: { allowed: [], required: false },
	product_list: { allowed: ['text'], required: true },
	flow: { allowed: ['text', ...MEDIA_HEADERS], required: false },
	catalog_message: { allowed: [], required: false },
};

const invalid = (message: string): ApiError => badRequest(ErrorCode.TypeMismatch, message);

/** The payload may arrive as an object or as a JSON string (NOTES.md). */
export function parseInteractivePayload(value: unknown): JsonObject {
	if (value === undefined || value === null) {
		throw badRequest(ErrorCode.ArgumentMissing, `${ROOT} is missing.`);
	}
	let payload = value;
	if (typeof value === 'string') {
		try {
			payload = JSON.parse(value);
		} catch {
			throw invalid(`${ROOT} is a string but not valid JSON.`);
		}
	}
	if (!isJsonObject(payload)) {
		throw invalid(`${ROOT} must be an object or a JSON string of one (got ${describeType(payload)}).`);
	}
	return payload;
}

export function validateInteractive(payload: JsonObject): void {
	const type = payload.type;
	if (typeof type !== 'string' || !(INTERACTIVE_TYPES as readonly string[]).includes(type)) {
		throw invalid(`${ROOT}.type must be one of ${INTERACTIVE_TYPES.join(', ')} (got ${shown(type)}).`);
	}
	const interactiveType = type as InteractiveType;
	validateHeader(interactiveType, payload.header);
	// Meta: body is optional only for single-product messages.
	if (interactiveType !== 'product' || payload.body !== undefined) {
		const body = objectAt(payload.body, `${ROOT}.body`);
		textAt(body.text, `${ROOT}.body.text`, interactiveType === 'list' ? 4096 : 1024);
	}
	if (payload.footer !== undefined) {
		textAt(objectAt(payload.footer, `${ROOT}.footer`).text, `${ROOT}.footer.text`, 60);
	}
	ACTION_CHECKS[interactiveType](objectAt(payload.action, `${ROOT}.action`));
}

function validateHeader(type: InteractiveType, value: unknown): void {
	const rule = HEADER_RULES[type];
	const path = `${ROOT}.header`;
	if (value === undefined) {
		if (rule.required) throw invalid(`${path} is required for ${type} messages.`);
		return;
	}
	if (rule.allowed.length === 0) throw invalid(`${path} is not allowed for ${type} messages.`);
	const header = objectAt(value, path);
	if (typeof header.type !== 'string' || !rule.allowed.includes(header.type)) {
		throw invalid(`${path}.type must be ${rule.allowed.join(' or ')} for ${type} messages (got ${shown(header.type)}).`);
	}
	if (header.type === 'text') {
		textAt(header.text, `${path}.text`, 60);
		return;
	}
	const media = objectAt(header[header.type], `${path}.${header.type}`);
	if (media.link !== undefined) {
		if (!isHttpUrl(media.link)) throw invalid(`${path}.${header.type}.link must be an http(s) URL.`);
	} else if (typeof media.id !== 'string' || media.id === '') {
		throw invalid(`${path}.${header.type} needs a link (http(s) URL) or a media id.`);
	}
}

const ACTION_CHECKS: Record<InteractiveType, (action: JsonObject) => void> = {
	button: checkReplyButtons,
	list: checkList,
	cta_url: checkCtaUrl,
	product: (action) => {
		textAt(action.catalog_id, `${ROOT}.action.catalog_id`, Infinity);
		textAt(action.product_retailer_id, `${ROOT}.action.product_retailer_id`, Infinity);
	},
	product_list: checkProductList,
	flow: (action) => {
		expectName(action, 'flow');
		objectAt(action.parameters, `${ROOT}.action.parameters`);
	},
	catalog_message: (action) => expectName(action, 'catalog_message'),
};

function checkReplyButtons(action: JsonObject): void {
	const buttons = arrayAt(action.buttons, `${ROOT}.action.buttons`, 1, 3);
	const ids = new Set<string>();
	const titles = new Set<string>();
	buttons.forEach((item, index) => {
		const path = `${ROOT}.action.buttons[${index}]`;
		const button = objectAt(item, path);
		if (button.type !== 'reply') throw invalid(`${path}.type must be "reply".`);
		const reply = objectAt(button.reply, `${path}.reply`);
		unique(ids, textAt(reply.id, `${path}.reply.id`, 256), `${path}.reply.id`);
		unique(titles, textAt(reply.title, `${path}.reply.title`, 20), `${path}.reply.title`);
	});
}

/** A call-to-action URL button (Meta's cta_url): a label up to 20 characters and an http(s) URL. */
function checkCtaUrl(action: JsonObject): void {
	expectName(action, 'cta_url');
	const parameters = objectAt(action.parameters, `${ROOT}.action.parameters`);
	textAt(parameters.display_text, `${ROOT}.action.parameters.display_text`, 20);
	if (!isHttpUrl(parameters.url)) throw invalid(`${ROOT}.action.parameters.url must be an http(s) URL.`);
}

function checkList(action: JsonObject): void {
	textAt(action.button, `${ROOT}.action.button`, 20);
	const sections = arrayAt(action.sections, `${ROOT}.action.sections`, 1, 10);
	const ids = new Set<string>();
	let rowCount = 0;
	sections.forEach((item, sectionIndex) => {
		const path = `${ROOT}.action.sections[${sectionIndex}]`;
		const section = objectAt(item, path);
		if (section.title === undefined && sections.length > 1) {
			throw invalid(`${path}.title is required when there is more than one section.`);
		}
		if (section.title !== undefined) textAt(section.title, `${path}.title`, 24);
		const rows = arrayAt(section.rows, `${path}.rows`, 1, 10);
		rows.forEach((rowItem, rowIndex) => {
			const rowPath = `${path}.rows[${rowIndex}]`;
			const row = objectAt(rowItem, rowPath);
			unique(ids, textAt(row.id, `${rowPath}.id`, 200), `${rowPath}.id`);
			textAt(row.title, `${rowPath}.title`, 24);
			if (row.description !== undefined) textAt(row.description, `${rowPath}.description`, 72);
		});
		rowCount += rows.length;
	});
	if (rowCount > 10) {
		throw invalid(`${ROOT}.action.sections hold ${rowCount} rows in all; WhatsApp allows at most 10.`);
	}
}

function checkProductList(action: JsonObject): void {
	textAt(action.catalog_id, `${ROOT}.action.catalog_id`, Infinity);
	const sections = arrayAt(action.sections, `${ROOT}.action.sections`, 1, 10);
	let itemCount = 0;
	sections.forEach((item, sectionIndex) => {
		const path = `${ROOT}.action.sections[${sectionIndex}]`;
		const section = objectAt(item, path);
		textAt(section.title, `${path}.title`, 24);
		const products = arrayAt(section.product_items, `${path}.product_items`, 1, 30);
		products.forEach((product, index) => {
			const productPath = `${path}.product_items[${index}]`;
			textAt(objectAt(product, productPath).product_retailer_id, `${productPath}.product_retailer_id`, Infinity);
		});
		itemCount += products.length;
	});
	if (itemCount > 30) {
		throw invalid(`${ROOT}.action.sections hold ${itemCount} products in all; WhatsApp allows at most 30.`);
	}
}

function expectName(action: JsonObject, name: string): void {
	if (action.name !== name) throw invalid(`${ROOT}.action.name must be "${name}".`);
}

function unique(seen: Set<string>, value: string, path: string): void {
	if (seen.has(value)) throw invalid(`${path} "${value}" is used twice; each must be unique.`);
	seen.add(value);
}

function shown(value: unknown): string {
	return JSON.stringify(value) ?? 'nothing';
}

function objectAt(value: unknown, path: string): JsonObject {
	if (value === undefined || value === null) throw invalid(`${path} is required.`);
	if (!isJsonObject(value)) throw invalid(`${path} must be an object (got ${describeType(value)}).`);
	return value;
}

function arrayAt(value: unknown, path: string, min: number, max: number): unknown[] {
	if (value === undefined || value === null) throw invalid(`${path} is required.`);
	if (!Array.isArray(value)) throw invalid(`${path} must be an array (got ${describeType(value)}).`);
	if (value.length < min || value.length > max) {
		throw invalid(`${path} must hold ${min} to ${max} items (got ${value.length}).`);
	}
	return value;
}

/** A required, non-blank string of at most `max` characters as a person counts them. */
function textAt(value: unknown, path: string, max: number): string {
	if (value === undefined || value === null) throw invalid(`${path} is required.`);
	if (typeof value !== 'string') throw invalid(`${path} must be a string (got ${describeType(value)}).`);
	if (value.trim() === '') throw invalid(`${path} must not be empty.`);
	const length = graphemeLength(value);
	if (length > max) throw invalid(`${path} is ${length} characters long; WhatsApp allows at most ${max}.`);
	return value;
}
