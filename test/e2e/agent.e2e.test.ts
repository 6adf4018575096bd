import { readFileSync } from 'fs';
import { join } from 'path';

import { startSandbox } from '../../sandbox/server';
import { LAST_N8N_1X, PINNED_N8N } from '../../scripts/runtime/provision';
import type { Sandbox } from '../../sandbox/server';
import { activateWorkflow, agentWorkflow, askAgent, OCTOPODS_TOOL } from './support/agentWorkflow';
import type { AgentTool } from './support/agentWorkflow';
import type { RealN8n } from './support/realN8n';
import { EXAMPLES_DIR, startRealN8n } from './support/realN8n';
import type { ChatRequest, ScriptedModel, ScriptStep } from './support/scriptedModel';
import { startScriptedModel, toolResults } from './support/scriptedModel';

// The Octopods node as an AI agent's tool in a real n8n (2.41.1, and the last 1.x, 1.123.81): n8n's
// own AI Agent in both generations users' workflows hold (3.x, run by the engine; and 2.2, every
// agent saved before 3, run by LangChain's executor, which reads a thrown tool error as "") and
// OpenAI Chat Model nodes, the model being a scripted local OpenAI-compatible server that records
// what it was shown (test/e2e/support/scriptedModel.ts), the Octopods sandbox receiving the sends.
// The tools' parameters are filled by the model through $fromAI, as "let the model define this
// parameter" in the editor writes them.

const SECRET_KEY = 'octo-agent-e2e-key-4c2f8d1a9b';
// Each supported n8n with the AI Agent generations it offers: 3.x (3.1 on 2.41.1, 3 on 1.123.81)
// and 2.2 (the 2.x generation on both; 1.123.81 also offers the older 1.x agents, not driven here).
const AGENT_RUNS = [
	{ release: PINNED_N8N, agentVersions: [3.1, 2.2] },
	{ release: LAST_N8N_1X, agentVersions: [3, 2.2] },
];
const webhookOf = (agentVersion: number) => `octopods-agent-e2e-${String(agentVersion).replace('.', '-')}`;

/** A parameter the model fills, as the editor's override button writes it. */
const fromAI = (key: string, description: string, type = 'string') =>
	`={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${description}\`, '${type}') }}`;

/** The example agent workflow (examples/): its Octopods tools are the ones proven here. */
interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown> & { toolDescription?: string; systemMessage?: string };
}
const example = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'ai-agent-template-in-language.json'), 'utf8')) as {
	nodes: ExampleNode[];
};
const exampleTools: AgentTool[] = example.nodes
	.filter((node) => node.type === OCTOPODS_TOOL)
	.map((node) => ({ name: node.name, parameters: node.parameters }));
const exampleTool = (name: string): AgentTool => {
	const tool = exampleTools.find((candidate) => candidate.name === name);
	if (!tool) throw new Error(`the example has no tool "${name}"`);
	return tool;
};
const systemMessage = String(
	(example.nodes.find((node) => node.name === 'AI Agent')?.parameters.options as { systemMessage?: string } | undefined)?.systemMessage,
);

const tools: AgentTool[] = [
	...exampleTools,
	{
		name: 'Send Buttons',
		parameters: {
			resource: 'message',
			operation: 'sendInteractive',
			phoneNumber: fromAI('Phone_Number', "The customer's WhatsApp number with its country code"),
			interactiveType: 'buttons',
			headerType: 'text',
			headerText: fromAI('Header_Text', 'A bold line above the body, up to 60 characters'),
			bodyText: fromAI('Body_Text', 'The message text, up to 1024 characters'),
			footerText: fromAI('Footer_Text', 'Small grey text below the body, up to 60 characters'),
			buttons: {
				button: [
					{ title: fromAI('button0_Title', 'The first button, up to 20 characters'), id: 'first' },
					{ title: fromAI('button1_Title', 'The second button, up to 20 characters'), id: 'second' },
				],
			},
			options: {},
		},
	},
	{
		name: 'Send Interactive JSON',
		parameters: {
			resource: 'message',
			operation: 'sendInteractive',
			phoneNumber: fromAI('Phone_Number', "The customer's WhatsApp number with its country code"),
			interactiveType: 'json',
			interactiveJson: fromAI('Interactive_JSON', 'A WhatsApp interactive object, e.g. {"type": "list", ...}', 'json'),
			options: {},
		},
	},
	// On Error → Continue (using error output): n8n 2.41 gives such a tool's answer to the agent only
	// when the node throws (toolAnswer.ts); its items never reach the model.
	{ ...exampleTool('Send Template'), name: 'Send Template Error Output', settings: { onError: 'continueErrorOutput' } },
];

