/**
 * Phone numbers to E.164, the only format Octopods accepts for `destination_phone`.
 *
 * Validity comes from libphonenumber-js with its `max` metadata, which knows the real number ranges
 * of each country (the `min` metadata only checks lengths). No n8n imports: callers turn
 * `PhoneNumberError` into their own errors.
 */
import {
	getCountries,
	getCountryCallingCode,
	isSupportedCountry,
	parseDigits,
	parsePhoneNumberFromString,
	validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';

export type PhoneErrorReason =
	| 'EMPTY'
	| 'NOT_A_NUMBER'
	| 'INVALID_COUNTRY'
	| 'TOO_SHORT'
	| 'TOO_LONG'
	| 'INVALID'
	| 'AMBIGUOUS_NO_PLUS';

/**
 * How to read digits written without `+` or `00` in front, e.g. `353838000000`.
 *
 * - `auto` (default), the safe choice:
 *   - without a Default Country: reject (`AMBIGUOUS_NO_PLUS`). The digits may be a national number
 *     written without its leading 0 (US numbers never have one), and nothing here can tell.
 *   - with a Default Country: try both readings, the national one in that country and the `+` one.
 *     Exactly one valid: use it. Both valid and the same number: use it. Both valid but different
 *     numbers: reject (`AMBIGUOUS_NO_PLUS`) rather than guess, because a message must never reach a
 *     stranger: `43664123456` is an Austrian mobile (+43 664…) and also a German landline written
 *     without its 0 (+49 4366…). Preferring the national reading, with Germany as Default Country,
 *     would send an Austrian customer's message to Germany; preferring `+` would do the reverse.
 *   - Neither valid: `INVALID`.
 * - `international`: always prefix `+` (e.g. data from WhatsApp, whose ids are digits without `+`).
 * - `national`: always read in the Default Country (an error without one).
 * - `reject`: always `AMBIGUOUS_NO_PLUS`.
 *
 * A leading single `0` is always national (no country code starts with 0), whatever this says.
 */
export type DigitsWithoutPlus = 'auto' | 'international' | 'national' | 'reject';

export interface NormalisePhoneOptions {
	/** ISO 3166 alpha-2, e.g. `IE`; `''` or missing = none. */
	defaultCountry?: string;
	/** Defaults to `auto`, see `DigitsWithoutPlus`. */
	digitsWithoutPlus?: DigitsWithoutPlus;
}

export interface NormalisedPhone {
	e164: string;
	/** Missing for non-geographic numbers such as +800. */
	country?: string;
	nationalNumber: string;
}

export class PhoneNumberError extends Error {
	readonly reason: PhoneErrorReason;
	/** The input as given, as text. */
	readonly input: string;

	constructor(reason: PhoneErrorReason, input: string, message: string) {
		super(message);
		this.name = 'PhoneNumberError';
		this.reason = reason;
		this.input = input;
	}
}

const EXAMPLE_NUMBER = '+353838000000';
const MAX_QUOTED_INPUT = 40;

const regionNames = new Intl.DisplayNames('en', { type: 'region' });

function countryName(country: string): string {
	return regionNames.of(country) ?? country;
}

/** For an n8n dropdown: "None" first, then every country libphonenumber knows, by name. */
export const PHONE_COUNTRY_OPTIONS: Array<{ name: string; value: string }> = [
	{ name: 'None (Require International Format)', value: '' },
	...getCountries()
		.map((country) => ({
			name: `${countryName(country)} (+${getCountryCallingCode(country)})`,
			value: country as string,
		}))
		.sort((a, b) => a.name.localeCompare(b.name, 'en')),
];

/**
 * Turns what users put in a phone field into E.164, or throws `PhoneNumberError`.
 * Accepts `whatsapp:` / `tel:` prefixes, separators (spaces, dashes, dots, parentheses), `00` as
 * the international prefix, and JS numbers. Digits without `+`: see `DigitsWithoutPlus`.
 */
export function normalisePhone(input: unknown, options: NormalisePhoneOptions = {}): NormalisedPhone {
	const raw = rawInput(inputAsText(input));
	const compact = compactNumber(raw);
	const defaultCountry = parseDefaultCountry(options.defaultCountry, raw);

	if (compact.startsWith('+')) return readInternational(compact.slice(1), raw);
	if (compact.startsWith('00')) return readInternational(compact.slice(2), raw);
	if (compact.startsWith('0')) return readNational(compact, defaultCountry, raw);
	return readDigitsWithoutPlus(compact, defaultCountry, options.digitsWithoutPlus ?? 'auto', raw);
}

/** The input as text, and as quoted in messages. */
interface RawInput {
	original: string;
	quoted: string;
}

function rawInput(original: string): RawInput {
	return { original, quoted: quote(original) };
}

function inputAsText(input: unknown): string {
	if (input === undefined || input === null) return '';
	if (typeof input === 'string') return input;
	if (typeof input === 'bigint') return input.toString();
	if (typeof input === 'number') {
		// Floats, negatives and numbers past 2^53 have already lost digits or were never numbers.
		if (Number.isSafeInteger(input) && input >= 0) return String(input);
		throw new PhoneNumberError(
			'NOT_A_NUMBER',
			String(input),
			`${input} is not a phone number: write digits with the country code, e.g. ${EXAMPLE_NUMBER}`,
		);
	}
	throw new PhoneNumberError(
		'NOT_A_NUMBER',
		String(input),
		`The phone number must be text or a number, not ${describeType(input)}: map the field that holds the recipient's number`,
	);
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Strips prefixes and separators; anything left but `+` and digits means it is not a number. */
function compactNumber(raw: RawInput): string {
	const withoutPrefix = raw.original.trim().replace(/^(?:whatsapp:|tel:)\s*/i, '');
	if (withoutPrefix === '') {
		throw new PhoneNumberError(
			'EMPTY',
			raw.original,
			`The phone number is empty: map the field that holds the recipient's number, written with its country code, e.g. ${EXAMPLE_NUMBER}`,
		);
	}
	const compact = withoutPrefix.replace(/[\s.()\-\u2010-\u2015]/g, '');
	// A shape check only (which characters); whether the digits form a real number is libphonenumber's call.
	if (!/^\+?\p{Nd}+$/u.test(compact)) {
		throw new PhoneNumberError(
			'NOT_A_NUMBER',
			raw.original,
			`${raw.quoted} is not a phone number: write digits with the country code, e.g. ${EXAMPLE_NUMBER}`,
		);
	}
	// Other scripts' digits (e.g. Arabic-Indic) become ASCII.
	return (compact.startsWith('+') ? '+' : '') + parseDigits(compact);
}

function parseDefaultCountry(value: string | undefined, raw: RawInput): CountryCode | undefined {
	const code = (value ?? '').trim().toUpperCase();
	if (code === '') return undefined;
	if (isSupportedCountry(code)) return code;
	throw new PhoneNumberError(
		'INVALID_COUNTRY',
		raw.original,
		`Default Country "${value}" is not a known ISO 3166 country code: pick one from the list, e.g. IE for Ireland`,
	);
}

function readInternational(digits: string, raw: RawInput): NormalisedPhone {
	return toNormalised(validOrThrow(readValid(`+${digits}`, undefined, raw)));
}

function readNational(
	digits: string,
	defaultCountry: CountryCode | undefined,
	raw: RawInput,
): NormalisedPhone {
	if (!defaultCountry) {
		throw new PhoneNumberError(
			'INVALID_COUNTRY',
			raw.original,
			`${raw.quoted} is a national number: set Default Country (e.g. IE) or write it with its country code, e.g. +353...`,
		);
	}
	return toNormalised(validOrThrow(readValid(digits, defaultCountry, raw)));
}

function readDigitsWithoutPlus(
	digits: string,
	defaultCountry: CountryCode | undefined,
	mode: DigitsWithoutPlus,
	raw: RawInput,
): NormalisedPhone {
	if (mode === 'international') return readInternational(digits, raw);
	if (mode === 'national') return readNational(digits, defaultCountry, raw);
	if (mode === 'reject' || !defaultCountry) {
		throw new PhoneNumberError(
			'AMBIGUOUS_NO_PLUS',
			raw.original,
			`${raw.quoted} has no + or 00 in front, so its country is unclear: write it with its country code and a +, e.g. ${EXAMPLE_NUMBER}${mode === 'reject' ? '' : ', or set Default Country'}`,
		);
	}
	return readBothWays(digits, defaultCountry, raw);
}

/** The `auto` rule with a Default Country: see `DigitsWithoutPlus`. */
function readBothWays(digits: string, defaultCountry: CountryCode, raw: RawInput): NormalisedPhone {
	const national = validOrUndefined(readValid(digits, defaultCountry, raw));
	const international = validOrUndefined(readValid(`+${digits}`, undefined, raw));
	if (national && international && national.number !== international.number) {
		throw new PhoneNumberError(
			'AMBIGUOUS_NO_PLUS',
			raw.original,
			`${raw.quoted} has no + or 00 in front and could be ${international.number} (${placeOf(international)}) or, as a national number, ${national.number} (${placeOf(national)}): write it with a + or 00 in front`,
		);
	}
	const chosen = national ?? international;
	if (chosen) return toNormalised(chosen);
	throw new PhoneNumberError(
		'INVALID',
		raw.original,
		`${raw.quoted} is not a valid number, neither as a national number in ${countryName(defaultCountry)} nor as +${digits}: check the digits`,
	);
}

/** One reading of the digits: a real number, or why it is not one. */
type Reading = PhoneNumber | PhoneNumberError;

function validOrUndefined(reading: Reading): PhoneNumber | undefined {
	return reading instanceof PhoneNumberError ? undefined : reading;
}

function validOrThrow(reading: Reading): PhoneNumber {
	if (reading instanceof PhoneNumberError) throw reading;
	return reading;
}

/**
 * Parses one reading and insists on a real number (max metadata), with a reason when it is not.
 * libphonenumber-js's non-throwing parser is used, so nothing here catches: when it finds no
 * number, the length check (which parses the same way, `extract: false`) names the parse error.
 */
function readValid(text: string, defaultCountry: CountryCode | undefined, raw: RawInput): Reading {
	// extract: false, so "call +353…" is refused rather than mined for a number.
	const phone = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
	if (phone?.isValid()) return phone;
	const length = validatePhoneNumberLength(text, { defaultCountry });
	if (!phone) {
		const reason = reasonOfParseError(length ?? '');
		return new PhoneNumberError(reason, raw.original, explain(reason, raw.quoted, undefined));
	}
	const reason = length === 'TOO_SHORT' || length === 'TOO_LONG' ? length : 'INVALID';
	return new PhoneNumberError(reason, raw.original, explain(reason, raw.quoted, placeOf(phone)));
}

function reasonOfParseError(message: string): PhoneErrorReason {
	switch (message) {
		case 'NOT_A_NUMBER':
		case 'INVALID_COUNTRY':
		case 'TOO_SHORT':
		case 'TOO_LONG':
			return message;
		default:
			return 'INVALID';
	}
}

function explain(reason: PhoneErrorReason, quoted: string, place: string | undefined): string {
	const where = place ? ` for ${place}` : '';
	switch (reason) {
		case 'NOT_A_NUMBER':
			return `${quoted} is not a phone number: write digits with the country code, e.g. ${EXAMPLE_NUMBER}`;
		case 'INVALID_COUNTRY':
			return `${quoted} starts with an unknown country code: check the digits after the + (e.g. +353 for Ireland)`;
		case 'TOO_SHORT':
			return `${quoted} is too short${place ? ` for a number in ${place}` : ' for a phone number'}: check for missing digits`;
		case 'TOO_LONG':
			return `${quoted} is too long${place ? ` for a number in ${place}` : ' for a phone number'}: check for extra digits`;
		default:
			return `${quoted} is not a valid number${where}: check the digits and the country code`;
	}
}

/** "Ireland", or "+800" for numbers that belong to no country. */
function placeOf(phone: PhoneNumber): string {
	return phone.country ? countryName(phone.country) : `+${phone.countryCallingCode}`;
}

function toNormalised(phone: PhoneNumber): NormalisedPhone {
	return { e164: phone.number, country: phone.country, nationalNumber: phone.nationalNumber };
}

/** Keeps messages readable when a whole text was mapped into the phone field. */
function quote(text: string): string {
	const trimmed = text.trim();
	const short = trimmed.length > MAX_QUOTED_INPUT ? `${trimmed.slice(0, MAX_QUOTED_INPUT)}…` : trimmed;
	return `"${short}"`;
}
