import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { Octopods } from '../../nodes/Octopods/Octopods.node';
import { TestCredentialsHelper } from './credentialsHelper';

export const NODE_NAME = 'Octopods';

const octopods = new Octopods();

const nodeTypes: INodeTypes = {
	getByName: () => octopods as INodeType,
	getByNameAndVersion: () => octopods as INodeType,
	getKnownTypes: () => ({}),
};

export type OctopodsCredentials = ICredentialDataDecryptedObject & {
	apiKey: string;
	baseUrl: string;
	/** The fields below are read only when customLimits is true, as in n8n's credential form. */
	customLimits?: boolean;
	rateLimitRequests?: number;
	rateLimitWindowSeconds?: number;
	templateCacheSeconds?: number;
	requestTimeoutSeconds?: number;
};

export interface RunOptions {
	parameters: INodeParameters;
	credentials: OctopodsCredentials;
	/** The SMS channel's credential, for the SMS resource. */
	smsCredentials?: OctopodsCredentials;
	/** The input items; one empty item by default, as after a manual trigger. */
	items?: IDataObject[];
	/** On Error: true continues with the regular output; 'errorOutput' with the error output. */
	continueOnFail?: boolean | 'errorOutput';
	/** The node's Settings tab: Retry On Fail, Max Tries, Wait Between Tries (ms). */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	/**
	 * Run the tool variant n8n makes for AI agents (`octopodsTool`) instead of the node itself, or
	 * with 'humanReview' the AI Agent's human review n8n 2.x makes of Send and Wait (`octopodsHitlTool`).
	 */
	asTool?: boolean | 'humanReview';
	/** An execution ID, as n8n gives every run (Send and Wait signs its link with it). */
	executionId?: string;
}

export interface EngineRun {
	/** The node's output items (json and pairedItem), empty when the node failed. */
	items: INodeExecutionData[];
	/** The items of the error output (On Error: Continue (using error output)). */
	errorItems: INodeExecutionData[];
	/** The error the execution stopped with, if any. */
	error?: ExecutionError;
	run: IRun;
}

export function octopodsNode(
	parameters: INodeParameters,
	continueOnFail: RunOptions['continueOnFail'] = false,
	settings: RunOptions['settings'] = {},
	asTool: RunOptions['asTool'] = false,
): INode {
	const type = asTool === 'humanReview' ? 'octopodsHitlTool' : asTool ? 'octopodsTool' : 'octopods';
	return {
		id: 'octopods-node',
		name: NODE_NAME,
		type: `n8n-nodes-octopods.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: {
			octopodsApi: { id: '1', name: 'Octopods Sandbox' },
			octopodsSmsApi: { id: '2', name: 'Octopods Sandbox SMS' },
		},
		...(continueOnFail ? { onError: continueOnFail === 'errorOutput' ? ('continueErrorOutput' as const) : ('continueRegularOutput' as const) } : {}),
		...settings,
	};
}

export function additionalData(
	credentials: OctopodsCredentials,
	hooks?: ExecutionLifecycleHooks,
	smsCredentials?: OctopodsCredentials,
): IWorkflowExecuteAdditionalData {
	// A plain object: only what core reads for a node that makes HTTP calls.
	return {
		credentialsHelper: new TestCredentialsHelper(credentials, smsCredentials),
		hooks,
		variables: {},
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formBaseUrl: 'http://localhost/form',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		formTestBaseUrl: 'http://localhost/form-test',
		mcpBaseUrl: 'http://localhost/mcp',
		mcpTestBaseUrl: 'http://localhost/mcp-test',
		currentNodeExecutionIndex: 0,
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function workflowOf(node: INode): Workflow {
	return new Workflow({ id: 'test', nodes: [node], connections: {}, nodeTypes, active: false });
}

/** Runs the Octopods node once inside n8n-core's real workflow engine. */
export async function runOctopods(options: RunOptions): Promise<EngineRun> {
	const node = octopodsNode(options.parameters, options.continueOnFail, options.settings, options.asTool);
	const workflow = workflowOf(node);
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'Octopods test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
	});

	const input: INodeExecutionData[] = (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [input] }, source: null }],
		},
	});
	const data = additionalData(options.credentials, hooks, options.smsCredentials);
	if (options.executionId) data.executionId = options.executionId;
	const execute = new WorkflowExecute(
		data,
		'manual',
		runExecutionData,
	);
	await execute.processRunExecutionData(workflow);
	const run = await finished;

	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		errorItems: taskData?.data?.main?.[1] ?? [],
		error: run.data.resultData.error,
		run,
	};
}

/** A real LoadOptionsContext, as the editor uses for dropdowns and resource mappers. */
export function loadOptionsContext(
	credentials: OctopodsCredentials,
	parameters: INodeParameters = {},
	path = 'parameters.templateId',
): LoadOptionsContext {
	const node = octopodsNode(parameters);
	return new LoadOptionsContext(workflowOf(node), node, additionalData(credentials), path);
}
