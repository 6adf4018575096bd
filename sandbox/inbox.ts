/**
 * The sandbox's inbox: the latest messages it accepted, with every link in them, so a demo user (or
 * an end-to-end test acting as the customer) can open what a phone would show, e.g. a Send and Wait
 * page. Served at GET /__sandbox/inbox (a plain HTML page) and ?format=json (newest first).
 */
import type { MessageKind } from './messages';
import { TEMPLATE_ACTIONS } from './templateControl';
import type { SeededTemplate } from './templates';

export const INBOX_SIZE = 50;

export interface InboxMessage {
	messageId: number;
	/** The destination as sent, with its + (E.164). */
	phone: string;
	kind: MessageKind;
	/** The body text: an interactive message's body, a template's body with its values in. */
	text: string;
	/** Every http(s) URL in the request: button URLs (cta_url), template variables, media. */
	links: string[];
	receivedAt: string;
}

const URL_PATTERN = /https?:\/\/[^\s"'<>]+/g;

/** Every distinct http(s) URL in any string of the value, JSON strings (an interactive payload may be one) included. */
export function linksIn(value: unknown): string[] {
	const found = new Set<string>();
	const walk = (node: unknown): void => {
		if (typeof node === 'string') {
			for (const match of node.match(URL_PATTERN) ?? []) found.add(match.replace(/[),.;]+$/, ''));
		} else if (Array.isArray(node)) {
			node.forEach(walk);
		} else if (node !== null && typeof node === 'object') {
			Object.values(node).forEach(walk);
		}
	};
	walk(value);
	return [...found];
}

export class Inbox {
	private readonly messages: InboxMessage[] = [];

	constructor(private readonly size = INBOX_SIZE) {}

	add(message: InboxMessage): void {
		this.messages.unshift(message);
		this.messages.length = Math.min(this.messages.length, this.size);
	}

	/** Newest first. */
	list(): InboxMessage[] {
		return [...this.messages];
	}

	clear(): void {
		this.messages.length = 0;
	}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/**
 * The account's templates, each with buttons that change it as Meta would (POST /__sandbox/templates):
 * what the Octopods Trigger's template events report on the demo.
 */
function templateSection(templates: readonly SeededTemplate[]): string {
	const rows = templates.map((template) => {
		const buttons = TEMPLATE_ACTIONS.map(
			(action) => `<button name="action" value="${action}">${action.replace('_', ' ')}</button>`,
		).join(' ');
		const state = [template.template_status, template.active ? 'active' : 'paused'].filter(Boolean).join(', ');
		return [
			'<li><form method="post" action="/__sandbox/templates">',
			`<input type="hidden" name="id" value="${template.template_id}">`,
			`${escapeHtml(template.template_name)} <small>#${template.template_id} ${escapeHtml(template.lang ?? '')}: ${escapeHtml(state)}</small> `,
			buttons,
			'</form></li>',
		].join('');
	});
	return `<h2>Templates</h2><p>Change a template as Meta would; the Octopods Trigger's template events report it at its next poll.</p><ul>${rows.join('')}</ul>`;
}

/** A small page a person reads on a laptop or a phone: each message, its text and its links; the templates to change. */
export function inboxPage(messages: InboxMessage[], templates: readonly SeededTemplate[] = []): string {
	const items = messages.map((message) => {
		const links = message.links.map((link) => `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`).join('');
		return [
			'<article>',
			`<h2>${escapeHtml(message.phone)} <small>${escapeHtml(message.kind)} #${message.messageId}, ${escapeHtml(message.receivedAt)}</small></h2>`,
			`<p>${escapeHtml(message.text).replace(/\n/g, '<br>')}</p>`,
			links === '' ? '' : `<ul>${links}</ul>`,
			'</article>',
		].join('');
	});
	return [
		'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<title>Octopods sandbox inbox</title>',
		'<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.4}',
		'article{border-bottom:1px solid #ddd;padding:.5rem 0}h2{font-size:1rem;margin:0}small{color:#666;font-weight:normal}',
		'a{word-break:break-all}</style></head><body>',
		`<h1>Octopods sandbox inbox</h1><p>The latest ${INBOX_SIZE} messages the sandbox accepted, newest first. Reload to update.</p>`,
		items.length === 0 ? '<p>No messages yet.</p>' : items.join(''),
		templates.length === 0 ? '' : templateSection(templates),
		'</body></html>',
	].join('\n');
}

/** The log line for a message that carries links (null for one without): the demo user clicks them there. */
export function inboxLogLine(message: InboxMessage): string | null {
	if (message.links.length === 0) return null;
	return `${message.receivedAt} message ${message.messageId} to ${message.phone} (${message.kind}) links: ${message.links.join(' ')}`;
}
