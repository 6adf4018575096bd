/** Checks shared by both send endpoints; failures throw ApiError with the documented codes. */
import { badRequest, ErrorCode } from './errors';

export type JsonObject = Record<string, unknown>;

/** E.164 as the docs demand it: '+', a country code not starting with 0, 7-15 digits, no separators. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** `{{1}}` or `{{first_name}}`, the two variable styles Meta accepts in templates. */
const TEMPLATE_VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as a JSON object; anything else is a type mismatch (code 2). */
export function parseJsonObject(rawBody: string): JsonObject {
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody);
	} catch {
		throw badRequest(ErrorCode.TypeMismatch, 'Payload must be in JSON: the request body could not be parsed.');
	}
	if (!isJsonObject(parsed)) {
		throw badRequest(ErrorCode.TypeMismatch, 'Payload must be a JSON object.');
	}
	return parsed;
}

/** Validates `destination_phone` and returns it as the API echoes it back: digits without '+'. */
export function requireDestinationPhone(body: JsonObject): string {
	const phone = body.destination_phone;
	if (phone === undefined || phone === null || phone === '') {
		throw badRequest(ErrorCode.ArgumentMissing, 'destination_phone is missing.');
	}
	if (typeof phone !== 'string') {
		throw badRequest(ErrorCode.TypeMismatch, `destination_phone must be a string (got ${describeType(phone)}).`);
	}
	if (!E164.test(phone)) {
		throw badRequest(
			ErrorCode.InvalidPhone,
			`Invalid phone number: destination_phone must be in E.164 format, e.g. +353838000000 (got "${phone}").`,
		);
	}
	return phone.slice(1);
}

export function optionalField(body: JsonObject, field: string, type: 'string' | 'boolean'): void {
	const value = body[field];
	if (value !== undefined && typeof value !== type) {
		throw badRequest(ErrorCode.TypeMismatch, `${field} must be a ${type} (got ${describeType(value)}).`);
	}
}

/** Length as a person sees it: an emoji with a skin tone or a flag is one character, not 2-4 code units. */
export function graphemeLength(text: string): number {
	return Array.from(graphemes.segment(text)).length;
}

export function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** Distinct variable names in order of first appearance: a repeated `{{1}}` is supplied once. */
export function distinctVariables(text: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(TEMPLATE_VARIABLE)) {
		if (!names.includes(match[1])) names.push(match[1]);
	}
	return names;
}

export function describeType(value: unknown): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'array' : typeof value;
}
