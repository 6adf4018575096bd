import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { WabaInteractiveMessage } from '../../helpers/interactive';
import { octopodsApiRequest } from '../../transport';
import type { SendInteractiveBody, SendResponse } from '../../transport/types';
import type { SendRequest } from '../dryRun';

/**
 * One interactive send, shared by Send Interactive and Send and Wait (interactive way): the request
 * (also what Dry Run shows) and the POST with the hints for a channel Octopods has not enabled.
 */
export function interactiveRequest(phoneE164: string, payload: WabaInteractiveMessage, teammate: string): SendRequest {
	const body: SendInteractiveBody = { destination_phone: phoneE164, waba_interactive_message: payload };
	if (teammate) body.intercom_teammate_id = teammate;
	return { method: 'POST', path: '/api/v1/sms/messages', body: body as unknown as IDataObject };
}

export async function sendInteractiveRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	request: SendRequest,
	subject: IDataObject,
): Promise<SendResponse> {
	return await octopodsApiRequest<SendResponse>(context, {
		...request,
		itemIndex,
		subject,
		forbiddenMessage: 'Interactive messages are not enabled for this Octopods channel',
		forbiddenDescription:
			'Octopods must enable (whitelist) interactive messages for each WhatsApp channel before its API accepts them: ask Octopods support to enable them for this channel. Templates can be sent meanwhile.',
	});
}
