/** The sandbox's inbox: what a phone would show, links included, for the demo and the e2e suites. */
import { startSandbox, type InboxMessage, type Sandbox } from '../../sandbox/server';
import { INBOX_SIZE } from '../../sandbox/inbox';
import { call } from '../support/sandboxHttp';

const PAGE_LINK = 'http://127.0.0.1:5678/webhook-waiting/41/node-1?approved=true&signature=abc';

const callToAction = (text: string, url: string) => ({
	type: 'cta_url',
	body: { text },
	action: { name: 'cta_url', parameters: { display_text: 'Answer', url } },
});

describe('the sandbox inbox', () => {
	let sandbox: Sandbox;
	const logged: InboxMessage[] = [];
	beforeAll(async () => (sandbox = await startSandbox({ rateLimit: false, onMessage: (message) => logged.push(message) })));
	beforeEach(() => {
		sandbox.reset();
		logged.length = 0;
	});
	afterAll(async () => await sandbox.close());

	const inboxJson = async () => {
		const response = await fetch(`${sandbox.url}/__sandbox/inbox?format=json`);
		expect(response.status).toBe(200);
		return ((await response.json()) as { messages: InboxMessage[] }).messages;
	};
	const sendInteractive = (payload: unknown, phone = '+353838000000') =>
		call(sandbox, 'POST', '/api/v1/whatsapp/interactive', { body: { destination_phone: phone, waba_interactive_message: payload } });

	it('keeps an interactive cta_url message with its button link, and a template with the link in a variable, newest first', async () => {
		expect((await sendInteractive(callToAction('Refund order A-17, EUR 40?', PAGE_LINK))).status).toBe(201);
		const template = await call(sandbox, 'POST', '/api/v1/whatsapp/templates/539/messages', {
			body: { destination_phone: '+353838000001', message_variables: ['https://n8n.example.com/webhook-waiting/42/n?signature=x'] },
		});
		expect(template.status).toBe(201);

		const messages = await inboxJson();
		expect(messages).toEqual([
			{
				messageId: template.body.message_id,
				phone: '+353838000001',
				kind: 'template',
				text: 'go here: https://n8n.example.com/webhook-waiting/42/n?signature=x to check your updated information.',
				links: ['https://n8n.example.com/webhook-waiting/42/n?signature=x'],
				receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			},
			expect.objectContaining({ phone: '+353838000000', kind: 'interactive', text: 'Refund order A-17, EUR 40?', links: [PAGE_LINK] }),
		]);
		expect(sandbox.inbox()).toEqual(messages);
		expect(logged.map((message) => message.messageId)).toEqual([messages[1].messageId, messages[0].messageId]);
	});

	it('finds links in an interactive payload sent as a JSON string, and keeps none of a refused send', async () => {
		await sendInteractive(JSON.stringify(callToAction('Confirm tomorrow at 9?', PAGE_LINK)));
		// cta_url button text over WhatsApp's 20 characters: refused, so nothing reaches the phone.
		const refused = await sendInteractive({ ...callToAction('x', PAGE_LINK), action: { name: 'cta_url', parameters: { display_text: 'A button label far too long', url: PAGE_LINK } } });
		expect(refused.status).toBe(400);
		expect((await inboxJson()).map((message) => [message.text, message.links])).toEqual([['Confirm tomorrow at 9?', [PAGE_LINK]]]);
	});

	it('shows the messages on a plain page with clickable, escaped links and text', async () => {
		await sendInteractive(callToAction('<b>Refund</b> & "more"?<script>alert(1)</script>', 'http://127.0.0.1:1/x?a=1&b=2'));
		const response = await fetch(`${sandbox.url}/__sandbox/inbox`);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		const page = await response.text();
		expect(page).toContain('&lt;b&gt;Refund&lt;/b&gt; &amp; &quot;more&quot;?');
		expect(page).toContain('<a href="http://127.0.0.1:1/x?a=1&amp;b=2">http://127.0.0.1:1/x?a=1&amp;b=2</a>');
		expect(page).not.toContain('<script>');
		expect(page).toContain('name="viewport"');
	});

	it('keeps the latest messages only, and answers other methods with 405', async () => {
		for (let i = 0; i < INBOX_SIZE + 2; i++) await sendInteractive(callToAction(`Question ${i}`, PAGE_LINK));
		const messages = await inboxJson();
		expect(messages).toHaveLength(INBOX_SIZE);
		expect(messages[0].text).toBe(`Question ${INBOX_SIZE + 1}`);
		expect(messages.at(-1)?.text).toBe('Question 2');
		expect((await fetch(`${sandbox.url}/__sandbox/inbox`, { method: 'POST' })).status).toBe(405);
		sandbox.reset();
		expect(await inboxJson()).toEqual([]);
		expect(await (await fetch(`${sandbox.url}/__sandbox/inbox`)).text()).toContain('No messages yet.');
	});
});
