/** Reading executions of a running n8n over REST (both supported versions): list, status, run data. */

/** What `rest` of a RealN8n or a QueueCluster offers. */
export interface RestClient {
	rest<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	workflowId?: string;
}

export interface RunItem {
	json: Record<string, unknown>;
}

export interface NodeRun {
	data?: { main?: Array<RunItem[] | null>; ai_tool?: Array<RunItem[] | null> };
	error?: { message?: string };
}

export interface ExecutionData {
	resultData: { runData: Record<string, NodeRun[]>; lastNodeExecuted?: string; error?: { message?: string } };
	waitTill?: string | null;
}

export interface FullExecution {
	id: string;
	status: string;
	finished: boolean;
	waitTill: string | null;
	stoppedAt: string | null;
	data: ExecutionData;
}

/** n8n stores run data with `flatted` (strings and objects as indexes into one array): undone here. */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const value = table[index];
		if (typeof value !== 'object' || value === null) return value;
		const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		revived.set(index, copy);
		for (const [key, entry] of Object.entries(value)) {
			(copy as Record<string, unknown>)[key] = typeof entry === 'string' ? revive(Number(entry)) : entry;
		}
		return copy;
	};
	return revive(0);
}

export async function executionsOf(n8n: RestClient, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await n8n.rest<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	return page.results;
}

export async function execution(n8n: RestClient, id: string): Promise<FullExecution> {
	const full = await n8n.rest<Omit<FullExecution, 'data'> & { data: string }>('GET', `/rest/executions/${id}`);
	return { ...full, data: unflatten(full.data) as ExecutionData };
}

/** The json of the items a node gave in its run `run` (first output). */
export function itemsOf(data: ExecutionData, nodeName: string, run = 0): Array<Record<string, unknown>> {
	const runs = data.resultData.runData[nodeName];
	if (!runs?.[run]) throw new Error(`node "${nodeName}" has no run ${run}; ran: ${Object.keys(data.resultData.runData).join(', ')}`);
	const output = runs[run].data?.main?.[0] ?? runs[run].data?.ai_tool?.[0] ?? [];
	return output.map((item) => item.json);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something other than undefined. */
export async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 100_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		await sleep(everyMs);
	}
}

export const ENDED = ['success', 'error', 'crashed', 'canceled'];
