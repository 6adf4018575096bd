import { readFileSync } from 'fs';
import { join } from 'path';

import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { agentWorkflow, askAgent, activateWorkflow, OCTOPODS_TOOL } from './support/agentWorkflow';
import { itemsOf, until } from './support/executions';
import type { RealN8n } from './support/realN8n';
import { EXAMPLES_DIR, startRealN8n } from './support/realN8n';
import type { ScriptedModel } from './support/scriptedModel';
import { startScriptedModel, toolResults } from './support/scriptedModel';
import { BROWSER_AGENT, endedExecution, executionIdOf, fetchAs, linkSentTo, statusOf, submit } from './support/sendAndWait';

// The Octopods node as the AI Agent's human review in a real n8n 2.41.1: n8n 2.x makes
// `octopodsHitlTool` of a node whose `operation` offers `sendAndWait` and that has webhooks. The
// workflow wires it as n8n's editor does: the gated tool (the example's Send Template) → ai_tool →
// Human Review (octopodsHitlTool) → ai_tool → AI Agent 3.1. The scripted model asks for the gated
// tool; the review message goes to the reviewer through the sandbox, and the answer, submitted to
// the signed link as the page's buttons submit it, lets the send run (Approve) or stops it (Decline).

const API_KEY = 'octo-hitl-e2e-key-8b3f1c7e2a';
const REVIEWER = '+353838000077';
const CUSTOMER = '+351912345678';
const HITL_TOOL = 'n8n-nodes-octopods.octopodsHitlTool';

const example = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'ai-agent-template-in-language.json'), 'utf8')) as {
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
};
const sendTemplate = example.nodes.find((node) => node.type === OCTOPODS_TOOL && node.name === 'Send Template');

