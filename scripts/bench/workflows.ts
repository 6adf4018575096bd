// The workflows the benchmark imports into n8n, one per scenario and variant: a manual trigger and
// a Code node making N CRM records, then the node under test; or a Webhook receiving one CRM record
// per call. Octopods and n8n's HTTP Request
// node make the same call: POST /api/v1/whatsapp/templates/539/messages with the same body
// ({destination_phone, message_variables: {body: [code]}}) and the same X-Octopods-Auth header.

/** The sandbox's body-only template "account_update_1": one body variable, `go here: {{1}} ...`. */
export const TEMPLATE_ID = 539;
export const SEND_PATH = `/api/v1/whatsapp/templates/${TEMPLATE_ID}/messages`;
export const WEBHOOK_PATH = 'octopods-bench';
/** n8n wants 16-character ids; these read as what they are. */
export const CREDENTIAL_IDS = {
	throughput: 'BenchOctoLimit01',
	burst: 'BenchOctoBurst01',
	noLimit: 'BenchOctoNoLim01',
	header: 'BenchHeaderAuth1',
} as const;

const OCTOPODS_TYPE = 'n8n-nodes-octopods.octopods';
/** The HTTP Request node as n8n 2.41.1 adds it today (its default version). */
const HTTP_REQUEST_VERSION = 4.5;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	active: false;
	settings: { executionOrder: 'v1' };
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
}

/** The name of the node whose timing and output the benchmark reads. */
export const NODE_UNDER_TEST = 'Under Test';

/**
 * N CRM records, each with its own phone number and a unique code (the template variable), so
 * duplicates can be counted by code. Numbers are valid Irish mobiles, +353 83 8xx xxxx.
 */
function recordsNode(count: number): WorkflowNode {
	const jsCode = [
		`return Array.from({ length: ${count} }, (_, i) => ({`,
		"  json: { phone: '+35383' + String(8000000 + i), code: 'bench-' + i },",
		'}));',
	].join('\n');
	return {
		id: 'records',
		name: 'CRM Records',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
		parameters: { jsCode },
	};
}

export interface OctopodsOptions {
	credentialId: string;
	/** Items in Parallel; the node's default (5) when undefined. */
	itemsInParallel?: number;
	/** Where the CRM record sits in the item: `$json` after the Code node, `$json.body` after a Webhook. */
	record?: '$json' | '$json.body';
}

/** Octopods Send Template, template 539 by ID, the body variable mapped from the record's code. */
function octopodsNode({ credentialId, itemsInParallel, record = '$json' }: OctopodsOptions): WorkflowNode {
	const options = itemsInParallel === undefined ? {} : { itemsInParallel };
	return {
		id: 'under-test',
		name: NODE_UNDER_TEST,
		type: OCTOPODS_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters: {
			resource: 'message',
			operation: 'sendTemplate',
			templateId: { __rl: true, mode: 'id', value: String(TEMPLATE_ID) },
			phoneNumber: `={{ ${record}.phone }}`,
			variablesInput: 'fields',
			variables: {
				mappingMode: 'defineBelow',
				value: { body_1: `={{ ${record}.code }}` },
				matchingColumns: [],
				schema: [
					{
						id: 'body_1',
						displayName: 'Body {{1}} — go here: {{1}} to check your…',
						required: true,
						defaultMatch: false,
						display: true,
						type: 'string',
						canBeUsedToMatch: false,
					},
				],
				attemptToConvertTypes: false,
				convertFieldsToString: true,
			},
			options,
		},
		credentials: { octopodsApi: { id: credentialId, name: credentialId } },
	};
}

/**
 * n8n's HTTP Request node making the same call, as a user would set it up by hand: a Header Auth
 * credential for X-Octopods-Auth, and the JSON body built by an expression. Default options: it
 * starts every item's request at once (no batching).
 */
function httpRequestNode(sandboxUrl: string, credentialId: string): WorkflowNode {
	const body = '{ destination_phone: $json.phone, message_variables: { body: [$json.code] } }';
	return {
		id: 'under-test',
		name: NODE_UNDER_TEST,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		position: [440, 0],
		parameters: {
			method: 'POST',
			url: `${sandboxUrl}${SEND_PATH}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify(${body}) }}`,
			options: {},
		},
		credentials: { httpHeaderAuth: { id: credentialId, name: credentialId } },
	};
}

function chain(id: string, name: string, nodes: WorkflowNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

const manualTrigger: WorkflowNode = {
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Start → N CRM records → Octopods Send Template. */
export function octopodsBatchWorkflow(id: string, count: number, options: OctopodsOptions): Workflow {
	return chain(id, `Bench: ${count} records → Octopods (${id})`, [manualTrigger, recordsNode(count), octopodsNode(options)]);
}

/** Start → N CRM records → HTTP Request doing the same POST. */
export function httpRequestBatchWorkflow(id: string, count: number, sandboxUrl: string): Workflow {
	const nodes = [manualTrigger, recordsNode(count), httpRequestNode(sandboxUrl, CREDENTIAL_IDS.header)];
	return chain(id, `Bench: ${count} records → HTTP Request (${id})`, nodes);
}

/**
 * POST /webhook/octopods-bench with one CRM record as JSON → Octopods Send Template. The webhook
 * answers as soon as it has the record (n8n's default), as a CRM expects of a webhook.
 */
export function webhookWorkflow(id: string, { credentialId = CREDENTIAL_IDS.burst as string, path = WEBHOOK_PATH } = {}): Workflow {
	const send = octopodsNode({ credentialId, record: '$json.body' });
	return chain(id, `Bench: CRM event webhook → Octopods (${path})`, [webhookNode(path), send]);
}

/** The Webhook node: POST /webhook/<path>, answering at once. Its webhookId is derived from the path. */
function webhookNode(path: string): WorkflowNode {
	const hex = Buffer.from(path).toString('hex').padEnd(12, '0').slice(-12);
	return {
		id: 'webhook',
		name: 'CRM Event',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		webhookId: path === WEBHOOK_PATH ? '0c7d5b8e-3f1a-4c2e-9b6d-8a4f2e1c7b30' : `0c7d5b8e-3f1a-4c2e-9b6d-${hex}`,
	};
}

/**
 * POST /webhook/<path> with `{ records: [...] }` → Split Out (one item per record) → Octopods Send
 * Template: a batch in one execution, so one worker runs all of it.
 */
export function webhookBatchWorkflow(id: string, { credentialId, path }: { credentialId: string; path: string }): Workflow {
	const split: WorkflowNode = {
		id: 'split',
		name: 'CRM Records',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.records', options: {} },
	};
	const send = octopodsNode({ credentialId });
	return chain(id, `Bench: CRM batch webhook → Octopods (${path})`, [webhookNode(path), split, send]);
}

/** Start → N CRM records → Octopods Send SMS (a GSM-7 body with the record's code: one segment). */
export function smsBatchWorkflow(id: string, count: number, credentialId: string): Workflow {
	const send: WorkflowNode = {
		id: 'under-test',
		name: NODE_UNDER_TEST,
		type: OCTOPODS_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters: {
			resource: 'sms',
			operation: 'send',
			phoneNumber: '={{ $json.phone }}',
			message: "={{ 'Your code is ' + $json.code }}",
			options: {},
		},
		credentials: { octopodsSmsApi: { id: credentialId, name: credentialId } },
	};
	return chain(id, `Bench: ${count} records → Octopods SMS (${id})`, [manualTrigger, recordsNode(count), send]);
}
