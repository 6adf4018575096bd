import {
	PHONE_COUNTRY_OPTIONS,
	PhoneNumberError,
	normalisePhone,
} from '../../nodes/Octopods/helpers/phone';
import type { NormalisePhoneOptions, PhoneErrorReason } from '../../nodes/Octopods/helpers/phone';

const IE: NormalisePhoneOptions = { defaultCountry: 'IE' };

function reasonOf(input: unknown, options?: NormalisePhoneOptions): PhoneErrorReason | undefined {
	try {
		normalisePhone(input, options);
		return undefined;
	} catch (error) {
		if (error instanceof PhoneNumberError) return error.reason;
		throw error;
	}
}

function errorOf(input: unknown, options?: NormalisePhoneOptions): PhoneNumberError {
	try {
		normalisePhone(input, options);
	} catch (error) {
		if (error instanceof PhoneNumberError) return error;
		throw error;
	}
	throw new Error(`expected ${String(input)} to be refused`);
}

describe('normalisePhone: valid numbers', () => {
	it.each<[string, unknown, NormalisePhoneOptions | undefined, string]>([
		['national with Default Country IE', '0838 000 000', IE, '+353838000000'],
		['international with spaces', '+353 83 800 0000', undefined, '+353838000000'],
		['00 international prefix', '00353838000000', undefined, '+353838000000'],
		['00 prefix with a Default Country elsewhere', '00353838000000', { defaultCountry: 'US' }, '+353838000000'],
		['whatsapp: prefix', 'whatsapp:+353838000000', undefined, '+353838000000'],
		['WhatsApp: prefix, any case, with a space', 'WhatsApp: +353838000000', undefined, '+353838000000'],
		['tel: prefix', 'tel:+353-83-800-0000', undefined, '+353838000000'],
		['surrounding whitespace', '  +353838000000\n', undefined, '+353838000000'],
		['US with parentheses and dash', '+1 (415) 555-2671', undefined, '+14155552671'],
		['US with dots', '+1.415.555.2671', undefined, '+14155552671'],
		['UK London', '+44 20 7946 0958', undefined, '+442079460958'],
		['UK national with Default Country GB', '020 7946 0958', { defaultCountry: 'GB' }, '+442079460958'],
		['Brazil mobile', '+55 11 98765-4321', undefined, '+5511987654321'],
		['India mobile', '+91 98765 43210', undefined, '+919876543210'],
		['sandbox number 999', '+353838000999', undefined, '+353838000999'],
		['sandbox number 888', '+353838000888', undefined, '+353838000888'],
		['lower-case Default Country', '083 800 0000', { defaultCountry: 'ie' }, '+353838000000'],
		['Arabic-Indic digits', '+٣٥٣٨٣٨٠٠٠٠٠٠', undefined, '+353838000000'],
		['US trunk prefix 1 with Default Country US', '1 415 555 2671', { defaultCountry: 'US' }, '+14155552671'],
		['non-geographic +800', '+800 1234 5678', undefined, '+80012345678'],
	])('%s: %p', (_label, input, options, e164) => {
		expect(normalisePhone(input, options).e164).toBe(e164);
	});

	it('returns the country and the national number', () => {
		expect(normalisePhone('+353 83 800 0000')).toEqual({
			e164: '+353838000000',
			country: 'IE',
			nationalNumber: '838000000',
		});
	});

	it('leaves the country out for non-geographic numbers', () => {
		expect(normalisePhone('+800 1234 5678').country).toBeUndefined();
	});
});

describe('normalisePhone: refused input', () => {
	it.each<[string, unknown, NormalisePhoneOptions | undefined, PhoneErrorReason]>([
		['national without Default Country', '0838 000 000', undefined, 'INVALID_COUNTRY'],
		['letters', 'call me', undefined, 'NOT_A_NUMBER'],
		['a number inside text', 'call +353838000000', undefined, 'NOT_A_NUMBER'],
		['an extension', '+353838000000 ext. 12', undefined, 'NOT_A_NUMBER'],
		['too short', '+3538', undefined, 'TOO_SHORT'],
		['too short, parsed', '+35312', undefined, 'TOO_SHORT'],
		['too long', '+35383800000000000', undefined, 'TOO_LONG'],
		['unknown country code', '+999 123456', undefined, 'INVALID_COUNTRY'],
		['+ alone', '+', undefined, 'NOT_A_NUMBER'],
		['empty string', '', undefined, 'EMPTY'],
		['whitespace', '   ', undefined, 'EMPTY'],
		['undefined', undefined, undefined, 'EMPTY'],
		['null', null, undefined, 'EMPTY'],
		['whatsapp: alone', 'whatsapp:', undefined, 'EMPTY'],
		['an object', { phone: '+353838000000' }, undefined, 'NOT_A_NUMBER'],
		['a float', 353.5, undefined, 'NOT_A_NUMBER'],
		['a negative number', -353838000000, undefined, 'NOT_A_NUMBER'],
		['right length, unassigned range', '+353 20 000 0000', undefined, 'INVALID'],
		['UK number in no range (04…)', '+44 4000 000000', undefined, 'INVALID'],
		['unknown Default Country', '0838 000 000', { defaultCountry: 'XX' }, 'INVALID_COUNTRY'],
		['+00 is not a country code', '+00353838000000', undefined, 'INVALID_COUNTRY'],
	])('%s: %p', (_label, input, options, reason) => {
		expect(reasonOf(input, options)).toBe(reason);
	});
});

