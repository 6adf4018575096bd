/**
 * The Octopods Trigger in a real n8n: workflows that poll at a fixed second of each minute,
 * activation, waiting for a scheduled poll, and the trigger item of each execution. Shared by
 * trigger.e2e (message events) and templateEvents.e2e (template events).
 */
import type { Sandbox } from '../../../sandbox/server';
import { execution, executionsOf, itemsOf, sleep, until, type RestClient } from './executions';

export const TRIGGER = 'n8n-nodes-octopods.octopodsTrigger';
export const TRIGGER_NODE = 'Octopods Trigger';
const RUNNING = ['new', 'running', 'waiting'];

/** A workflow of the trigger (polling at `second` past each minute, the shortest n8n allows) and a No Op after it. */
export function triggerWorkflow(id: string, credentialId: string, events: string[], second: number, options: object = { followUpsPerPoll: 100 }) {
	return {
		id,
		name: `e2e trigger ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'trigger',
				name: TRIGGER_NODE,
				type: TRIGGER,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] }, events, options },
				credentials: { octopodsApi: { id: credentialId, name: credentialId } },
			},
			{ id: 'follow-up', name: 'Follow-Up', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: 'Follow-Up', type: 'main', index: 0 }]] } },
	};
}

/** Activates (publishes) a workflow as the editor does. */
export async function activate(n8n: RestClient, workflowId: string): Promise<void> {
	const workflow = await n8n.rest<{ versionId: string }>('GET', `/rest/workflows/${workflowId}`);
	await n8n.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
}

/** The one trigger item of each execution of a workflow, in the order n8n lists them (newest first). */
export async function triggerItems(n8n: RestClient, workflowId: string, nodeName = TRIGGER_NODE): Promise<Array<Record<string, unknown>>> {
	const found: Array<Record<string, unknown>> = [];
	for (const summary of await executionsOf(n8n, workflowId)) {
		const items = itemsOf((await execution(n8n, summary.id)).data, nodeName);
		if (items.length !== 1) throw new Error(`execution ${summary.id} of ${workflowId} started with ${items.length} items, not 1`);
		found.push(items[0]);
	}
	return found;
}

/** Waits until a workflow has at least `count` finished executions (they start a moment after the poll). */
export async function finishedExecutions(n8n: RestClient, workflowId: string, count: number, timeoutMs = 60_000): Promise<void> {
	await until(`${count} executions of ${workflowId}`, async () => {
		const done = (await executionsOf(n8n, workflowId)).filter((summary) => !RUNNING.includes(summary.status));
		return done.length >= count ? true : undefined;
	}, timeoutMs);
}

/**
 * Waits for the next scheduled poll (at `second` past each minute) to have asked for `path` on a
 * channel, then for the sandbox to hear nothing more for 3 s (follow-ups, look-ups), then for the
 * executions it started to end.
 */
export async function nextPoll(
	n8n: RestClient,
	on: Sandbox,
	{ second, channel, path, workflowIds }: { second: number; channel: string; path: string; workflowIds: string[] },
): Promise<void> {
	const now = new Date();
	const due = new Date(now);
	due.setUTCSeconds(second, 0);
	if (due.getTime() <= now.getTime() + 1_000) due.setUTCMinutes(due.getUTCMinutes() + 1);
	await sleep(due.getTime() - Date.now());
	await until('the scheduled poll', () =>
		on.received.some((request) => request.path === path && request.channel === channel && request.at >= due.getTime() - 1_000) ? true : undefined,
	);
	for (let heard = -1; heard !== on.received.length; ) {
		heard = on.received.length;
		await sleep(3_000);
	}
	for (const id of workflowIds) {
		await until('executions to finish', async () =>
			(await executionsOf(n8n, id)).every((summary) => !RUNNING.includes(summary.status)) ? true : undefined,
		);
	}
}
