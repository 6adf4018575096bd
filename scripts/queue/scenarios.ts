// The queue-mode benchmark (issue 13): CRM events through the main of a queue-mode n8n, run by its
// workers, against the sandbox with Octopods' limit in real time. Each run has its own sandbox and
// API key, so its own channel: the workers' budgets (and anything they learnt from a cool-down)
// start afresh. Every count comes from the sandbox, as in the rest of the benchmark.
import { DEFAULT_RATE_LIMIT, startSandbox, type ReceivedRequest } from '../../sandbox/server';
import { fireEvents, publish, waitForExecutions } from '../bench/scenarios/burst';
import { countSandbox, isAcceptedSend, type SandboxCount } from '../bench/sends';
import { webhookBatchWorkflow, webhookWorkflow, type Workflow } from '../bench/workflows';
import type { QueueCluster } from './cluster';

/** Two cool-downs and the queue after them, with room. */
const FINISH_TIMEOUT_MS = 15 * 60_000;

export interface QueueRunSpec {
	/** Short name, also the webhook path and the key's suffix. */
	name: string;
	/** Processes Sharing This Key on the credential; undefined leaves the field unset (its default). */
	processes?: number;
	/** 'events': one execution per CRM event; 'batch': all records in one execution (one worker). */
	spread: 'events' | 'batch';
	records: number;
}

export interface QueueRun extends QueueRunSpec {
	/** Webhook calls n8n answered with 200. */
	acknowledged: number;
	executions: number;
	succeeded: number;
	count: SandboxCount;
	/** From the first webhook call to the last accepted send. */
	drainMs: number;
	/** Executions each worker finished. */
	perWorker: number[];
	/** Per worker: the requests per window it kept after each cool-down others caused (from its log). */
	keptRequests: number[][];
	/** When each cool-down began (the first 429 of it), ms since the epoch. */
	cooldowns: number[];
	/** Accepted sends per second before the first cool-down, and after the last one ended. */
	rateBefore?: number;
	rateAfter?: number;
}

const COOLDOWN_MS = DEFAULT_RATE_LIMIT.cooldownMs;

/** Cool-downs: a 429 a cool-down or more after the start of the previous one starts another. */
export function cooldownStarts(received: readonly ReceivedRequest[]): number[] {
	const starts: number[] = [];
	for (const { at, status } of received) {
		if (status !== 429) continue;
		if (starts.length === 0 || at >= starts[starts.length - 1] + COOLDOWN_MS) starts.push(at);
	}
	return starts;
}

function sendsPerSecond(sends: ReceivedRequest[]): number | undefined {
	if (sends.length < 2) return undefined;
	return (sends.length - 1) / ((sends[sends.length - 1].at - sends[0].at) / 1000);
}

async function createWorkflow(cluster: QueueCluster, spec: QueueRunSpec, apiKey: string, baseUrl: string): Promise<string> {
	const data: Record<string, unknown> = { apiKey, baseUrl };
	if (spec.processes !== undefined) data.processesSharingKey = spec.processes;
	const credential = await cluster.rest<{ id: string }>('POST', '/rest/credentials', {
		name: `Octopods (${spec.name})`,
		type: 'octopodsApi',
		data,
	});
	const options = { credentialId: credential.id, path: `octopods-queue-${spec.name}` };
	const draft: Workflow = spec.spread === 'batch' ? webhookBatchWorkflow('unused', options) : webhookWorkflow('unused', options);
	const { nodes, connections, settings, name } = draft;
	const created = await cluster.rest<{ id: string }>('POST', '/rest/workflows', { name, nodes, connections, settings });
	await publish(cluster, created.id);
	return created.id;
}

async function fireBatch(url: string, path: string, records: number): Promise<number> {
	const body = { records: Array.from({ length: records }, (_, i) => ({ phone: `+35383${8000000 + i}`, code: `record-${i}` })) };
	const response = await fetch(`${url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(60_000),
	});
	await response.arrayBuffer();
	return response.ok ? 1 : 0;
}

export async function runQueueScenario(cluster: QueueCluster, spec: QueueRunSpec, log: (message: string) => void): Promise<QueueRun> {
	const sandbox = await startSandbox({ apiKey: `octo-queue-bench-${spec.name}` });
	try {
		const workflowId = await createWorkflow(cluster, spec, sandbox.apiKey, sandbox.url);
		const before = await cluster.workerLogs();
		sandbox.reset();
		const path = `octopods-queue-${spec.name}`;
		const startedAt = Date.now();
		const acknowledged =
			spec.spread === 'batch' ? await fireBatch(cluster.main.url, path, spec.records) : await fireEvents(cluster.main.url, spec.records, path);
		log(`${spec.name}: ${acknowledged} webhook call(s) acknowledged; waiting for the executions`);
		const succeeded = await waitForExecutions(cluster, acknowledged, workflowId, FINISH_TIMEOUT_MS);
		const after = await cluster.workerLogs();
		const perWorker = after.map(({ executions }, index) => [...executions].filter((id) => !before[index].executions.has(id)).length);
		const keptRequests = after.map(({ keptRequests: kept }, index) => kept.slice(before[index].keptRequests.length));
		const received = [...sandbox.received];
		const count = countSandbox(received);
		const cooldowns = cooldownStarts(received);
		const sends = received.filter(isAcceptedSend);
		const lastEnd = cooldowns.length ? cooldowns[cooldowns.length - 1] + COOLDOWN_MS : undefined;
		return {
			...spec,
			acknowledged,
			executions: acknowledged,
			succeeded,
			count,
			drainMs: count.lastSendAt - startedAt,
			perWorker,
			keptRequests,
			cooldowns,
			rateBefore: cooldowns.length ? sendsPerSecond(sends.filter((send) => send.at < cooldowns[0])) : undefined,
			rateAfter: lastEnd === undefined ? undefined : sendsPerSecond(sends.filter((send) => send.at >= lastEnd)),
		};
	} finally {
		await sandbox.close();
	}
}
