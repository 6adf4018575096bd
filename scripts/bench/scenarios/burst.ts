// Scenario 2: CRM events arriving at once, each its own execution of a published webhook workflow
// in a running n8n (`n8n start`), each sending one message. The executions share the channel's
// budget in the n8n process, so they must queue instead of tripping the cool-down.
import type { Sandbox } from '../../../sandbox/server';
import type { BenchN8n, RunningServer } from '../benchN8n';
import { countSandbox, type SandboxCount } from '../sends';
import { WEBHOOK_PATH, webhookWorkflow, type Workflow } from '../workflows';

const WORKFLOW_ID = 'BenchWebhookBur1';
/** A 429 would cost a 5-minute cool-down that the node waits out (Max Wait 330 s): allow for it. */
const FINISH_TIMEOUT_MS = 8 * 60_000;
const POLL_MS = 250;
const PUBLISH_TIMEOUT_MS = 60_000;
const FAILED = ['error', 'crashed', 'canceled'];

export interface BurstResult {
	events: number;
	/** Webhook calls n8n answered with 200. */
	acknowledged: number;
	/** Executions that ended in success. */
	succeeded: number;
	count: SandboxCount;
	/** From the first webhook call to the last accepted send. */
	drainMs: number;
}

interface PublicationStatus {
	status: string;
	liveVersionId: string | null;
}

export function burstWorkflows(): Workflow[] {
	return [webhookWorkflow(WORKFLOW_ID)];
}

/**
 * Publishes the workflow's current version in the running n8n (the editor's Publish button), and
 * waits until n8n says it is live: n8n 2.41 publishes through an outbox, after the REST call has
 * answered, and webhook calls in the meantime get 404s (we saw 25 of 100 refused that way).
 */
export async function publish(server: Pick<RunningServer, 'rest'>, workflowId = WORKFLOW_ID): Promise<void> {
	const workflow = await server.rest<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
	await server.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
	const deadline = Date.now() + PUBLISH_TIMEOUT_MS;
	for (;;) {
		const publication = await server.rest<PublicationStatus>('GET', `/rest/workflows/${workflowId}/publication-status`);
		if (publication.status === 'published' && publication.liveVersionId === workflow.versionId) return;
		if (Date.now() > deadline) throw new Error(`the webhook workflow was not published in time: ${JSON.stringify(publication)}`);
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

/** One CRM event per call, all started at once; resolves to how many n8n answered with 200. */
export async function fireEvents(url: string, events: number, path = WEBHOOK_PATH): Promise<number> {
	const call = async (i: number): Promise<boolean> => {
		const response = await fetch(`${url}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ phone: `+35383${8000000 + i}`, code: `event-${i}` }),
			signal: AbortSignal.timeout(60_000),
		});
		await response.arrayBuffer();
		return response.ok;
	};
	const answers = await Promise.all(Array.from({ length: events }, (_, i) => call(i)));
	return answers.filter(Boolean).length;
}

/** How many executions of the workflow n8n lists with one of these statuses. */
async function countExecutions(server: Pick<RunningServer, 'rest'>, workflowId: string, status: string[]): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status }));
	return (await server.rest<{ count: number }>('GET', `/rest/executions?filter=${filter}&limit=1`)).count;
}

/** Waits until n8n lists `events` finished executions of the workflow; how many succeeded. */
export async function waitForExecutions(
	server: Pick<RunningServer, 'rest'>,
	events: number,
	workflowId = WORKFLOW_ID,
	timeoutMs = FINISH_TIMEOUT_MS,
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const succeeded = await countExecutions(server, workflowId, ['success']);
		const finished = succeeded + (await countExecutions(server, workflowId, FAILED));
		if (finished >= events) return succeeded;
		if (Date.now() > deadline) throw new Error(`only ${finished} of ${events} executions finished in ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

export async function runBurst(n8n: BenchN8n, sandbox: Sandbox, events: number): Promise<BurstResult> {
	const server = await n8n.startServer();
	try {
		await publish(server);
		sandbox.reset();
		const startedAt = Date.now();
		const acknowledged = await fireEvents(server.url, events);
		// Only acknowledged calls started an execution.
		const succeeded = await waitForExecutions(server, acknowledged);
		const count = countSandbox(sandbox.received);
		return { events, acknowledged, succeeded, count, drainMs: count.lastSendAt - startedAt };
	} finally {
		await server.stop();
	}
}