/** Webhook → AI Agent 3.1, with Send Template behind the Octopods human review. */
function reviewedAgentWorkflow(id: string, webhookPath: string, reviewer = REVIEWER) {
	if (!sendTemplate) throw new Error('the example has no "Send Template" tool');
	const workflow = agentWorkflow({
		id,
		webhookPath,
		octopodsCredentialId: 'OctopodsHitl1',
		modelCredentialId: 'ScriptedModelHitl1',
		systemMessage: 'You send WhatsApp templates; a person reviews each send.',
		tools: [{ name: 'Send Template', parameters: sendTemplate.parameters }],
	});
	const webhook = workflow.nodes.find((node) => node.name === 'Webhook');
	// The agent waits for the review: the webhook answers at once, the execution is read over REST.
	if (webhook) webhook.parameters = { ...webhook.parameters, responseMode: 'onReceived' };
	return {
		...workflow,
		nodes: [
			...workflow.nodes,
			{
				id: 'review',
				name: 'Human Review',
				type: HITL_TOOL,
				typeVersion: 1,
				position: [400, 480],
				parameters: {
					phoneNumber: reviewer,
					approvalOptions: { values: { approvalType: 'double', approveLabel: 'Send it', disapproveLabel: 'Stop' } },
				},
				credentials: { octopodsApi: { id: 'OctopodsHitl1', name: 'OctopodsHitl1' } },
			},
		],
		connections: {
			...workflow.connections,
			'Send Template': { ai_tool: [[{ node: 'Human Review', type: 'ai_tool', index: 0 }]] },
			'Human Review': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

const WEBHOOK = 'octopods-hitl-e2e';
const WORKFLOW_ID = 'E2eAgentOctopodsHitl1';
// A reviewer's number the node refuses (national, no Default Country): the review cannot be sent.
const UNSENDABLE = { webhook: 'octopods-hitl-e2e-unsendable', id: 'E2eAgentOctopodsHitl2', reviewer: '0838 000 077' };
const templateCall = { Template: '542', Phone_Number: CUSTOMER, Variables__JSON_: { body: ['Ana', '4821'] } };

describe('the Octopods human review (octopodsHitlTool) of n8n 2.41.1\'s AI Agent', () => {
	let sandbox: Sandbox;
	let model: ScriptedModel;
	let n8n: RealN8n;

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: API_KEY, rateLimit: false });
		model = await startScriptedModel();
		n8n = await startRealN8n([
			{ id: 'OctopodsHitl1', name: 'Octopods Hitl', type: 'octopodsApi', data: { apiKey: API_KEY, baseUrl: sandbox.url } },
			{ id: 'ScriptedModelHitl1', name: 'Scripted Model', type: 'openAiApi', data: { apiKey: model.apiKey, url: model.url } },
		]);
		await n8n.importWorkflow(reviewedAgentWorkflow(WORKFLOW_ID, WEBHOOK));
		await activateWorkflow(n8n, WORKFLOW_ID, WEBHOOK);
		await n8n.importWorkflow(reviewedAgentWorkflow(UNSENDABLE.id, UNSENDABLE.webhook, UNSENDABLE.reviewer));
		await activateWorkflow(n8n, UNSENDABLE.id, UNSENDABLE.webhook);
	});

	beforeEach(() => sandbox.reset());

	afterAll(async () => {
		await n8n?.stop();
		expect(await n8n?.leftovers()).toEqual([]);
		await model?.close();
		await sandbox?.close();
	});

	it('is listed among the loaded node types, as n8n makes it of Send and Wait', async () => {
		const types = await n8n.rest<Array<{ name: string; description: string; inputs: unknown; outputs: unknown }>>('GET', '/types/nodes.json');
		const hitl = types.find((type) => type.name === HITL_TOOL);
		expect(hitl).toEqual(expect.objectContaining({ description: 'Request human approval for tools' }));
	});

	/** The model calls Send Template, then ends quoting the result it read. */
	const scriptReviewedSend = () =>
		model.script([
			() => ({ toolCalls: [{ name: 'Send_Template', arguments: { toolParameters: templateCall, hitlParameters: {} } }] }),
			(request) => ({ text: `Done. Last tool result: ${toolResults(request).at(-1) ?? ''}` }),
		]);

	/** Asks the agent; the model calls Send Template; returns the review link the reviewer got. */
	async function askForReviewedSend(): Promise<string> {
		scriptReviewedSend();
		expect((await askAgent(n8n, WEBHOOK, 'Tell Ana her code 4821')).status).toBe(200);
		const link = await linkSentTo(sandbox.url, REVIEWER);
		// The message leaves before n8n has put the execution to wait (until then it answers 409).
		await until('the execution to wait for the review', async () => ((await statusOf(n8n, executionIdOf(link))) === 'waiting' ? true : undefined));
		return link;
	}

	it.each([
		['Approve', 'true'],
		['Decline', 'false'],
	])('%s on the review page: the gated send runs only when approved', async (answer, approved) => {
		const link = await askForReviewedSend();
		// The review message went out to the reviewer, and nothing to the customer yet.
		// n8n's default review message, with the call's input readable (not "[object Object]").
		const question = 'The agent wants to run this tool: Send_Template\n\nInput:\nTemplate: 542\nPhone_Number: +351912345678\nVariables__JSON_: {"body":["Ana","4821"]}';
		const review = sandbox.sends();
		expect(review).toEqual([
			expect.objectContaining({
				body: expect.objectContaining({
					destination_phone: REVIEWER,
					waba_interactive_message: expect.objectContaining({ type: 'cta_url', body: { text: question } }),
				}),
			}),
		]);
		// The page shows it too; opening it answers nothing.
		const page = await fetchAs(link, BROWSER_AGENT);
		expect(page.text).toContain('Template: 542<br>Phone_Number: +351912345678<br>Variables__JSON_: {&quot;body&quot;:[&quot;Ana&quot;,&quot;4821&quot;]}');
		expect(model.requests).toHaveLength(1);
		const submittedAt = Date.now();
		expect((await submit(link, { approved })).status).toBe(200);
		const ended = await endedExecution(n8n, executionIdOf(link));
		process.stdout.write(`[e2e] human review: ${answer} submitted, execution ended ${((Date.now() - submittedAt) / 1000).toFixed(1)}s later\n`);
		expect(ended.status).toBe('success');
		expect(itemsOf(ended.data, 'Human Review')).toEqual([{ data: { approved: approved === 'true', respondedAt: expect.any(String) } }]);
		expect(model.requests).toHaveLength(2);
		const [toolResult] = toolResults(model.requests[1]);
		const customerSends = sandbox.sends().filter((send) => (send.body as { destination_phone?: string }).destination_phone === CUSTOMER);
		if (answer === 'Approve') {
			expect(customerSends.map((send) => send.path)).toEqual(['/api/v1/whatsapp/templates/542/messages']);
			expect(JSON.parse(toolResult)).toEqual([expect.objectContaining({ phone_number: CUSTOMER, message_id: expect.any(Number) })]);
		} else {
			expect(customerSends).toEqual([]);
			expect(JSON.parse(toolResult)).toEqual([{ output: expect.stringMatching(/^User rejected the tool call to Send Template \(id: call_1_0\)\. STOP/) }]);
		}
		expect(JSON.stringify(model.requests)).not.toContain(API_KEY);
	});

	it('a review that cannot be sent (a refused reviewer number) reads as a rejection: the gated send does not run', async () => {
		scriptReviewedSend();
		expect((await askAgent(n8n, UNSENDABLE.webhook, 'Tell Ana her code 4821')).status).toBe(200);
		await until('the agent to answer', () => (model.requests.length === 2 ? true : undefined), 60_000);
		const [toolResult] = toolResults(model.requests[1]);
		expect(JSON.parse(toolResult)).toEqual([{ output: expect.stringMatching(/^User rejected the tool call to Send Template/) }]);
		expect(sandbox.sends()).toEqual([]);
	});
});
