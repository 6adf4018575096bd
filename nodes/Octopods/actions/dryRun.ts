import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties, NodeHint } from 'n8n-workflow';

/**
 * Dry Run: every check of a send runs (phone, template look-up and resolution, variables, media
 * URL, interactive limits), and the item returns the request the node would make instead of
 * making it. Only template look-ups reach Octopods, through the shared cache.
 */
export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to check everything and return the exact request instead of sending it: nothing is sent, only templates are looked up. Turn it off to send.',
};

const DRY_RUN_WORDS = 'Dry Run is on: this node checks every item and shows the request it would make, but sends nothing';

/** Shown among the parameters while Dry Run is on, so it is not forgotten in production. */
export const dryRunNotice: INodeProperties = {
	displayName: `${DRY_RUN_WORDS}. Turn it off under Options to send.`,
	name: 'dryRunNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '/options.dryRun': [true] } },
};

/** The same warning on the node's output pane (n8n's node hints). */
export const dryRunHint: NodeHint = {
	message: `${DRY_RUN_WORDS}.`,
	type: 'warning',
	location: 'outputPane',
	whenToDisplay: 'always',
	displayCondition: '={{ $parameter["options"] && $parameter["options"]["dryRun"] === true }}',
};

export function isDryRun(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('options.dryRun', itemIndex, false) === true;
}

/** A send as the transport would make it: the one description both the real send and Dry Run use. */
export interface SendRequest {
	method: IHttpRequestMethods;
	path: string;
	body: IDataObject;
}

const hinted = new WeakSet<object>();

/** A Dry Run item: `dry_run: true`, what the send would output, and the request (never the API key: it is a header). */
export function dryRunResult(context: IExecuteFunctions, request: SendRequest, fields: IDataObject): IDataObject {
	if (!hinted.has(context)) {
		hinted.add(context);
		context.addExecutionHints?.({ message: 'Dry Run: nothing was sent. The output shows each request the node would make.', type: 'warning', location: 'outputPane' });
	}
	return { dry_run: true, ...fields, request: { method: request.method, path: request.path, body: request.body } };
}

/** Dry Run items send nothing, so n8n's Retry On Fail must not keep them as sent. */
export function isDryRunResult(result: IDataObject | IDataObject[]): boolean {
	return !Array.isArray(result) && result.dry_run === true;
}
