import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';
import * as send from './send.operation';

export { getStatus, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Get SMS Status',
				value: 'getStatus',
				description: 'Get the delivery status of a sent SMS: QUEUED, SENT, DELIVERED, FAILED or UNDELIVERED (with the reason)',
				action: 'Get the status of an SMS',
			},
			{
				name: 'Send SMS',
				value: 'send',
				description: "Send a text message through Octopods' SMS channel; the output says how many segments it costs",
				action: 'Send an SMS',
			},
		],
		default: 'send',
	},
	...getStatus.description,
	...send.description,
];
