import type { INodeParameters } from 'n8n-workflow';

import { Octopods } from '../../nodes/Octopods/Octopods.node';
import { GENERATIONS } from '../../sandbox/server';
import { runOctopods } from '../support/engine';
import { SECRET_KEY, sendsByPhone, useSandbox, visibleText } from '../support/sandbox';

const dryRun = (parameters: INodeParameters, on = true): INodeParameters => ({
	...parameters,
	options: { ...((parameters.options as INodeParameters) ?? {}), dryRun: on },
});

const byName: INodeParameters = {
	resource: 'message',
	operation: 'sendTemplate',
	templateId: { __rl: true, mode: 'name', value: 'order_shipped' },
	language: '={{ $json.locale }}',
	fallbackLanguages: 'en',
	phoneNumber: '={{ $json.phone }}',
	variablesInput: 'fields',
	variables: {
		mappingMode: 'defineBelow',
		value: { header_media_url: 'https://cdn.example.com/box.jpg', body_1: 'Ana', body_2: 'A-17', button_1_url: 'A-17' },
	},
	options: { contactName: 'Ana Silva', openIntercomConversation: true },
};

const replyButtons: INodeParameters = {
	resource: 'message',
	operation: 'sendInteractive',
	phoneNumber: '+353 83 800 0000',
	interactiveType: 'buttons',
	headerType: 'text',
	headerText: 'Your appointment',
	bodyText: 'Tomorrow at 10:00. Can you make it?',
	buttons: { button: [{ title: 'Confirm' }, { title: 'Reschedule', id: 'later' }] },
	options: { intercomTeammateId: '5173352' },
};

describe.each(GENERATIONS)('Dry Run against the %s sandbox', (generation) => {
	const env = useSandbox({ generation });
	const posts = () => env.sandbox.received.filter((request) => request.method === 'POST');
	const contacts = [
		{ phone: '+353838000001', locale: 'pt-BR' },
		{ phone: '+353838000002', locale: 'de' },
	];

	it('Send Template: checks and resolves every item, posts nothing, and shows the exact request a real send makes', async () => {
		const dry = await runOctopods({ parameters: dryRun(byName), items: contacts, credentials: env.credentials });
		expect(dry.error).toBeUndefined();
		expect(posts()).toEqual([]);
		expect(dry.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ dry_run: true, template_id: 550, fallback_used: false, preview: expect.objectContaining({ body: 'Olá Ana, a sua encomenda A-17 está a caminho.' }) }),
			expect.objectContaining({ dry_run: true, template_id: 541, fallback_used: true }),
		]);
		expect(dry.items[0].json).not.toHaveProperty('message_id');
		expect(visibleText(dry.run)).not.toContain(SECRET_KEY);

		// The same items sent for real: exactly the requests the Dry Run showed.
		const real = await runOctopods({ parameters: dryRun(byName, false), items: contacts, credentials: env.credentials });
		expect(real.items.every((item) => typeof item.json.message_id === 'number')).toBe(true);
		// Both in the contacts' (phone) order.
		const shown = dry.items.map((item) => item.json.request as { method: string; path: string; body: unknown });
		expect(sendsByPhone(env.sandbox).map((send) => ({ method: send.method, path: send.path, body: send.body }))).toEqual(shown);
		expect(shown[0]).toEqual({
			method: 'POST',
			path: '/api/v1/whatsapp/templates/550/messages',
			body: {
				destination_phone: '+353838000001',
				message_variables: { header: [], body: ['Ana', 'A-17'], footer: [], buttons: ['A-17'] },
				header_attachment_url: 'https://cdn.example.com/box.jpg',
				open_intercom_conversation: true,
				destination_user_name: 'Ana Silva',
			},
		});
	});

	it('Send Template: a Dry Run still refuses what a send would refuse, before any POST', async () => {
		const { items } = await runOctopods({
			parameters: dryRun({ ...byName, fallbackLanguages: '', variables: { mappingMode: 'defineBelow', value: { body_1: 'Ana' } } }),
			items: [{ phone: '0838 000 000', locale: 'pt' }, { phone: '+353838000002', locale: 'pt' }, { phone: '+353838000003', locale: 'it' }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(items.map((item) => item.json.field)).toEqual(['Phone Number', 'Header Image URL', 'Language']);
		expect(posts()).toEqual([]);
	});

	it('Send Interactive: makes no request at all, and shows the exact request a real send makes', async () => {
		const dry = await runOctopods({ parameters: dryRun(replyButtons), credentials: env.credentials });
		expect(env.sandbox.received).toEqual([]);
		expect(dry.items[0].json).toMatchObject({ dry_run: true, phone_number: '+353838000000', request: { method: 'POST', path: '/api/v1/sms/messages' } });

		await runOctopods({ parameters: replyButtons, credentials: env.credentials });
		const [send] = env.sandbox.sends();
		expect(dry.items[0].json.request).toEqual({ method: send.method, path: send.path, body: send.body });
		expect(dry.items[0].json.payload).toEqual((send.body as { waba_interactive_message: unknown }).waba_interactive_message);
	});

	it("Send Interactive: WhatsApp's limits are checked in a Dry Run too", async () => {
		const { error } = await runOctopods({
			parameters: dryRun({ ...replyButtons, buttons: { button: [{ title: 'A title longer than twenty' }] } }),
			credentials: env.credentials,
		});
		expect(error?.message).toBe('Button 1 title is 26 characters; WhatsApp allows 20 [item 0]');
		expect(env.sandbox.received).toEqual([]);
	});
});

describe('Dry Run in the editor', () => {
	const { description } = new Octopods();

	it('shows a notice among the parameters and a hint on the output while it is on', () => {
		const notices = description.properties.filter((property) => property.name === 'dryRunNotice');
		expect(notices.map((notice) => notice.displayOptions?.show)).toEqual([
			{ resource: ['message'], operation: ['sendAndWait'], '/options.dryRun': [true] },
			{ resource: ['message'], operation: ['sendInteractive'], '/options.dryRun': [true] },
			{ resource: ['message'], operation: ['sendTemplate'], '/options.dryRun': [true] },
			{ resource: ['sms'], operation: ['send'], '/options.dryRun': [true] },
		]);
		expect(description.hints).toEqual([
			expect.objectContaining({ type: 'warning', whenToDisplay: 'always', displayCondition: expect.stringContaining('dryRun') }),
		]);
	});
});
