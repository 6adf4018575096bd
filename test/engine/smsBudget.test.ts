import { runOctopods } from '../support/engine';
import { useSandbox } from '../support/sandbox';

// WhatsApp and SMS in one n8n process (as in one workflow): each channel keeps its own budget and
// cool-down. The SMS credential here allows more than Octopods does, so its burst trips the SMS
// channel's cool-down on purpose (timeScale 0.2: 55 per 2 s, a 60 s cool-down; a window wide enough that
// a loaded machine still sends the 70 requests inside it).
describe('WhatsApp and SMS budgets are separate', () => {
	const env = useSandbox({ timeScale: 0.2 });

	it("an SMS burst that trips the SMS channel's cool-down neither slows nor pauses WhatsApp requests", async () => {
		const smsCredentials = {
			apiKey: env.sandbox.smsApiKey,
			baseUrl: env.sandbox.url,
			customLimits: true,
			rateLimitRequests: 500,
			rateLimitWindowSeconds: 0.1,
		};
		const smsBurst = runOctopods({
			parameters: {
				resource: 'sms',
				operation: 'send',
				phoneNumber: '={{ $json.phone }}',
				message: 'Your order has shipped.',
				options: { maxWaitOnRateLimit: 0, itemsInParallel: 20 },
			},
			items: Array.from({ length: 70 }, (_, index) => ({ phone: `+3538380${String(index).padStart(5, '0')}` })),
			credentials: env.credentials,
			smsCredentials,
			continueOnFail: true,
		});
		const whatsapp = runOctopods({
			parameters: { resource: 'template', operation: 'getAll', returnAll: true, options: { maxWaitOnRateLimit: 0 } },
			items: Array.from({ length: 20 }, () => ({})),
			credentials: env.credentials,
		});
		const [sms, templates] = await Promise.all([smsBurst, whatsapp]);

		const answered = (channel: string, status: number) =>
			env.sandbox.received.filter((request) => request.channel === channel && request.status === status).length;
		// The SMS channel was paused: its later items failed as rate limited, none was sent twice.
		expect(answered('sms', 429)).toBeGreaterThan(0);
		expect(sms.items).toHaveLength(70);
		expect(sms.items.filter(({ json }) => json.message_id !== undefined)).toHaveLength(answered('sms', 201));
		expect(sms.items.some(({ json }) => String(json.error).startsWith('Octopods paused this channel'))).toBe(true);
		// WhatsApp, at the same time and after: every request answered, none paused.
		expect(templates.error).toBeUndefined();
		expect(answered('main', 429)).toBe(0);
		const after = await runOctopods({
			parameters: { resource: 'template', operation: 'getAll', returnAll: true, options: { maxWaitOnRateLimit: 0 } },
			credentials: env.credentials,
		});
		expect(after.error).toBeUndefined();
		// The SMS channel is still cooling down: the node refuses at once, without asking Octopods.
		const before = env.sandbox.received.length;
		const paused = await runOctopods({
			parameters: { resource: 'sms', operation: 'send', phoneNumber: '+353838000000', message: 'Hi', options: { maxWaitOnRateLimit: 0 } },
			credentials: env.credentials,
			smsCredentials,
		});
		expect(paused.error?.message).toMatch(/^Octopods paused this channel for too many requests until /);
		expect(env.sandbox.received.length).toBe(before);
	});
});
