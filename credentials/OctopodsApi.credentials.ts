import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { channelCredentialProperties, sendApiKey } from './octopodsChannel';

export class OctopodsApi implements ICredentialType {
	name = 'octopodsApi';

	displayName = 'Octopods API';

	icon: Icon = { light: 'file:octopods.svg', dark: 'file:octopods.dark.svg' };

	documentationUrl = 'https://docs.octopods.io';

	properties: INodeProperties[] = channelCredentialProperties({
		apiKey: 'The API key of your WhatsApp channel, found in the Octopods app under the channel settings',
		customLimits:
			"Whether to change the request budget, template cache or request timeout. Leave off: the defaults follow Octopods' documented limit of 55 requests per 10 seconds per channel, shared by every Octopods node in this n8n. Turn on for tests against the Octopods sandbox's compressed time; for n8n queue mode set Processes Sharing This Key instead.",
		channel: 'this channel',
		moreLimits: [
			{
				displayName: 'Template Cache (Seconds)',
				name: 'templateCacheSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'How long a template looked up before sending (and the template lists of the editor) is reused by every execution, so a burst of sends costs about one request each. 0: look templates up once per execution.',
				displayOptions: { show: { customLimits: [true] } },
			},
		],
	});

	authenticate = sendApiKey;

	// Listing templates is the cheapest call every key may make.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/whatsapp/templates/',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The API key was rejected by Octopods: it is wrong or deprecated. Copy the current key from the Octopods app, or generate a new one there.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The API key is not allowed to read message templates on this channel.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No Octopods API at this Base URL. Check the Base URL (e.g. https://app.octopods.io).',
				},
			},
		],
	};
}
