import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** What differs between the Octopods channels' credentials: their words, and WhatsApp's template cache. */
export interface ChannelWording {
	/** The API Key field's description: where this channel's key is found. */
	apiKey: string;
	/** What Custom Limits and Timeouts changes, and which nodes share the budget. */
	customLimits: string;
	/** The channel in "sent to this channel per window". */
	channel: string;
	/** Limits only this channel has, listed before the request timeout. */
	moreLimits?: INodeProperties[];
}

/**
 * The fields of an Octopods channel's credential (WhatsApp's Octopods API, Octopods SMS API): each
 * channel has its own key and budget, with the same fields. Their names are a public contract.
 */
export function channelCredentialProperties(wording: ChannelWording): INodeProperties[] {
	return [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: wording.apiKey,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.octopods.io',
			required: true,
			description:
				'Where the Octopods API lives. Some Octopods articles use https://api.octopods.io; a local Octopods sandbox uses http://127.0.0.1:&lt;port&gt;.',
		},
		{
			displayName: 'Processes Sharing This Key',
			name: 'processesSharingKey',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 1,
			description:
				"How many n8n processes send with this API key at the same time: the request budget is divided between them. Leave 1 for a single n8n. In n8n queue mode, set the number of workers (2: each keeps 27 of the 55 requests per 10 seconds), plus anything else that sends with the key. Left at 1, workers that trip Octopods' 5-minute cool-down together slow down afterwards, but that first cool-down is lost time.",
		},
		{
			displayName: 'Custom Limits and Timeouts',
			name: 'customLimits',
			type: 'boolean',
			default: false,
			description: wording.customLimits,
		},
		{
			displayName: 'Rate Limit: Requests',
			name: 'rateLimitRequests',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 55,
			description: `How many requests may be sent to ${wording.channel} per window, over all the processes sharing the key (Processes Sharing This Key divides it). Octopods allows 55 per 10 seconds per channel.`,
			displayOptions: { show: { customLimits: [true] } },
		},
		{
			displayName: 'Rate Limit: Window (Seconds)',
			name: 'rateLimitWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 0.001, numberPrecision: 3 },
			default: 10,
			description:
				'The window the requests are counted in. The node keeps 2.5 % more than this between the first and the last request of a full window, against network jitter.',
			displayOptions: { show: { customLimits: [true] } },
		},
		...(wording.moreLimits ?? []),
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 0.001, numberPrecision: 3 },
			default: 30,
			description:
				'How long to wait for an answer from Octopods. A send that gets no answer in time is not repeated (it may have been sent): the item fails and says how to check.',
			displayOptions: { show: { customLimits: [true] } },
		},
	];
}

/**
 * Sends the key as X-Octopods-Auth. A function rather than a generic `{{$credentials.apiKey}}`
 * block: n8n resolves such a block through its expression sandbox on every request, which was
 * most of the node's per-item overhead in the benchmark (docs/benchmarks.md).
 */
export async function sendApiKey(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	return {
		...requestOptions,
		headers: { ...requestOptions.headers, 'X-Octopods-Auth': String(credentials.apiKey ?? '') },
	};
}