let sandbox: Sandbox;
let model: ScriptedModel;

beforeAll(async () => {
	sandbox = await startSandbox({ apiKey: SECRET_KEY });
	model = await startScriptedModel();
});

beforeEach(() => sandbox.reset());

afterEach(() => {
	// (d) Nothing the model was sent, tool results included, holds the Octopods API key.
	expect(JSON.stringify(model.requests)).not.toContain(SECRET_KEY);
});

afterAll(async () => {
	await model?.close();
	await sandbox?.close();
});

const lastResult = (request: ChatRequest): string => toolResults(request).at(-1) ?? '';
const lastJson = (request: ChatRequest): Array<Record<string, unknown>> => JSON.parse(lastResult(request)) as Array<Record<string, unknown>>;
const call = (name: string, args: Record<string, unknown>): ReturnType<ScriptStep> => ({ toolCalls: [{ name, arguments: args }] });
/** The script's last step: the final answer, quoting the last tool result. */
const finalAnswer: ScriptStep = (request) => ({ text: `Done. Last tool result: ${lastResult(request)}` });

describe.each(AGENT_RUNS.map((run) => [run.release.version, run] as const))('n8n %s', (_version, { release, agentVersions }) => {
	let n8n: RealN8n;

	beforeAll(async () => {
		n8n = await startRealN8n(
			[
				{ id: 'OctopodsAgent1', name: 'Octopods Agent', type: 'octopodsApi', data: { apiKey: SECRET_KEY, baseUrl: sandbox.url } },
				{ id: 'ScriptedModel1', name: 'Scripted Model', type: 'openAiApi', data: { apiKey: model.apiKey, url: model.url } },
			],
			{ release },
		);
		for (const agentVersion of agentVersions) {
			const id = `E2eAgentOctopodsV${String(agentVersion).replace('.', '')}`;
			await n8n.importWorkflow(
				agentWorkflow({
					id,
					webhookPath: webhookOf(agentVersion),
					octopodsCredentialId: 'OctopodsAgent1',
					modelCredentialId: 'ScriptedModel1',
					systemMessage,
					tools,
					agentVersion,
				}),
			);
			await activateWorkflow(n8n, id, webhookOf(agentVersion));
		}
	});

	afterAll(async () => {
		await n8n?.stop();
		expect(await n8n?.leftovers()).toEqual([]);
	});

	describe.each(agentVersions)('an n8n AI Agent (typeVersion %s) with the Octopods tools', (agentVersion) => {
		async function run(message: string, steps: ScriptStep[]): Promise<void> {
			model.script(steps);
			const answer = await askAgent(n8n, webhookOf(agentVersion), message);
			expect(answer).toEqual({ status: 200, body: { output: expect.stringMatching(/^Done\./) } });
			expect(model.requests).toHaveLength(steps.length);
		}

		it('offers each tool with the parameters the model defines, and their descriptions', async () => {
			await run('Hello', [finalAnswer]);
			const offered = Object.fromEntries(
				(model.requests[0].tools ?? []).map((tool) => [
					tool.function.name,
					{ description: tool.function.description, parameters: Object.keys(tool.function.parameters?.properties ?? {}) },
				]),
			);
			expect(offered).toEqual({
				// The example's own tool descriptions (Tool Description: Set Manually).
				List_Templates: { description: exampleTool('List Templates').parameters.toolDescription, parameters: ['Language'] },
				Send_Template: { description: exampleTool('Send Template').parameters.toolDescription, parameters: ['Template', 'Phone_Number', 'Variables__JSON_'] },
				Get_Status: { description: exampleTool('Get Status').parameters.toolDescription, parameters: ['Message_ID'] },
				// Set Automatically: the operation's action and the node's name.
				Send_Buttons: {
					description: 'Send an interactive message in Octopods',
					parameters: ['Phone_Number', 'Header_Text', 'Body_Text', 'Footer_Text', 'button0_Title', 'button1_Title'],
				},
				Send_Interactive_JSON: expect.objectContaining({ parameters: ['Phone_Number', 'Interactive_JSON'] }),
				Send_Template_Error_Output: expect.objectContaining({ parameters: ['Template', 'Phone_Number', 'Variables__JSON_'] }),
			});
			const sendTool = model.requests[0].tools?.find((tool) => tool.function.name === 'Send_Template');
			expect(sendTool?.function.parameters?.properties?.Phone_Number?.description).toBe(
				"The customer's WhatsApp number in international format with its country code, e.g. +353838000000",
			);
		});

		it('finds the template in the customer\'s language, sends it once, then reads its delivery status', async () => {
			await run('Tell Ana (+351 912 345 678, Portuguese) her code 4821, then check it arrived', [
				() => call('List_Templates', { Language: 'pt' }),
				(request) => {
					const [found] = lastJson(request);
					return call('Send_Template', {
						Template: String(found.template_id),
						Phone_Number: '+351 912 345 678',
						Variables__JSON_: { body: ['Ana', '4821'] },
					});
				},
				(request) => call('Get_Status', { Message_ID: String(lastJson(request)[0].message_id) }),
				finalAnswer,
			]);
			const [listed, sent, status] = toolResults(model.requests[3]).map((text) => JSON.parse(text) as Array<Record<string, unknown>>);
			expect(listed.map((t) => [t.template_id, t.lang])).toEqual([
				[542, 'pt'],
				[550, 'pt'],
			]);
			// (a) The sandbox received exactly that send.
			expect(sandbox.sends().map((s) => [s.path, s.body])).toEqual([
				['/api/v1/whatsapp/templates/542/messages', { destination_phone: '+351912345678', message_variables: ['Ana', '4821'] }],
			]);
			expect(sent).toEqual([expect.objectContaining({ phone_number: '+351912345678', template_name: 'welcome_named', message_id: expect.any(Number) })]);
			// (b) The second call read that message's status.
			expect(status).toEqual([expect.objectContaining({ message_id: sent[0].message_id, status: expect.stringMatching(/^(SENT|DELIVERED|READ)$/) })]);
		});

		// Under Continue (using error output), the engine replaces a tool's regular output with its
		// (empty) error items, so AI Agent 3.x reads an empty result for a successful call, and reads
		// the refusal only where n8n turns the node's throw into an error item (2.41.1; 1.123.81 passes
		// the call's input item on instead, so the model reads its own arguments back). AI Agent 2.x
		// calls the node without the engine and reads both, on both n8n versions.
		const errorOutputReadsRefusal = agentVersion < 3 || release === PINNED_N8N;
		it.each([
			['Send_Template', 'the default On Error', true, true],
			['Send_Template_Error_Output', 'On Error: Continue (using error output)', agentVersion < 3, errorOutputReadsRefusal],
		])('%s (%s): a refused phone number is explained, and one corrected call sends once', async (tool, _onError, readsSuccess, readsRefusal) => {
			await run('Send Ana the account update link', [
				() => call(tool, { Template: '539', Phone_Number: '0912 345 678', Variables__JSON_: { body: ['https://example.com/ana'] } }),
				() => call(tool, { Template: '539', Phone_Number: '+351912345678', Variables__JSON_: { body: ['https://example.com/ana'] } }),
				finalAnswer,
			]);
			const [refused, sent] = toolResults(model.requests[2]);
			// (c) The model reads which field was refused, what is accepted, and that nothing was sent.
			const refusal = {
				error:
					'Phone Number: "0912 345 678" is a national number: set Default Country (e.g. IE) or write it with its country code, e.g. +353... Field: Phone Number. Nothing was sent for this item.',
			};
			const readBack = expect.objectContaining({ Phone_Number: '0912 345 678', toolCallId: expect.any(String) });
			expect(JSON.parse(refused)).toEqual([readsRefusal ? refusal : readBack]);
			if (readsSuccess) {
				expect(JSON.parse(sent)).toEqual([expect.objectContaining({ phone_number: '+351912345678', message_id: expect.any(Number) })]);
			}
			expect(sandbox.sends().map((s) => (s.body as { destination_phone: string }).destination_phone)).toEqual(['+351912345678']);
		});

		it.each([
			[
				'a missing variable',
				{ Template: '537', Variables__JSON_: { header: ['Ana'], body: ['Ana'] } },
				/^Body \{\{2\}\} is missing\. .*Field: Body \{\{2\}\}\. Nothing was sent for this item\.$/,
			],
			['an unknown template', { Template: '9999', Variables__JSON_: { body: ['x'] } }, /^Template 9999 was not found in this Octopods account\. Octopods says: /],
		])('is told about %s', async (_case, args, expected) => {
			await run('Send it', [() => call('Send_Template', { Phone_Number: '+353838000000', ...args }), finalAnswer]);
			const [answer] = lastJson(model.requests[1]);
			expect(answer).toEqual({ error: expect.stringMatching(expected) });
			expect(String(answer.error)).not.toMatch(/\[item \d+\]|\n\s+at /);
			expect(sandbox.sends()).toHaveLength(0);
		});

		it('is told about an interactive limit, and sends reply buttons with every field defined by the model', async () => {
			const buttons = { Phone_Number: '+353838000000', Header_Text: 'Your order', Body_Text: 'Is the delivery time fine?', Footer_Text: 'Shop' };
			await run('Ask the customer to confirm', [
				() => call('Send_Buttons', { ...buttons, button0_Title: 'Yes, that time works for me', button1_Title: 'No' }),
				() => call('Send_Buttons', { ...buttons, button0_Title: 'Yes', button1_Title: 'No' }),
				finalAnswer,
			]);
			const [refused] = toolResults(model.requests[2]);
			expect(JSON.parse(refused)).toEqual([
				{ error: 'Button 1 title is 27 characters; WhatsApp allows 20. Field: Button 1 title. Nothing was sent for this item.' },
			]);
			expect(sandbox.sends().map((s) => s.body)).toEqual([
				{
					destination_phone: '+353838000000',
					waba_interactive_message: {
						type: 'button',
						header: { type: 'text', text: 'Your order' },
						body: { text: 'Is the delivery time fine?' },
						footer: { text: 'Shop' },
						action: {
							buttons: [
								{ type: 'reply', reply: { id: 'first', title: 'Yes' } },
								{ type: 'reply', reply: { id: 'second', title: 'No' } },
							],
						},
					},
				},
			]);
		});

		it('passes an interactive object the model wrote through JSON mode unchanged', async () => {
			const list = {
				type: 'list',
				body: { text: 'Pick a slot' },
				action: { button: 'Slots', sections: [{ title: 'Tomorrow', rows: [{ id: 'tue_1000', title: 'Tuesday 10:00' }] }] },
			};
			await run('Offer the slots', [
				() => call('Send_Interactive_JSON', { Phone_Number: '+353838000000', Interactive_JSON: list }),
				finalAnswer,
			]);
			expect(sandbox.sends().map((s) => s.body)).toEqual([{ destination_phone: '+353838000000', waba_interactive_message: list }]);
			expect(lastJson(model.requests[1])).toEqual([expect.objectContaining({ payload: list, message_id: expect.any(Number) })]);
		});

		it('is told plainly that a send may have gone through, so it does not send again', async () => {
			sandbox.setFaults([{ mode: 'server-error', when: 'after', count: 1, methods: ['POST'] }]);
			await run('Send the hello template', [
				() => call('Send_Template', { Template: '544', Phone_Number: '+353838000000', Variables__JSON_: { body: [] } }),
				finalAnswer,
			]);
			const [answer] = lastJson(model.requests[1]);
			expect(answer.error).toMatch(/^The message may have been sent: .*\. Do not send this message again\. It was not sent again, so the customer cannot get it twice\./);
			expect(sandbox.sends()).toHaveLength(1);
		});
	});
});
