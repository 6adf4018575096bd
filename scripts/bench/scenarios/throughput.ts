// Scenario 1: many sends in one execution, against the sandbox's real-time limit (55 per 10 s).
// How close the node gets to the ceiling without tripping the 5-minute cool-down, and that no
// record is sent twice.
import { DEFAULT_RATE_LIMIT, type Sandbox } from '../../../sandbox/server';
import type { BenchN8n } from '../benchN8n';
import { countSandbox, type SandboxCount } from '../sends';
import { CREDENTIAL_IDS, NODE_UNDER_TEST, octopodsBatchWorkflow, type Workflow } from '../workflows';

const WORKFLOW_ID = 'BenchThroughpt01';

/** What Octopods allows: 55 requests per 10 s = 330 a minute. */
export const CEILING_PER_MINUTE = (DEFAULT_RATE_LIMIT.requests / DEFAULT_RATE_LIMIT.windowMs) * 60_000;

export interface ThroughputResult {
	records: number;
	count: SandboxCount;
	itemsOut: number;
	/** The node's run time as n8n measured it. */
	nodeMs: number;
	sendsPerMinute: number;
	percentOfCeiling: number;
}

export function throughputWorkflows(records: number): Workflow[] {
	return [octopodsBatchWorkflow(WORKFLOW_ID, records, { credentialId: CREDENTIAL_IDS.throughput })];
}

/**
 * Runs the workflow once in a fresh `n8n execute`. The rate is taken at the sandbox: sends divided
 * by the time from the execution's first request (the template look-up, which spends budget too)
 * to its last accepted send. With N sends that span holds N departures' spacing, so N / span is
 * the channel's steady rate, what the 55-per-10-s ceiling is about.
 */
export async function runThroughput(n8n: BenchN8n, sandbox: Sandbox, records: number): Promise<ThroughputResult> {
	sandbox.reset();
	const result = await n8n.execute(WORKFLOW_ID);
	const node = result.node(NODE_UNDER_TEST);
	const count = countSandbox(sandbox.received);
	const sendsPerMinute = (count.accepted / (count.lastSendAt - count.firstAt)) * 60_000;
	return {
		records,
		count,
		itemsOut: node.items.length,
		nodeMs: node.executionTime,
		sendsPerMinute,
		percentOfCeiling: (sendsPerMinute / CEILING_PER_MINUTE) * 100,
	};
}
