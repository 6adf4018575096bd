import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { normaliseBaseUrl } from './channels';

/** An answer to the test (status 0: nothing answered), its body parsed when it was JSON. */
interface Answer {
	status: number;
	body: unknown;
}

type JsonObject = Record<string, unknown>;

const isObject = (body: unknown): body is JsonObject => typeof body === 'object' && body !== null && !Array.isArray(body);
/** Octopods' documented error body, `{request_id, error_code?, error}`. */
const isOctopodsError = (body: unknown): body is JsonObject & { error: string } =>
	isObject(body) && typeof body.request_id === 'string' && typeof body.error === 'string';
/** An SMS status of either generation: `{request_id, message_id, status, ...}`. */
const isSmsStatus = (body: unknown): boolean => isObject(body) && body.message_id !== undefined && typeof body.status === 'string';
/** The SMS family's DEPRECATED_API_KEY. */
const SMS_DEPRECATED_KEY_CODE = 5;

const error = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });
const notOctopods = (baseUrl: string) => error(`No Octopods API at ${baseUrl}: check the Base URL (e.g. https://app.octopods.io)`);
const rejected = () =>
	error("The API key was rejected by the Octopods SMS channel: it is wrong or deprecated. Copy the SMS channel's current key from the Octopods app.");

/**
 * Tests an Octopods SMS API credential (the node's `testedBy`). The SMS API has no read that
 * answers 2xx without a sent message, so n8n's declarative test cannot pass a good key: this asks
 * for the status of message 0, which a valid SMS key gets as Octopods' own "not found" (or a
 * status) and a wrong key as HTTP 401. Only an answer in Octopods' shape passes, so a Base URL that
 * answers 404 to everything is named, not taken for Octopods. A refused key is then tried on
 * WhatsApp's template list: if that answers, a WhatsApp channel's key was pasted, and the test says so.
 *
 * n8n hands a credential test one request helper, the legacy `request` (its `httpRequest` exists
 * only in a node's contexts): n8n's own HTTP client, so n8n's proxy and SSRF settings apply.
 */
export async function testSmsCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = normaliseBaseUrl(data.baseUrl);
	const { helpers } = this;
	const get = async (path: string): Promise<Answer> => {
		try {
			const response: unknown = await helpers.request({
				method: 'GET',
				uri: `${baseUrl}${path}`,
				headers: { 'X-Octopods-Auth': String(data.apiKey ?? ''), Accept: 'application/json' },
				json: true,
				simple: false,
				resolveWithFullResponse: true,
				// A redirect would carry the key elsewhere.
				followRedirect: false,
				followAllRedirects: false,
				timeout: 15_000,
			});
			return isObject(response) ? { status: Number(response.statusCode), body: response.body } : { status: 0, body: undefined };
		} catch {
			return { status: 0, body: undefined };
		}
	};

	const sms = await get('/api/v1/sms/messages/0');
	const { status, body } = sms;
	if (status === 0) return error(`Could not reach ${baseUrl}: check the Base URL`);
	if (status >= 300 && status < 400) return error(`The Base URL answered with a redirect (HTTP ${status}): check it`);
	if (status === 429) {
		const why = isOctopodsError(body) ? `: ${body.error.replace(/\.?$/, '.')}` : '.';
		return error(`Octopods is rate-limiting this SMS channel (HTTP 429), so the key could not be checked${why} Try again after the cool-down.`);
	}
	if (status >= 500) {
		return error(`Octopods answered HTTP ${status} (a server error on Octopods' side), so the key could not be checked: try again later`);
	}
	if (status === 404 && isOctopodsError(body)) return { status: 'OK', message: 'Connection tested successfully' };
	if (status >= 200 && status < 300 && isSmsStatus(body)) return { status: 'OK', message: 'Connection tested successfully' };
	if ((status === 401 || status === 403) && isObject(body)) return await refusedKey(get);
	if (isOctopodsError(body)) {
		if (body.error_code === SMS_DEPRECATED_KEY_CODE) return rejected();
		return error(`Octopods refused the SMS channel test (HTTP ${status}): ${body.error}`);
	}
	return notOctopods(baseUrl);
}

/** A key Octopods refused: a WhatsApp channel's key if WhatsApp's template list answers it. */
async function refusedKey(get: (path: string) => Promise<Answer>): Promise<INodeCredentialTestResult> {
	const whatsapp = await get('/api/v1/whatsapp/templates/');
	if (whatsapp.status >= 200 && whatsapp.status < 300 && typeof whatsapp.body === 'object' && whatsapp.body !== null) {
		return error(
			"This is a WhatsApp channel's API key, not the SMS channel's: copy the key from the SMS channel's settings in the Octopods app (each channel has its own key)",
		);
	}
	return rejected();
}
