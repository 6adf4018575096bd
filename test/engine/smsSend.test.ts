import type { INodeParameters } from 'n8n-workflow';

import { GENERATIONS } from '../../sandbox/server';
import { runOctopods } from '../support/engine';
import { SECRET_KEY, useSandbox, visibleText } from '../support/sandbox';

const sendSms = (phone: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'sms',
	operation: 'send',
	phoneNumber: phone,
	message: 'Your order A-17 has shipped.',
	options,
});

const waitForFinal = (messageId: unknown): INodeParameters => ({
	resource: 'sms',
	operation: 'getStatus',
	messageId: String(messageId),
	options: { waitForStatus: 'final', maxWaitForStatus: 10, statusCheckInterval: 1 },
});

// timeScale 0.05: an SMS is queued for 50 ms, sent until 100 ms, then final; checks every second reach it on the 2nd.
describe.each(GENERATIONS)('SMS against the %s sandbox', (generation) => {
	const env = useSandbox({ generation, timeScale: 0.05 });
	const sms = () => ({ apiKey: env.sandbox.smsApiKey, baseUrl: env.sandbox.url, customLimits: true, rateLimitRequests: 55, rateLimitWindowSeconds: 0.1 });
	const modern = generation === '2026';

	it('sends with the SMS key (segments counted), then waits for delivery', async () => {
		const sent = await runOctopods({ parameters: sendSms('+353 83 800 0000'), credentials: env.credentials, smsCredentials: sms() });
		expect(sent.error).toBeUndefined();
		expect(sent.items[0].json).toEqual({
			message_id: expect.any(Number),
			request_id: expect.any(String),
			...(modern ? { channel_message_id: expect.any(String) } : {}),
			phone_number: '+353838000000',
			segments: 1,
			encoding: 'GSM-7',
			characters: 28,
		});
		const posted = env.sandbox.received.find((request) => request.method === 'POST');
		expect(posted).toMatchObject({ path: '/api/v1/sms/messages', channel: 'sms', body: { destination_phone: '+353838000000' } });

		const status = await runOctopods({ parameters: waitForFinal(sent.items[0].json.message_id), credentials: env.credentials, smsCredentials: sms() });
		expect(status.items[0].json).toMatchObject({ status: 'DELIVERED', final: true, target_reached: true });
		expect(status.items[0].json).not.toHaveProperty('failure_reason');
	});

	it('an undeliverable number ends UNDELIVERED (2026) or FAILED (older), the reason kept as text', async () => {
		const sent = await runOctopods({ parameters: sendSms('+353838000999'), credentials: env.credentials, smsCredentials: sms() });
		const status = await runOctopods({ parameters: waitForFinal(sent.items[0].json.message_id), credentials: env.credentials, smsCredentials: sms() });
		expect(status.items[0].json).toMatchObject({
			status: modern ? 'UNDELIVERED' : 'FAILED',
			final: true,
			failure_reason: { description: 'Unreachable destination handset (carrier error 30003)' },
		});
	});

	it('error code 4 (the provider refused) and 5 (deprecated SMS key) read by the SMS family', async () => {
		const refused = await runOctopods({ parameters: sendSms('+353838000444'), credentials: env.credentials, smsCredentials: sms(), continueOnFail: true });
		expect(refused.items[0].json).toMatchObject({ error: 'The SMS provider refused the message', errorCode: 4, phone_number: '+353838000444' });
		expect(refused.items[0].json.description).toMatch(/^Octopods says: "The SMS provider returned an error: 21610 .*" \(error code 4, request ID /);

		const deprecated = await runOctopods({
			parameters: sendSms('+353838000000'),
			credentials: env.credentials,
			smsCredentials: { ...sms(), apiKey: env.sandbox.smsDeprecatedApiKey },
			continueOnFail: true,
		});
		expect(deprecated.items[0].json).toMatchObject({
			error: 'The SMS API key is deprecated: generate a new one in the Octopods app',
			errorCode: 5,
			httpCode: '401',
		});
	});

	// The node's own checks stop these inputs before any request, so the sandbox is told to refuse
	// a valid send with the code (fault error-code), as an Octopods whose rules differ would.
	it.each([
		[1, 'ARGUMENT_MISSING: destination_phone is missing.', 'A required field is missing (the phone number)'],
		[2, 'EMPTY_BODY: body is missing or blank.', 'The SMS body is empty'],
		[3, 'PHONE_INVALID: destination_phone must be in E.164 format.', 'Octopods rejected the phone number for SMS'],
	])('error code %i answered by Octopods is read by the SMS family, and nothing was sent', async (code, said, error) => {
		env.sandbox.setFaults([{ mode: 'error-code', errorCode: code, message: said, count: 1, methods: ['POST'] }]);
		const { items } = await runOctopods({ parameters: sendSms('+353838000000'), credentials: env.credentials, smsCredentials: sms(), continueOnFail: true });
		expect(items[0].json).toMatchObject({ error, errorCode: code, httpCode: '400' });
		expect(String(items[0].json.description)).toContain(`Octopods says: "${said}" (error code ${code}`);
		expect(env.sandbox.sends()).toHaveLength(0);
	});

	it("a WhatsApp channel's key in the SMS credential: an error naming the credential, never the key", async () => {
		const run = await runOctopods({
			parameters: sendSms('+353838000000'),
			credentials: env.credentials,
			smsCredentials: { ...sms(), apiKey: SECRET_KEY },
		});
		expect(run.error?.message).toBe(
			'The key of the Octopods SMS API credential "Octopods Sandbox SMS" is not allowed to send SMS: it is probably a WhatsApp channel\'s key (each Octopods channel has its own key)',
		);
		expect(env.sandbox.inbox()).toEqual([]);
		expect(visibleText(run.run)).not.toContain(SECRET_KEY);
	});
});

describe('Send SMS as an AI agent tool', () => {
	const env = useSandbox();
	const sms = () => ({ apiKey: env.sandbox.smsApiKey, baseUrl: env.sandbox.url, customLimits: true, rateLimitRequests: 55, rateLimitWindowSeconds: 0.1 });

	it('a blank message answers the model with the field and that nothing was sent; a good call sends once', async () => {
		const refused = await runOctopods({
			parameters: { resource: 'sms', operation: 'send', phoneNumber: '+353838000000', message: ' ' },
			credentials: env.credentials,
			smsCredentials: sms(),
			asTool: true,
		});
		expect(refused.items).toEqual([
			expect.objectContaining({
				json: { error: 'Message is empty: an SMS needs 1 to 1,600 characters. Field: Message. Nothing was sent for this item.' },
			}),
		]);
		const sent = await runOctopods({
			parameters: { resource: 'sms', operation: 'send', phoneNumber: '+353838000000', message: 'Your table is ready.' },
			credentials: env.credentials,
			smsCredentials: sms(),
			asTool: true,
		});
		expect(sent.items[0].json).toMatchObject({ message_id: expect.any(Number), segments: 1, encoding: 'GSM-7' });
		expect(env.sandbox.inbox()).toHaveLength(1);
	});
});

describe('Send SMS under Retry On Fail', () => {
	const env = useSandbox({ rateLimit: false });
	const sms = () => ({ apiKey: env.sandbox.smsApiKey, baseUrl: env.sandbox.url, customLimits: true, rateLimitRequests: 55, rateLimitWindowSeconds: 0.1 });

	it('an SMS accepted but answered with a 500 is not sent again by a retry', async () => {
		env.sandbox.setFaults([{ mode: 'server-error', when: 'after', skip: 1, count: 1, methods: ['POST'] }]);
		const run = await runOctopods({
			parameters: { resource: 'sms', operation: 'send', phoneNumber: '={{ $json.phone }}', message: 'Hi', options: { itemsInParallel: 1 } },
			items: [{ phone: '+353838000001' }, { phone: '+353838000002' }, { phone: '+353838000003' }],
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 },
			credentials: env.credentials,
			smsCredentials: sms(),
		});
		expect(run.error?.message).toMatch(/^The message may have been sent/);
		// Item 0 once, item 1 once (accepted), item 2 never started: every try stopped at item 1.
		expect(env.sandbox.inbox().map((message) => message.phone).sort()).toEqual(['+353838000001', '+353838000002']);
	});
});

describe("the SMS channel's key in the WhatsApp credential", () => {
	const env = useSandbox();

	it('an error naming the WhatsApp credential and the likely SMS key, never the key', async () => {
		const run = await runOctopods({
			parameters: { resource: 'template', operation: 'getAll', returnAll: true },
			credentials: { ...env.credentials, apiKey: env.sandbox.smsApiKey },
		});
		expect(run.error?.description).toMatch(
			/Octopods says: "This API key belongs to an SMS channel.*" .* If the key of the Octopods API credential "Octopods Sandbox" is an SMS channel's key, use the WhatsApp channel's own key\.$/,
		);
		expect(visibleText(run.run)).not.toContain(env.sandbox.smsApiKey);
	});
});
