import type { ICredentialTestFunctions } from 'n8n-workflow';

import { Octopods } from '../../nodes/Octopods/Octopods.node';
import { SECRET_KEY, useSandbox } from '../support/sandbox';

// The node's test of the Octopods SMS API credential, as n8n calls it (testedBy), against the sandbox.
describe('testing the Octopods SMS API credential', () => {
	const env = useSandbox();
	const octopods = new Octopods();
	const test = async (apiKey: string, baseUrl = env.sandbox.url) =>
		await octopods.methods.credentialTest.octopodsSmsApiTest.call({} as ICredentialTestFunctions, {
			id: '2',
			name: 'Octopods SMS',
			type: 'octopodsSmsApi',
			data: { apiKey, baseUrl },
		});

	it('accepts the SMS channel\'s key', async () => {
		expect(await test(env.sandbox.smsApiKey)).toEqual({ status: 'OK', message: 'Connection tested successfully' });
	});

	it("says plainly when a WhatsApp channel's key was pasted", async () => {
		expect(await test(SECRET_KEY)).toEqual({ status: 'Error', message: expect.stringMatching(/^This is a WhatsApp channel's API key, not the SMS channel's/) });
	});

	it.each([['a wrong key', 'not-a-key'], ['a deprecated SMS key', 'deprecated']])('tells %s apart', async (_, key) => {
		const apiKey = key === 'deprecated' ? env.sandbox.smsDeprecatedApiKey : key;
		expect(await test(apiKey)).toEqual({ status: 'Error', message: expect.stringMatching(/^The API key was rejected by the Octopods SMS channel/) });
	});

	it('says when nothing answers at the Base URL', async () => {
		expect(await test(env.sandbox.smsApiKey, 'http://127.0.0.1:9')).toEqual({ status: 'Error', message: 'Could not reach http://127.0.0.1:9: check the Base URL' });
	});
});
