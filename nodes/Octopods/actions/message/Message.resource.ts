import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description:
					'Get the delivery status of a sent message: SENT, DELIVERED, READ, FAILED (with the reason) or DELETED',
				action: 'Get the status of a message',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];
