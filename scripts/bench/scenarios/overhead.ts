// Scenario 3: what the node costs per item when the API is not the bottleneck (sandbox limit off,
// the credential's budget raised far out of the way), against n8n's own HTTP Request node making
// the same call in the same n8n. n8n measures each node's run (executionTime); per item is that
// divided by the items.
import type { Sandbox } from '../../../sandbox/server';
import type { BenchN8n } from '../benchN8n';
import { countSandbox } from '../sends';
import { CREDENTIAL_IDS, httpRequestBatchWorkflow, NODE_UNDER_TEST, octopodsBatchWorkflow, type Workflow } from '../workflows';

export type OverheadVariant = 'octopods' | 'octopodsOneAtATime' | 'httpRequest';

export const OVERHEAD_LABELS: Record<OverheadVariant, string> = {
	octopods: 'Octopods, Items in Parallel 5 (default)',
	octopodsOneAtATime: 'Octopods, Items in Parallel 1',
	httpRequest: 'HTTP Request (defaults: all items at once)',
};

const WORKFLOW_IDS: Record<OverheadVariant, string> = {
	octopods: 'BenchOverheadOc1',
	octopodsOneAtATime: 'BenchOverheadOs1',
	httpRequest: 'BenchOverheadHt1',
};

export interface OverheadResult {
	items: number;
	/** ms per item of each run, per variant, in run order. */
	runs: Record<OverheadVariant, number[]>;
	/** The median of the runs, per variant. */
	msPerItem: Record<OverheadVariant, number>;
}

export function overheadWorkflows(items: number, sandboxUrl: string): Workflow[] {
	const credentialId = CREDENTIAL_IDS.noLimit;
	return [
		octopodsBatchWorkflow(WORKFLOW_IDS.octopods, items, { credentialId }),
		octopodsBatchWorkflow(WORKFLOW_IDS.octopodsOneAtATime, items, { credentialId, itemsInParallel: 1 }),
		httpRequestBatchWorkflow(WORKFLOW_IDS.httpRequest, items, sandboxUrl),
	];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One run: the node's time per item, after checking every item was sent exactly once. */
async function runOnce(n8n: BenchN8n, sandbox: Sandbox, variant: OverheadVariant, items: number): Promise<number> {
	sandbox.reset();
	const node = (await n8n.execute(WORKFLOW_IDS[variant])).node(NODE_UNDER_TEST);
	const count = countSandbox(sandbox.received);
	if (node.items.length !== items || count.accepted !== items || count.duplicates !== 0) {
		throw new Error(`${variant}: ${node.items.length} items out, ${count.accepted} sends accepted, ${count.duplicates} duplicates (expected ${items}, ${items}, 0)`);
	}
	return node.executionTime / items;
}

/**
 * `repetitions` rounds, the variants taking turns within each round, so a slow moment of the
 * machine does not land on one variant only; each variant's figure is its median.
 */
export async function runOverhead(
	n8n: BenchN8n,
	sandbox: Sandbox,
	items: number,
	repetitions: number,
	log: (message: string) => void,
): Promise<OverheadResult> {
	const runs: Record<OverheadVariant, number[]> = { octopods: [], octopodsOneAtATime: [], httpRequest: [] };
	const variants = Object.keys(runs) as OverheadVariant[];
	for (let round = 1; round <= repetitions; round++) {
		for (const variant of variants) {
			const msPerItem = await runOnce(n8n, sandbox, variant, items);
			runs[variant].push(msPerItem);
			log(`overhead round ${round}/${repetitions}: ${OVERHEAD_LABELS[variant]}: ${msPerItem.toFixed(3)} ms per item`);
		}
	}
	const msPerItem = { octopods: 0, octopodsOneAtATime: 0, httpRequest: 0 };
	for (const variant of variants) msPerItem[variant] = median(runs[variant]);
	return { items, runs, msPerItem };
}
