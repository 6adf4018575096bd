/**
 * Send and Wait's waiting webhook called as n8n calls it once the link's signature checked out: a
 * WebhookContext on the waiting run, with a recorded response (status, headers, the page).
 */
import { WebhookContext } from 'n8n-core';
import type { IRun, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { Octopods } from '../../nodes/Octopods/Octopods.node';
import type { OctopodsCredentials } from './engine';
import { additionalData, octopodsNode, workflowOf } from './engine';

export interface WebhookAnswer {
	result: IWebhookResponseData;
	sent: { status: number; body: string; headers: Record<string, string> };
}

export async function callWebhook(
	credentials: OctopodsCredentials,
	run: IRun,
	parameters: Record<string, unknown>,
	method: 'GET' | 'POST',
	body: unknown = {},
	asTool?: 'humanReview',
): Promise<WebhookAnswer> {
	const node = octopodsNode(parameters as never, false, {}, asTool);
	const sent: WebhookAnswer['sent'] = { status: 200, body: '', headers: {} };
	const res = {
		setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
		status(code: number) { sent.status = code; return res; },
		send(text: string) { sent.body = text; return res; },
	};
	const data = additionalData(credentials) as IWorkflowExecuteAdditionalData & Record<string, unknown>;
	data.httpRequest = { method, headers: { 'user-agent': 'WhatsApp/2.23' }, body, query: {} };
	data.httpResponse = res;
	const webhookData = { httpMethod: method, node: node.name, path: 'octopods-node', webhookDescription: {}, workflowId: 'test' } as unknown as IWebhookData;
	const context = new WebhookContext(workflowOf(node), node, data, 'webhook', webhookData, [], run.data);
	const result = await new Octopods().webhook.call(context);
	return { result, sent };
}
