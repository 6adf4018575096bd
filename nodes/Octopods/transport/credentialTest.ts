import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { normaliseBaseUrl } from './channels';

/**
 * Tests an Octopods SMS API credential (the node's `testedBy`). The SMS API has no read that
 * answers 2xx without a sent message, so n8n's declarative test cannot pass a good key: this asks
 * for the status of message 0, which a valid SMS key gets as "not found" (or a status) and a wrong
 * key as HTTP 401. A refused key is then tried on WhatsApp's template list: if that answers, a
 * WhatsApp channel's key was pasted, and the test says so. n8n hands a credential test no request
 * helper but the deprecated `request`, hence the platform's fetch.
 */
export async function testSmsCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = normaliseBaseUrl(data.baseUrl);
	const get = async (path: string): Promise<number> => {
		try {
			const response = await fetch(`${baseUrl}${path}`, {
				headers: { 'X-Octopods-Auth': String(data.apiKey ?? ''), Accept: 'application/json' },
				redirect: 'manual',
				signal: AbortSignal.timeout(15_000),
			});
			await response.body?.cancel();
			return response.status;
		} catch {
			return 0;
		}
	};
	const sms = await get('/api/v1/sms/messages/0');
	if (sms === 0) return { status: 'Error', message: `Could not reach ${baseUrl}: check the Base URL` };
	if (sms === 401 || sms === 403) {
		const whatsapp = await get('/api/v1/whatsapp/templates/');
		if (whatsapp >= 200 && whatsapp < 300) {
			return {
				status: 'Error',
				message:
					"This is a WhatsApp channel's API key, not the SMS channel's: copy the key from the SMS channel's settings in the Octopods app (each channel has its own key)",
			};
		}
		return {
			status: 'Error',
			message:
				"The API key was rejected by the Octopods SMS channel: it is wrong or deprecated. Copy the SMS channel's current key from the Octopods app.",
		};
	}
	if (sms >= 300 && sms < 400) return { status: 'Error', message: `The Base URL answered with a redirect (HTTP ${sms}): check it` };
	if (sms === 404 || (sms >= 200 && sms < 300)) return { status: 'OK', message: 'Connection tested successfully' };
	return { status: 'Error', message: `Octopods answered HTTP ${sms} to the SMS channel test: check the Base URL` };
}
