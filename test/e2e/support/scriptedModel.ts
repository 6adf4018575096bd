import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenAI-compatible chat model for end-to-end tests of n8n's AI Agent: it answers
 * `POST /v1/chat/completions` from a script instead of a model, and records every request, so a
 * test can check what the model was shown (the tools, their schemas, each tool's result).
 *
 * n8n's OpenAI Chat Model node (typeVersion 1.2) calls it through the `openAiApi` credential's
 * Base URL (`url`), e.g. http://127.0.0.1:PORT/v1.
 */

/** A message as the OpenAI chat API carries it. */
export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_call_id?: string;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
}

/** A tool as the agent offers it to the model. */
export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: ToolSchema };
}

export interface ToolSchema {
	type?: string;
	properties?: Record<string, { type?: string; description?: string }>;
	required?: string[];
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
}

/** What the scripted model answers: tool calls, or a final text. */
export type ScriptedAnswer = { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> } | { text: string };

/** One step of a script: the answer to the n-th request, given what the model was sent. */
export type ScriptStep = (request: ChatRequest) => ScriptedAnswer;

export interface ScriptedModel {
	/** Base URL for the openAiApi credential, e.g. http://127.0.0.1:5123/v1. */
	url: string;
	/** The API key the model expects (any value works; kept distinct to show it never leaks). */
	apiKey: string;
	/** Every chat request received, in order. */
	requests: ChatRequest[];
	/** Replaces the script and forgets the requests: one step per expected request. */
	script(steps: ScriptStep[]): void;
	close(): Promise<void>;
}

/** The text of a tool message (the tool's result as the model reads it). */
export function toolResultText(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	if (Array.isArray(message.content)) return message.content.map((part) => part.text ?? '').join('');
	return '';
}

/** The results of tool calls the model has been sent, in order. */
export function toolResults(request: ChatRequest): string[] {
	return request.messages.filter((message) => message.role === 'tool').map(toolResultText);
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function completionMessage(answer: ScriptedAnswer, callNumber: number) {
	if ('text' in answer) return { message: { role: 'assistant', content: answer.text }, finishReason: 'stop' };
	const toolCalls = answer.toolCalls.map((call, index) => ({
		id: `call_${callNumber}_${index}`,
		type: 'function' as const,
		function: { name: call.name, arguments: JSON.stringify(call.arguments) },
	}));
	return { message: { role: 'assistant', content: null, tool_calls: toolCalls }, finishReason: 'tool_calls' };
}

function send(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(body));
}

/** The same answer as server-sent events, for a client that asks for a stream. */
function sendStream(response: ServerResponse, id: string, message: ReturnType<typeof completionMessage>): void {
	response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const chunk = (delta: object, finishReason: string | null) =>
		`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: 'scripted', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
	const { role, content, tool_calls: toolCalls } = message.message as {
		role: string;
		content: string | null;
		tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	};
	response.write(chunk({ role, content: content ?? '' }, null));
	toolCalls?.forEach((call, index) => response.write(chunk({ tool_calls: [{ index, ...call }] }, null)));
	response.write(chunk({}, message.finishReason));
	response.end('data: [DONE]\n\n');
}

export async function startScriptedModel(apiKey = 'scripted-model-key'): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	let steps: ScriptStep[] = [];
	const server = createServer((request, response) => {
		void (async () => {
			if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
				return send(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
			}
			const body = JSON.parse(await readBody(request)) as ChatRequest;
			requests.push(body);
			const step = steps[requests.length - 1];
			if (!step) {
				return send(response, 500, { error: { message: `the script has no step ${requests.length}` } });
			}
			const id = `chatcmpl-${requests.length}`;
			const message = completionMessage(step(body), requests.length);
			if (body.stream) return sendStream(response, id, message);
			send(response, 200, {
				id,
				object: 'chat.completion',
				created: 0,
				model: body.model,
				choices: [{ index: 0, message: message.message, finish_reason: message.finishReason }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
		})().catch((error: Error) => send(response, 500, { error: { message: error.message } }));
	});
	await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		apiKey,
		requests,
		script(next) {
			steps = next;
			requests.length = 0;
		},
		close: async () => await new Promise<void>((resolveClose) => server.close(() => resolveClose())),
	};
}