describe('normalisePhone: digits without + or 00', () => {
	it.each<[string, unknown, NormalisePhoneOptions, string | PhoneErrorReason]>([
		// auto (default), no Default Country: only the user knows which country was meant.
		['auto, no Default Country', '353838000000', {}, 'AMBIGUOUS_NO_PLUS'],
		['auto, no Default Country, US national', '2025550123', {}, 'AMBIGUOUS_NO_PLUS'],
		// auto with a Default Country: the one valid reading wins.
		['auto, IE, international reading valid', '353838000000', IE, '+353838000000'],
		['auto, US, international reading valid', '353838000000', { defaultCountry: 'US' }, '+353838000000'],
		['auto, US, national reading valid', '4155552671', { defaultCountry: 'US' }, '+14155552671'],
		['auto, IE, national reading without its 0 (lost by a spreadsheet)', '838000000', IE, '+353838000000'],
		// auto with both readings valid and different: refuse rather than guess.
		['auto, DE, Austrian mobile or German landline', '43664123456', { defaultCountry: 'DE' }, 'AMBIGUOUS_NO_PLUS'],
		['auto, IT, Belgian mobile or Italian mobile', '32450001234', { defaultCountry: 'IT' }, 'AMBIGUOUS_NO_PLUS'],
		['auto, IE, neither reading valid', '3538380', IE, 'INVALID'],
		// international
		['international, no Default Country', '353838000000', { digitsWithoutPlus: 'international' }, '+353838000000'],
		['international ignores Default Country', '43664123456', { defaultCountry: 'DE', digitsWithoutPlus: 'international' }, '+43664123456'],
		['international, national digits', '4155552671', { digitsWithoutPlus: 'international' }, 'TOO_SHORT'],
		// national
		['national, IE, with country code', '353838000000', { ...IE, digitsWithoutPlus: 'national' }, '+353838000000'],
		['national, DE', '43664123456', { defaultCountry: 'DE', digitsWithoutPlus: 'national' }, '+4943664123456'],
		['national, no Default Country', '353838000000', { digitsWithoutPlus: 'national' }, 'INVALID_COUNTRY'],
		// reject
		['reject, IE', '353838000000', { ...IE, digitsWithoutPlus: 'reject' }, 'AMBIGUOUS_NO_PLUS'],
		['reject still reads 00', '00353838000000', { digitsWithoutPlus: 'reject' }, '+353838000000'],
		['reject still reads a leading 0 as national', '0838000000', { ...IE, digitsWithoutPlus: 'reject' }, '+353838000000'],
		['international still reads a leading 0 as national', '0838000000', { ...IE, digitsWithoutPlus: 'international' }, '+353838000000'],
		// JS numbers are always digits without +
		['number type, international', 353838000000, { digitsWithoutPlus: 'international' }, '+353838000000'],
		['number type, auto with IE', 353838000000, IE, '+353838000000'],
		['number type, auto without Default Country', 353838000000, {}, 'AMBIGUOUS_NO_PLUS'],
		['number type with its leading 0 lost, auto with IE', 838000000, IE, '+353838000000'],
	])('%s: %p', (_label, input, options, expected) => {
		const result = expected.startsWith('+') ? normalisePhone(input, options).e164 : reasonOf(input, options);
		expect(result).toBe(expected);
	});
});

describe('normalisePhone: messages', () => {
	it('tells to set Default Country for a national number', () => {
		expect(errorOf('0838 000 000').message).toBe(
			'"0838 000 000" is a national number: set Default Country (e.g. IE) or write it with its country code, e.g. +353...',
		);
	});

	it('names both readings when digits without + are ambiguous', () => {
		const error = errorOf('43664123456', { defaultCountry: 'DE' });
		expect(error.message).toContain('+43664123456 (Austria)');
		expect(error.message).toContain('+4943664123456 (Germany)');
		expect(error.input).toBe('43664123456');
	});

	it('asks for + or a Default Country when digits without + cannot be read', () => {
		expect(errorOf('353838000000').message).toMatch(/"353838000000" has no \+ or 00 in front.*set Default Country/);
	});

	it('names the country of an invalid number', () => {
		expect(errorOf('+353 20 000 0000').message).toBe(
			'"+353 20 000 0000" is not a valid number for Ireland: check the digits and the country code',
		);
	});

	it.each<[unknown, RegExp]>([
		['', /empty/],
		['call me', /"call me" is not a phone number/],
		['+3538', /"\+3538" is too short/],
		['+35383800000000000', /too long for a number in Ireland/],
		['+999 123456', /unknown country code/],
	])('explains %p', (input, message) => {
		expect(errorOf(input).message).toMatch(message);
	});

	it('keeps the input as text on the error', () => {
		const error = errorOf(-1);
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('PhoneNumberError');
		expect(error.input).toBe('-1');
	});

	it('shortens a long input in the message', () => {
		const error = errorOf(`call me ${'please '.repeat(20)}`);
		expect(error.message.length).toBeLessThan(150);
		expect(error.message).toContain('…"');
	});
});

describe('PHONE_COUNTRY_OPTIONS', () => {
	it('starts with the "None" option', () => {
		expect(PHONE_COUNTRY_OPTIONS[0]).toEqual({ name: 'None (Require International Format)', value: '' });
	});

	it('lists countries with their calling codes', () => {
		expect(PHONE_COUNTRY_OPTIONS).toContainEqual({ name: 'Ireland (+353)', value: 'IE' });
		expect(PHONE_COUNTRY_OPTIONS).toContainEqual({ name: 'United States (+1)', value: 'US' });
		expect(PHONE_COUNTRY_OPTIONS.length).toBeGreaterThan(200);
	});

	it('sorts countries by name', () => {
		const names = PHONE_COUNTRY_OPTIONS.slice(1).map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
	});

	it('offers only countries the parser accepts', () => {
		for (const { value } of PHONE_COUNTRY_OPTIONS.slice(1)) {
			expect(reasonOf('+353838000000', { defaultCountry: value })).toBeUndefined();
		}
	});
});
