import type { INodeProperties } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getStatus from './getStatus.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as sendInteractive from './sendInteractive.operation';
import * as sendTemplate from './sendTemplate.operation';

export { getAll, getStatus, sendAndWait, sendInteractive, sendTemplate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the newest messages sent with this API key (up to 100), each with its delivery status',
				action: 'Get many messages',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description:
					'Get the delivery status of a sent message: SENT, DELIVERED, READ, FAILED (with the reason), DELETED or UNKNOWN',
				action: 'Get the status of a message',
			},
			{
				name: 'Send and Wait for Response',
				value: SEND_AND_WAIT_OPERATION,
				description:
					'Send a question on WhatsApp with a link to a page where the person approves, declines or answers; the workflow waits for the answer',
				action: 'Send message and wait for response',
			},
			{
				name: 'Send Interactive',
				value: 'sendInteractive',
				description:
					'Send reply buttons, a list menu or any other WhatsApp interactive message (as JSON) to a customer who messaged you in the last 24 hours',
				action: 'Send an interactive message',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				description:
					'Send an approved WhatsApp message template to a phone number, with its variables filled in',
				action: 'Send a template message',
			},
		],
		default: 'sendTemplate',
	},
	...getAll.description,
	...getStatus.description,
	...sendAndWait.description,
	...sendInteractive.description,
	...sendTemplate.description,
];
