// Scenario 4: the n8n process's memory while one execution sends many items (limit off), for our
// node and for n8n's HTTP Request node doing the same calls. n8n keeps every item of an execution
// in memory, so the question is whether our node adds to that more than n8n's own node does.
// Readings: the process's resident memory when the node's first request arrives (n8n started, the
// input items made), when 10 %, 50 % and 100 % of the sends have arrived, and its peak (VmHWM,
// which also covers n8n writing the finished run out).
import type { ReceivedRequest, Sandbox } from '../../../sandbox/server';
import type { BenchN8n } from '../benchN8n';
import { MemoryWatch } from '../procMemory';
import { countSandbox, isAcceptedSend } from '../sends';
import { CREDENTIAL_IDS, httpRequestBatchWorkflow, NODE_UNDER_TEST, octopodsBatchWorkflow, type Workflow } from '../workflows';

export type MemoryVariant = 'octopods' | 'httpRequest';

export const MEMORY_LABELS: Record<MemoryVariant, string> = {
	octopods: 'Octopods (defaults)',
	httpRequest: 'HTTP Request (defaults)',
};

const WORKFLOW_IDS: Record<MemoryVariant, string> = { octopods: 'BenchMemoryOcto1', httpRequest: 'BenchMemoryHttp1' };
const CHECKPOINT_FRACTIONS = [0.1, 0.5, 1];

export interface MemoryRun {
	items: number;
	/** Resident memory when the node's first request arrived (bytes). */
	atStartBytes: number;
	/** Resident memory when that many sends had arrived. */
	checkpoints: Array<{ sends: number; rssBytes: number }>;
	/** The process's peak resident memory (bytes). */
	peakBytes: number;
	nodeMs: number;
}

export type MemoryResult = Record<MemoryVariant, MemoryRun>;

/** The sandbox's onRequest hook, pointed at whichever run is listening. */
export class RequestTap {
	listener: ((request: ReceivedRequest) => void) | undefined;
	readonly onRequest = (request: ReceivedRequest): void => this.listener?.(request);
}

export function memoryWorkflows(items: number, sandboxUrl: string): Workflow[] {
	return [
		octopodsBatchWorkflow(WORKFLOW_IDS.octopods, items, { credentialId: CREDENTIAL_IDS.noLimit }),
		httpRequestBatchWorkflow(WORKFLOW_IDS.httpRequest, items, sandboxUrl),
	];
}

/** Listens to the sandbox and reads the process's memory at the first request and each checkpoint. */
function checkpointListener(run: MemoryRun, watch: () => MemoryWatch | undefined): (request: ReceivedRequest) => void {
	const marks = new Set(CHECKPOINT_FRACTIONS.map((fraction) => Math.round(run.items * fraction)));
	let sends = 0;
	return (request) => {
		const memory = watch();
		if (!memory) return;
		if (run.atStartBytes === 0) run.atStartBytes = memory.read()?.rssBytes ?? 0;
		if (!isAcceptedSend(request) || !marks.has(++sends)) return;
		run.checkpoints.push({ sends, rssBytes: memory.read()?.rssBytes ?? NaN });
	};
}

async function runOnce(n8n: BenchN8n, sandbox: Sandbox, tap: RequestTap, variant: MemoryVariant, items: number): Promise<MemoryRun> {
	sandbox.reset();
	const run: MemoryRun = { items, atStartBytes: 0, checkpoints: [], peakBytes: NaN, nodeMs: NaN };
	let watch: MemoryWatch | undefined;
	tap.listener = checkpointListener(run, () => watch);
	try {
		const result = await n8n.execute(WORKFLOW_IDS[variant], (pid) => (watch = new MemoryWatch(pid)));
		const node = result.node(NODE_UNDER_TEST);
		run.nodeMs = node.executionTime;
		const count = countSandbox(sandbox.received);
		if (node.items.length !== items || count.accepted !== items) {
			throw new Error(`${variant}: ${node.items.length} items out, ${count.accepted} sends accepted (expected ${items})`);
		}
	} finally {
		tap.listener = undefined;
		run.peakBytes = watch?.stop() ?? NaN;
	}
	return run;
}

export async function runMemory(n8n: BenchN8n, sandbox: Sandbox, tap: RequestTap, items: number): Promise<MemoryResult> {
	return {
		octopods: await runOnce(n8n, sandbox, tap, 'octopods', items),
		httpRequest: await runOnce(n8n, sandbox, tap, 'httpRequest', items),
	};
}
