import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { networkError, octopodsApiError } from './errors';
import type { ErrorContext } from './errors';

export const CREDENTIAL_TYPE = 'octopodsApi';

export type OctopodsContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface OctopodsRequest extends ErrorContext {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/api/v1/whatsapp/templates/539`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

interface OctopodsCredentials {
	baseUrl: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The one door to the Octopods API: every operation, list and mapper call comes through here.
 * Auth is applied by n8n from the credential; Octopods' error bodies become NodeApiErrors.
 * Rate limiting and retries belong here too, wrapped around `sendOnce`, so operations never
 * see them.
 */
export async function octopodsApiRequest<T>(
	context: OctopodsContext,
	request: OctopodsRequest,
): Promise<T> {
	const response = await sendOnce(context, request);
	if (response.statusCode >= 400) {
		throw octopodsApiError(context.getNode(), response, request);
	}
	return response.body as T;
}

async function sendOnce(
	context: OctopodsContext,
	request: OctopodsRequest,
): Promise<IN8nHttpFullResponse> {
	const { baseUrl } = await context.getCredentials<OctopodsCredentials>(CREDENTIAL_TYPE);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl.replace(/\/+$/, '')}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: true,
		timeout: REQUEST_TIMEOUT_MS,
		returnFullResponse: true,
		// Error statuses are mapped by octopodsApiError, which knows Octopods' error body.
		ignoreHttpStatusErrors: true,
	};
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw networkError(context.getNode(), error, request);
	}
}
