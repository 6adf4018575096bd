import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as message from './actions/message/Message.resource';
import { dryRunHint } from './actions/dryRun';
import { router } from './actions/router';
import * as sms from './actions/sms/Sms.resource';
import { sendAndWaitWebhooks, waitingNodeTooltip } from './actions/sendAndWait/descriptions';
import { sendAndWaitWebhook } from './actions/sendAndWait/webhook';
import * as template from './actions/template/Template.resource';
import { listSearch, resourceMapping } from './methods';
import { testSmsCredential } from './transport';

export class Octopods implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Octopods',
		name: 'octopods',
		icon: { light: 'file:octopods.svg', dark: 'file:octopods.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send WhatsApp template and interactive messages (reply buttons, lists) and SMS through Octopods (WhatsApp and SMS inside Intercom), read templates and check message delivery',
		defaults: { name: 'Octopods' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// `hide`, not `show: message, template`: n8n's editor takes a parameter whose every value picks
			// a credential for the node's "main auth field" and hides it, so Resource would vanish.
			{ name: 'octopodsApi', required: true, displayOptions: { hide: { resource: ['sms'] } } },
			{
				name: 'octopodsSmsApi',
				required: true,
				displayOptions: { show: { resource: ['sms'] } },
				testedBy: 'octopodsSmsApiTest',
			},
		],
		hints: [dryRunHint],
		// Send and Wait: the page and the answer at the signed link (n8n's waiting webhooks).
		webhooks: sendAndWaitWebhooks,
		waitingNodeTooltip,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Message', value: 'message' },
					{ name: 'SMS', value: 'sms' },
					{ name: 'Template', value: 'template' },
				],
				default: 'message',
			},
			...message.description,
			...sms.description,
			...template.description,
		],
	};

	methods = { listSearch, resourceMapping, credentialTest: { octopodsSmsApiTest: testSmsCredential } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await sendAndWaitWebhook.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
