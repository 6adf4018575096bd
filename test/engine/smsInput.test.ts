import type { INodeParameters } from 'n8n-workflow';

import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

// What an SMS send refuses or shows before any request: these never reach Octopods, so the
// WhatsApp sandbox stands in for the address (and proves nothing arrived).
const SMS_KEY = 'octo-sms-key-2b8d4f60';

const send = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'sms',
	operation: 'send',
	phoneNumber: '={{ $json.phone }}',
	message: '={{ $json.text }}',
	...parameters,
});

describe('Send SMS: bad input is refused before any request, naming item and field', () => {
	const env = useSandbox();
	const smsCredentials = () => ({ apiKey: SMS_KEY, baseUrl: env.sandbox.url });

	it.each([
		['a blank message', { phone: '+353838000001', text: '   ' }, {}, 'Message', /Message is empty/],
		['a message over 1,600 characters', { phone: '+353838000001', text: 'a'.repeat(1601) }, {}, 'Message', /1601 characters long: an SMS holds at most 1,600/],
		['a phone that is not a number', { phone: 'call me', text: 'Hi' }, {}, 'Phone Number', /^Phone Number: /],
		// é is in GSM-7, € counts twice: 180 characters, two segments.
		['a message over Max Segments', { phone: '+353838000001', text: 'é€'.repeat(60) }, { options: { maxSegments: 1 } }, 'Message', /costs 2 segments \(GSM-7, 180 characters\), more than Max Segments \(1\)/],
	])('%s', async (_, item, extra, field, message) => {
		const run = await runOctopods({
			parameters: send(extra as INodeParameters),
			items: [{ phone: '+353838000009', text: 'fine' }, item],
			credentials: env.credentials,
			smsCredentials: smsCredentials(),
			continueOnFail: true,
		});
		// Only the good item 0 was posted (whatever the stand-in answered it); item 1 never left.
		const posted = env.sandbox.received.filter((request) => request.method === 'POST');
		expect(posted.map((request) => (request.body as { destination_phone?: string }).destination_phone)).toEqual(['+353838000009']);
		expect(run.items).toHaveLength(2);
		expect(run.items[1]).toEqual({
			json: expect.objectContaining({ field, error: expect.stringMatching(message) }),
			pairedItem: { item: 1 },
		});
		expect(run.items[1].json.error).toMatch(/\[item 1\]$/);
	});
});

describe('Send SMS: Dry Run counts the cost and sends nothing', () => {
	const env = useSandbox();

	it('GSM-7 at 160 and 161 characters, a euro sign counting twice, an emoji making it UCS-2', async () => {
		const run = await runOctopods({
			parameters: send({ options: { dryRun: true, contactName: 'Ana', openIntercomConversation: true, defaultCountry: 'IE' } }),
			items: [
				{ phone: '083 800 0000', text: 'a'.repeat(160) },
				{ phone: '+353838000001', text: 'a'.repeat(161) },
				{ phone: '+353838000001', text: `${'a'.repeat(159)}€` },
				{ phone: '+353838000001', text: 'On its way 📦' },
			],
			credentials: env.credentials,
			smsCredentials: { apiKey: SMS_KEY, baseUrl: env.sandbox.url },
		});
		expect(run.error).toBeUndefined();
		expect(env.sandbox.received).toEqual([]);
		expect(run.items.map(({ json }) => [json.segments, json.encoding, json.characters])).toEqual([
			[1, 'GSM-7', 160],
			[2, 'GSM-7', 161],
			[2, 'GSM-7', 161],
			[1, 'UCS-2', 13],
		]);
		expect(run.items[0].json).toEqual({
			dry_run: true,
			phone_number: '+353838000000',
			segments: 1,
			encoding: 'GSM-7',
			characters: 160,
			request: {
				method: 'POST',
				path: '/api/v1/sms/messages',
				body: { destination_phone: '+353838000000', body: 'a'.repeat(160), destination_user_name: 'Ana', open_intercom_conversation: true },
			},
		});
		expect(visibleText(run.run)).not.toContain(SMS_KEY);
		expect(visibleText(run.run)).not.toContain(SECRET_KEY);
	});

	it('Replace Typographic Characters keeps a message GSM-7; Send and Warn lets it through with a warning', async () => {
		const run = await runOctopods({
			parameters: send({ options: { dryRun: true, replaceTypographicCharacters: true, maxSegments: 1, overMaxSegments: 'warn' } }),
			items: [
				{ phone: '+353838000001', text: '“Your order” – ready…' },
				{ phone: '+353838000001', text: 'b'.repeat(200) },
			],
			credentials: env.credentials,
			smsCredentials: { apiKey: SMS_KEY, baseUrl: env.sandbox.url },
		});
		expect(run.items[0].json).toMatchObject({ encoding: 'GSM-7', segments: 1, request: { body: { body: '"Your order" - ready...' } } });
		expect(run.items[0].json).not.toHaveProperty('warning');
		expect(run.items[1].json).toMatchObject({ segments: 2, warning: 'The message costs 2 segments, more than Max Segments (1)' });
	});
});
