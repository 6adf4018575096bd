import { randomUUID } from 'node:crypto';

import type { RealN8n } from './realN8n';

/**
 * An n8n AI Agent workflow for end-to-end tests: a Webhook (answering with the agent's output),
 * n8n's own AI Agent node and OpenAI Chat Model node, and Octopods tools. Such workflows run in a
 * started n8n behind a webhook: `n8n execute` hangs on AI Agent workflows.
 */

export const OCTOPODS_TOOL = 'n8n-nodes-octopods.octopodsTool';

export interface AgentTool {
	/** The node's name; the model sees it as the tool's name (spaces become underscores). */
	name: string;
	parameters: Record<string, unknown>;
	/** Node settings such as onError or retryOnFail. */
	settings?: Record<string, unknown>;
}

export interface AgentWorkflowOptions {
	id: string;
	webhookPath: string;
	octopodsCredentialId: string;
	modelCredentialId: string;
	systemMessage: string;
	tools: AgentTool[];
	/** The AI Agent's typeVersion: 3.1 (n8n 2.x's newest), or 2.2 (the 2.x generation, LangChain's executor). */
	agentVersion?: number;
}

export function agentWorkflow({
	id,
	webhookPath,
	octopodsCredentialId,
	modelCredentialId,
	systemMessage,
	tools,
	agentVersion = 3.1,
}: AgentWorkflowOptions) {
	const toolNodes = tools.map((tool, index) => ({
		id: `tool-${index}`,
		name: tool.name,
		type: OCTOPODS_TOOL,
		typeVersion: 1,
		position: [400 + 200 * index, 240],
		parameters: tool.parameters,
		credentials: { octopodsApi: { id: octopodsCredentialId, name: octopodsCredentialId } },
		...tool.settings,
	}));
	return {
		id,
		name: `e2e agent ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: agentVersion,
				position: [240, 0],
				parameters: { promptType: 'define', text: '={{ $json.body.message }}', options: { systemMessage } },
			},
			{
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 240],
				parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
				credentials: { openAiApi: { id: modelCredentialId, name: modelCredentialId } },
			},
			...toolNodes,
		],
		connections: {
			Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			...Object.fromEntries(
				tools.map((tool) => [tool.name, { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] }]),
			),
		},
	};
}

/**
 * Activates an imported workflow (n8n 2.x activates a version: the workflow's current one) and
 * waits until its webhook is registered: n8n 2.41 publishes an activation through an outbox, so the
 * webhook appears a moment after the REST call returns. Until then a GET to the POST-only webhook
 * is answered "not registered" without naming POST; once registered, n8n names POST (and runs
 * nothing for a GET).
 */
export async function activateWorkflow(n8n: RealN8n, workflowId: string, webhookPath: string): Promise<void> {
	const workflow = await n8n.rest<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
	await n8n.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(`${n8n.url}/webhook/${webhookPath}`, { signal: AbortSignal.timeout(10_000) });
		if ((await response.text()).includes('POST')) return;
		if (Date.now() > deadline) throw new Error(`the webhook ${webhookPath} was not registered within 60 s of activation`);
		await new Promise((resolveWait) => setTimeout(resolveWait, 250));
	}
}

/** Sends a message to the agent's webhook and returns what the workflow answered. */
export async function askAgent(n8n: RealN8n, webhookPath: string, message: string): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${n8n.url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ message }),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, body };
}
