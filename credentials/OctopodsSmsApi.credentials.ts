import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { channelCredentialProperties, sendApiKey } from './octopodsChannel';

/**
 * The SMS channel's key. Each Octopods channel has its own key and its own request budget, so the
 * SMS channel is a credential of its own, with the same fields as Octopods API (no template cache:
 * SMS has no templates). The node tests it (`testedBy`: transport/credentialTest.ts).
 */
export class OctopodsSmsApi implements ICredentialType {
	name = 'octopodsSmsApi';

	displayName = 'Octopods SMS API';

	icon: Icon = { light: 'file:octopods.svg', dark: 'file:octopods.dark.svg' };

	documentationUrl = 'https://docs.octopods.io';

	properties: INodeProperties[] = channelCredentialProperties({
		apiKey:
			"The API key of your SMS channel (not the WhatsApp channel's: each channel has its own), found in the Octopods app under the SMS channel's settings",
		customLimits:
			"Whether to change the request budget or request timeout. Leave off: the defaults follow Octopods' documented limit of 55 requests per 10 seconds per channel, shared by every Octopods SMS node in this n8n. Turn on for tests against the Octopods sandbox's compressed time; for n8n queue mode set Processes Sharing This Key instead.",
		channel: 'this SMS channel',
	});

	authenticate = sendApiKey;
}
