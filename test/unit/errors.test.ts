import type { INode } from 'n8n-workflow';

import { OUTSIDE_WINDOW_HINT } from '../../nodes/Octopods/transport/serviceWindow';
import { octopodsApiError } from '../../nodes/Octopods/transport/errors';

const node: INode = {
	id: 'n',
	name: 'Octopods',
	type: 'n8n-nodes-octopods.octopods',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const REQUEST_ID = '7f0e1c52-9a1b-4c3d-8e2f-0a1b2c3d4e5f';

describe('octopodsApiError: what a refused request reads like', () => {
	it.each([
		[1, 'ARGUMENT_MISSING', 'You must supply destination_phone.', 'A required field is missing'],
		[2, 'TYPE_MISMATCH', 'active must be "true" or "false".', 'A field has the wrong type or format'],
		[3, 'TEMPLATE_NOT_EXIST', 'Message Template does not exist.', 'The message template does not exist or cannot be sent (only active, Accepted templates can)'],
		[4, 'VARIABLES_SIZE', 'Your Message Template has 2 variables which you must supply.', 'The number of template variables does not match the template'],
		[5, 'PHONE_INVALID', 'Invalid phone number.', 'Octopods rejected the phone number'],
		[6, 'DEPRECATED_API_KEY', 'Deprecated API Key. Please go to your Octopods App, and get your new API Key', 'The API key is deprecated: generate a new one in the Octopods app'],
		[8, 'INVALID_HEADER', 'Header attachment missing.', 'The template header is invalid (a media header needs a media URL)'],
		[10, 'INVALID_STATUS', 'Invalid status.', 'Unknown status filter: Octopods accepts pending, under_review, needs_modification, rejected, accepted or deleted'],
	])('error code %d (%s): a plain message, the vendor words, code, name and request ID kept', (code, name, said, message) => {
		const error = octopodsApiError(node, { statusCode: 400, body: { request_id: REQUEST_ID, error_code: code, error: said } }, { itemIndex: 2 });
		expect(error.message).toBe(message);
		expect(error.description).toBe(`Octopods says: "${said}" (error code ${code} ${name}, request ID ${REQUEST_ID})`);
		expect(error.httpCode).toBe('400');
		expect(error.context).toMatchObject({ itemIndex: 2, octopodsErrorCode: code, octopodsRequestId: REQUEST_ID });
	});

	it('error code 9 (no name in the reference): the variables are in the wrong shape', () => {
		const said = 'message_variables must be an object with header, body, footer and buttons.';
		const error = octopodsApiError(node, { statusCode: 400, body: { request_id: REQUEST_ID, error_code: 9, error: said } });
		expect(error.message).toMatch(/^The variables are in the wrong shape for this template/);
		expect(error.description).toBe(`Octopods says: "${said}" (error code 9, request ID ${REQUEST_ID})`);
	});

	it('an unknown code still reads as one, with the vendor words', () => {
		const error = octopodsApiError(node, { statusCode: 400, body: { error_code: 42, error: 'Something new.' } });
		expect(error.message).toBe('Octopods refused the request (HTTP 400, error code 42)');
		expect(error.description).toBe('Octopods says: "Something new." (error code 42)');
	});

	it('explains a deprecated key apart from a wrong one', () => {
		expect(octopodsApiError(node, { statusCode: 401, body: { error_code: 6, error: 'Deprecated key.' } }).message).toMatch(/deprecated/);
		expect(octopodsApiError(node, { statusCode: 401, body: { error: 'Invalid API key.' } }).message).toBe(
			'The Octopods API key was rejected: check the credential',
		);
	});

	it.each([
		'Message failed to send because more than 24 hours have passed since the customer last replied.',
		'Re-engagement message required (131047).',
	])('adds the 24-hour window hint where the vendor words point at it: %s', (said) => {
		const error = octopodsApiError(node, { statusCode: 400, body: { error: said } });
		expect(error.description).toBe(`Octopods says: "${said}" ${OUTSIDE_WINDOW_HINT}`);
	});

	it('adds no hint to an unrelated refusal, and reads a non-JSON body as text', () => {
		const error = octopodsApiError(node, { statusCode: 400, body: 'Bad request: 4 hours' });
		expect(error.message).toBe('Octopods refused the request (HTTP 400)');
		expect(error.description).toBe('Octopods says: "Bad request: 4 hours"');
	});
});

describe('octopodsApiError on the SMS channel: its own error family', () => {
	it.each([
		[1, ' ARGUMENT_MISSING', 'A required field is missing (the phone number)'],
		[2, ' EMPTY_BODY', 'The SMS body is empty'],
		[3, ' PHONE_INVALID', 'Octopods rejected the phone number for SMS'],
		[4, '', 'The SMS provider refused the message'],
		[5, ' DEPRECATED_API_KEY', 'The SMS API key is deprecated: generate a new one in the Octopods app'],
	])('SMS error code %d reads by the SMS family, not by WhatsApp\'s', (code, name, message) => {
		const error = octopodsApiError(node, { statusCode: 400, body: { request_id: REQUEST_ID, error_code: code, error: 'Said.' } }, { family: 'sms' });
		expect(error.message).toBe(message);
		expect(error.description).toBe(`Octopods says: "Said." (error code ${code}${name}, request ID ${REQUEST_ID})`);
	});

	it('a refused SMS key names the credential and the likely WhatsApp key, never the key', () => {
		const error = octopodsApiError(node, { statusCode: 401, body: { error: 'Invalid API key.' } }, { family: 'sms', credentialName: 'Shop SMS' });
		expect(error.message).toBe(
			'The API key of the Octopods SMS API credential "Shop SMS" was rejected: it is wrong, or it is a WhatsApp channel\'s key (each Octopods channel has its own key)',
		);
	});

	it('a refused WhatsApp key names its credential and the likely SMS key in the description', () => {
		const error = octopodsApiError(node, { statusCode: 401, body: { error: 'Invalid API key.' } }, { credentialName: 'Shop WhatsApp' });
		expect(error.message).toBe('The Octopods API key was rejected: check the credential');
		expect(error.description).toMatch(/^The key of the Octopods API credential "Shop WhatsApp" is wrong, or it is an SMS channel's key/);
	});
});
