import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/server';

/**
 * Batches of sends for the throughput and fault suites: each record has its own recipient, so a
 * message accepted twice shows as a repeated phone number.
 */

/** The recipient of record `index`, +353 83 8 followed by the series digit and the index. */
export const phoneOf = (index: number, series = 1): string =>
	`+353838${String(series).padStart(2, '0')}${String(index).padStart(4, '0')}`;

/** `count` CRM records from `from` on, each with its recipient and a link for the template variable. */
export const crmRecords = (from: number, count: number, series = 1): IDataObject[] =>
	Array.from({ length: count }, (_, offset) => ({
		phone: phoneOf(from + offset, series),
		link: `https://x.io/${from + offset}`,
	}));

/** Send Template of the sandbox's body-only template 539, the recipient and variable read from each record. */
export const sendTemplateOfRecords = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendTemplate',
	templateId: { __rl: true, mode: 'id', value: '539' },
	phoneNumber: '={{ $json.phone }}',
	variablesInput: 'fields',
	variables: { mappingMode: 'defineBelow', value: { body_1: '={{ $json.link }}' } },
	options,
});

/** The recipients of the sends the sandbox received, in order of arrival. */
export const phonesSent = (sandbox: Sandbox): string[] =>
	sandbox.sends().map((send) => (send.body as { destination_phone: string }).destination_phone);
