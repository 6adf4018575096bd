/** The node type of this package in a real n8n (installed as a community package). */
export const OCTOPODS = 'n8n-nodes-octopods.octopods';

/** Node settings beside the parameters (Settings tab). */
export interface NodeSettings {
	credentialId?: string;
	/** The credential's type: WhatsApp's (default) or, for the SMS resource, the SMS channel's. */
	credentialType?: 'octopodsApi' | 'octopodsSmsApi';
	onError?: string;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

/** A two-node workflow: manual trigger → Octopods with the given parameters. */
export function octopodsWorkflow(
	id: string,
	parameters: object,
	{ credentialId: credential, credentialType = 'octopodsApi', ...settings }: NodeSettings = {},
) {
	const credentialId = credential ?? 'OctopodsSandbox1';
	return {
		id,
		name: `e2e ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'o',
				name: 'Octopods',
				type: OCTOPODS,
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { [credentialType]: { id: credentialId, name: credentialId } },
				...settings,
			},
		],
		connections: { Start: { main: [[{ node: 'Octopods', type: 'main', index: 0 }]] } },
	};
}
