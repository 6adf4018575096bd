import type { INode } from 'n8n-workflow';

import { OUTSIDE_WINDOW_HINT } from '../../nodes/Octopods/helpers/serviceWindow';
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
		[3, 'Message Template 541 is not approved.', 'The message template does not exist or cannot be sent (only active, approved templates can)'],
		[4, 'Expected 2 body variables, got 1.', 'The number of template variables does not match the template'],
		[5, 'Invalid phone number.', 'Octopods rejected the phone number'],
		[8, 'Header attachment missing.', 'The template header is invalid (a media header needs a media URL)'],
	])('error code %d: a plain message, the vendor words, code and request ID kept', (code, said, message) => {
		const error = octopodsApiError(node, { statusCode: 400, body: { request_id: REQUEST_ID, error_code: code, error: said } }, { itemIndex: 2 });
		expect(error.message).toBe(message);
		expect(error.description).toBe(`Octopods says: "${said}" (error code ${code}, request ID ${REQUEST_ID})`);
		expect(error.httpCode).toBe('400');
		expect(error.context).toMatchObject({ itemIndex: 2, octopodsErrorCode: code, octopodsRequestId: REQUEST_ID });
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
