/**
 * Send and Wait in a real n8n: workflows that ask and wait, the link the person got (read from the
 * sandbox's inbox, as a demo user reads it), and the execution's state while and after it waits.
 */
import type { InboxMessage } from '../../../sandbox/server';
import { ENDED, execution, executionsOf, type FullExecution, type RestClient, until } from './executions';
import { OCTOPODS } from './workflows';

/** Link-preview fetchers as they announce themselves (WhatsApp's, Facebook's), and a phone's browser. */
export const PREVIEW_AGENTS = ['WhatsApp/2.23.20.0', 'facebookexternalhit/1.1'];
export const BROWSER_AGENT =
	'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/** Start → Octopods (Send and Wait, the given parameters) → Done: Done runs once per resume. */
export function sendAndWaitWorkflow(id: string, parameters: Record<string, unknown>, credentialId = 'OctopodsSandbox1') {
	return {
		id,
		name: `e2e send and wait ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `ask-${id}`,
				name: 'Octopods',
				type: OCTOPODS,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'message', operation: 'sendAndWait', ...parameters },
				credentials: { octopodsApi: { id: credentialId, name: credentialId } },
			},
			{ id: 'done', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} },
		],
		connections: {
			Start: { main: [[{ node: 'Octopods', type: 'main', index: 0 }]] },
			Octopods: { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
	};
}

/** The n8n waiting link of the newest message to `phone` in the sandbox's inbox (GET /__sandbox/inbox?format=json). */
export async function linkSentTo(sandboxUrl: string, phone: string, timeoutMs = 120_000): Promise<string> {
	return await until(
		`a message with a waiting link to ${phone} in the sandbox inbox`,
		async () => {
			const response = await fetch(`${sandboxUrl}/__sandbox/inbox?format=json`);
			const { messages } = (await response.json()) as { messages: InboxMessage[] };
			return messages.find((message) => message.phone === phone)?.links.find((link) => link.includes('/webhook-waiting/'));
		},
		timeoutMs,
	);
}

/** The execution id a waiting link names: /webhook-waiting/<executionId>/<nodeId>. */
export function executionIdOf(link: string): string {
	const match = /\/webhook-waiting\/([^/?]+)/.exec(link);
	if (!match) throw new Error(`not a waiting link: ${link}`);
	return match[1];
}

/** The one execution of a workflow, once it is waiting. */
export async function waitingExecutionOf(n8n: RestClient, workflowId: string, timeoutMs = 120_000): Promise<string> {
	return await until(
		`an execution of ${workflowId} waiting`,
		async () => (await executionsOf(n8n, workflowId)).find((summary) => summary.status === 'waiting')?.id,
		timeoutMs,
	);
}

export async function statusOf(n8n: RestClient, id: string): Promise<string> {
	return (await execution(n8n, id)).status;
}

/** The execution once it ended (success, error, ...), polled every 100 ms so the time it took reads close. */
export async function endedExecution(n8n: RestClient, id: string, timeoutMs = 120_000): Promise<FullExecution> {
	return await until(
		`execution ${id} to end`,
		async () => {
			const full = await execution(n8n, id);
			return ENDED.includes(full.status) ? full : undefined;
		},
		timeoutMs,
		100,
	);
}

/** GET of the link as a fetcher with that user agent would: what it was answered. */
export async function fetchAs(link: string, userAgent: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
	const response = await fetch(link, { ...init, headers: { 'user-agent': userAgent, ...init.headers }, redirect: 'manual' });
	return { status: response.status, text: await response.text() };
}

/** A form submission to the link as the page makes it: multipart/form-data (fetch sets the boundary). */
export async function submit(link: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.append(name, value);
	return await fetchAs(link, BROWSER_AGENT, { method: 'POST', body });
}

/** The Custom Form of the e2e suites, as n8n's editor stores it: a dropdown (options a list) and a required text field. */
export const SLOT_QUESTION = 'Which slot suits you?';
export const CUSTOM_FORM = {
	responseType: 'customForm',
	message: 'Your appointment: which slot?',
	formFields: {
		values: [
			{ fieldType: 'dropdown', fieldLabel: SLOT_QUESTION, fieldOptions: { values: [{ option: 'Tue  10:00' }, { option: 'Wed 11:00' }] }, requiredField: true },
			{ fieldLabel: 'Your name', requiredField: true },
		],
	},
};

/** The link with its signature changed in one character: what a forger or a typo makes of it. */
export function forged(link: string): string {
	const url = new URL(link);
	const signature = url.searchParams.get('signature') ?? '';
	const last = signature.at(-1) === 'a' ? 'b' : 'a';
	url.searchParams.set('signature', `${signature.slice(0, -1)}${last}`);
	return url.toString();
}
