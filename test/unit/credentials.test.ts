import { OctopodsApi } from '../../credentials/OctopodsApi.credentials';
import { OctopodsSmsApi } from '../../credentials/OctopodsSmsApi.credentials';

// The two Octopods credentials: one field list and one `authenticate` for both channels. Their
// names and their fields' names are a public contract (saved credentials hold them).
describe('the Octopods credentials', () => {
	const whatsapp = new OctopodsApi();
	const sms = new OctopodsSmsApi();
	const withoutDescription = ({ description: _description, ...field }: { description?: string }) => field;

	it('keep their names and their fields', () => {
		expect([whatsapp.name, sms.name]).toEqual(['octopodsApi', 'octopodsSmsApi']);
		expect(whatsapp.properties.map((field) => field.name)).toEqual([
			'apiKey',
			'baseUrl',
			'processesSharingKey',
			'customLimits',
			'rateLimitRequests',
			'rateLimitWindowSeconds',
			'templateCacheSeconds',
			'requestTimeoutSeconds',
		]);
		expect(sms.properties.map((field) => field.name)).toEqual(whatsapp.properties.map((field) => field.name).filter((name) => name !== 'templateCacheSeconds'));
	});

	it("have the same fields but WhatsApp's template cache, each channel in its own words", () => {
		const shared = whatsapp.properties.filter((field) => field.name !== 'templateCacheSeconds');
		expect(sms.properties.map(withoutDescription)).toEqual(shared.map(withoutDescription));
		expect(sms.properties.find((field) => field.name === 'apiKey')?.description).toMatch(/^The API key of your SMS channel/);
		expect(whatsapp.properties.find((field) => field.name === 'apiKey')?.description).toMatch(/^The API key of your WhatsApp channel/);
	});

	it.each([
		['Octopods API', whatsapp],
		['Octopods SMS API', sms],
	])('%s sends its key as X-Octopods-Auth, keeping the other headers', async (_, credential) => {
		expect(typeof credential.authenticate).toBe('function');
		const authenticate = credential.authenticate as (c: object, o: object) => Promise<object>;
		expect(await authenticate({ apiKey: 'the-key' }, { url: '/x', headers: { Accept: 'application/json' } })).toEqual({
			url: '/x',
			headers: { Accept: 'application/json', 'X-Octopods-Auth': 'the-key' },
		});
	});
});
