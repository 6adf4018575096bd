import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class OctopodsApi implements ICredentialType {
	name = 'octopodsApi';

	displayName = 'Octopods API';

	icon: Icon = { light: 'file:octopods.svg', dark: 'file:octopods.dark.svg' };

	documentationUrl = 'https://docs.octopods.io';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API key of your WhatsApp channel, found in the Octopods app under the channel settings',
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-Octopods-Auth': '={{$credentials.apiKey}}',
			},
		},
	};

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
					message: 'The API key was rejected by Octopods. Copy it again from the Octopods app.',
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
