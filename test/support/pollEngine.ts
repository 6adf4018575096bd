import { PollContext, TriggersAndPollers } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, INodeType, INodeTypes, WorkflowExecuteMode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OctopodsTrigger } from '../../nodes/Octopods/OctopodsTrigger.node';
import { additionalData, type OctopodsCredentials } from './engine';

const trigger = new OctopodsTrigger();
/** n8n-core's runner of poll functions (what n8n's schedule calls). */
const pollers = new TriggersAndPollers();
const nodeTypes: INodeTypes = {
	getByName: () => trigger as INodeType,
	getByNameAndVersion: () => trigger as INodeType,
	getKnownTypes: () => ({}),
};

function triggerNode(parameters: INodeParameters): INode {
	return {
		id: 'octopods-trigger',
		name: 'Octopods Trigger',
		type: 'n8n-nodes-octopods.octopodsTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { octopodsApi: { id: '1', name: 'Octopods Sandbox' } },
	};
}

export interface ActiveTrigger {
	/**
	 * One poll, through n8n-core's TriggersAndPollers and a real PollContext, as n8n runs it on
	 * schedule: the items of the executions it started, in order (null when it started none).
	 */
	poll(): Promise<INodeExecutionData[] | null>;
	/** The executions every poll so far started, each with its items. */
	executions: INodeExecutionData[][];
	/**
	 * Stops and starts n8n: the workflow is loaded again with the static data n8n last saved (`edit`
	 * changes the trigger's saved static data first, as a save in flight at the stop could have).
	 */
	restart(edit?: (nodeStaticData: IDataObject) => void): void;
	/** Changes the trigger's static data in memory now, as a poll running meanwhile would see it. */
	edit(edit: (nodeStaticData: IDataObject) => void): void;
	/** The static data as n8n saved it to the database (JSON). */
	saved(): IDataObject;
	/** The trigger's own part of the saved static data (n8n keys a node's static data by its name). */
	savedState(): IDataObject | undefined;
	/** The trigger's state as it is in memory now (saved or not). */
	state(): IDataObject | undefined;
	/** What the trigger wrote to n8n's log (warn and error), in order. */
	logs: Array<{ level: 'warn' | 'error'; message: string }>;
	/** How often n8n decrypted the credential for the trigger. */
	credentialReads(): number;
}

/**
 * An activated workflow holding the Octopods Trigger. As n8n does, the static data is saved after
 * the activation's first poll and whenever a poll emits; a poll that returns nothing only changes
 * it in memory (n8n saves it with the next emit).
 */
export function activateTrigger(credentials: OctopodsCredentials, parameters: INodeParameters): ActiveTrigger {
	const node = triggerNode({ pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters });
	let saved: IDataObject = {};
	let polls = 0;
	let reads = 0;
	const executions: INodeExecutionData[][] = [];
	const logs: ActiveTrigger['logs'] = [];
	let workflow: Workflow;
	let context: PollContext;
	const load = () => {
		workflow = new Workflow({
			id: 'trigger-test',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: true,
			staticData: structuredClone(saved),
		});
		// As n8n's __emit: save the static data, then start an execution with the items.
		const emit = (data: INodeExecutionData[][]) => {
			save();
			executions.push(data[0]);
		};
		const data = additionalData(credentials);
		const helper = data.credentialsHelper;
		const decrypt = helper.getDecrypted.bind(helper);
		helper.getDecrypted = async (...args: Parameters<typeof helper.getDecrypted>) => {
			reads++;
			return await decrypt(...args);
		};
		context = new PollContext(workflow, node, data, 'trigger', 'activate', emit);
		const log = (level: 'warn' | 'error') => (message: string) => logs.push({ level, message });
		Object.defineProperty(context, 'logger', { value: { warn: log('warn'), error: log('error'), info: () => {}, debug: () => {} } });
		polls = 0;
	};
	load();
	const save = () => {
		saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	};
	return {
		async poll() {
			// Overlapping polls may both add executions here: a test of overlaps reads `executions`.
			const before = executions.length;
			const first = polls === 0;
			polls++;
			const result = await pollers.runPollFunction(workflow, node, context);
			// n8n saves the static data after activation (the first poll) and with each emit.
			if (first) save();
			if (result !== null) executions.push(result[0]);
			const started = executions.slice(before);
			return started.length > 0 ? started.flat() : null;
		},
		executions,
		restart(edit) {
			if (edit) {
				const key = `node:${node.name}`;
				saved[key] = (saved[key] as IDataObject | undefined) ?? {};
				edit(saved[key] as IDataObject);
			}
			load();
		},
		edit(edit) {
			const key = `node:${node.name}`;
			workflow.staticData[key] = (workflow.staticData[key] as IDataObject | undefined) ?? {};
			edit(workflow.staticData[key] as IDataObject);
		},
		saved: () => saved,
		savedState: () => (saved[`node:${node.name}`] as IDataObject | undefined)?.octopodsTrigger as IDataObject | undefined,
		state: () => (workflow.staticData[`node:${node.name}`] as IDataObject | undefined)?.octopodsTrigger as IDataObject | undefined,
		logs,
		credentialReads: () => reads,
	};
}

/** Fetch Test Event: the trigger run once in manual mode. */
export async function fetchTestEvent(
	credentials: OctopodsCredentials,
	parameters: INodeParameters,
	mode: WorkflowExecuteMode = 'manual',
): Promise<{ items: INodeExecutionData[] | null; staticData: IDataObject }> {
	const node = triggerNode(parameters);
	const workflow = new Workflow({ id: 'trigger-test', nodes: [node], connections: {}, nodeTypes, active: false });
	const context = new PollContext(workflow, node, additionalData(credentials), mode, 'manual');
	const result = await pollers.runPollFunction(workflow, node, context);
	return { items: result?.[0] ?? null, staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject };
}
