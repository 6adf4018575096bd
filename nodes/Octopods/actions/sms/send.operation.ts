import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countSmsSegments, toGsm7Compatible } from '../../helpers/smsSegments';
import { octopodsApiRequest, SMS_CREDENTIAL_TYPE } from '../../transport';
import { optionsCollection } from '../common.descriptions';
import { dryRunNotice, dryRunOption, dryRunResult, isDryRun, type SendRequest } from '../dryRun';
import { fieldError } from '../fieldError';
import { intercomTeammateIdOption, phoneNumberProperty, phoneOptions, recipientPhone } from '../message/recipient';
import type { PhoneOptions } from '../message/recipient';
import { contactNameOption, openIntercomConversationOption } from '../message/templateSend';

/** Octopods' limit for one SMS body; the provider splits it into segments. */
export const MAX_SMS_CHARACTERS = 1600;

const properties: INodeProperties[] = [
	dryRunNotice,
	{
		...phoneNumberProperty,
		description:
			"The recipient's mobile number, best with its country code (+353..., 00353...). National numbers (083...) need the Default Country option. Sent as E.164.",
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Your order has shipped',
		description:
			'The text of the SMS, 1 to 1,600 characters. Billed per segment: 160 characters in one (153 each when split); one character outside GSM-7 (an emoji, many accented letters) makes it 70 (67 each).',
	},
	optionsCollection([
		dryRunOption,
		contactNameOption,
		...phoneOptions,
		intercomTeammateIdOption,
		{
			displayName: 'Max Segments',
			name: 'maxSegments',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 0,
			description:
				'The most segments one SMS may cost; a longer message is refused or warned about (see Over Max Segments). 0: no limit.',
		},
		openIntercomConversationOption,
		{
			displayName: 'Over Max Segments',
			name: 'overMaxSegments',
			type: 'options',
			default: 'refuse',
			description: 'What to do with a message that costs more segments than Max Segments',
			options: [
				{ name: 'Refuse', value: 'refuse', description: 'Fail the item before anything is sent' },
				{ name: 'Send and Warn', value: 'warn', description: 'Send it; the output carries a warning' },
			],
		},
		{
			displayName: 'Replace Typographic Characters',
			name: 'replaceTypographicCharacters',
			type: 'boolean',
			default: false,
			description:
				"Whether to write the message as Twilio's Smart Encoding does: curly quotes, long dashes, ellipses, fullwidth letters and signs, odd spaces and tabs in their GSM-7 forms (\" ' - ...), so the message stays GSM-7 and costs fewer segments",
		},
	]),
];

const displayOptions = { show: { resource: ['sms'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface SmsSendOptions extends PhoneOptions {
	contactName?: string;
	intercomTeammateId?: string;
	openIntercomConversation?: boolean;
	maxSegments?: number;
	overMaxSegments?: 'refuse' | 'warn';
	replaceTypographicCharacters?: boolean;
}

interface SmsSendResponse {
	message_id?: number | string;
	request_id?: string;
	channel_message_id?: string | number;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as SmsSendOptions;
	// Everything is checked, and the segments counted, before any request.
	const phone = recipientPhone(this, itemIndex, options);
	const given = this.getNodeParameter('message', itemIndex, '') as unknown;
	const text = typeof given === 'string' ? given : String(given ?? '');
	if (!text.trim()) throw fieldError(this, itemIndex, 'Message', 'Message is empty: an SMS needs 1 to 1,600 characters');
	const body = options.replaceTypographicCharacters === true ? toGsm7Compatible(text) : text;
	const length = [...body].length;
	if (length > MAX_SMS_CHARACTERS) {
		throw fieldError(this, itemIndex, 'Message', `Message is ${length} characters long: an SMS holds at most 1,600`);
	}
	const cost = countSmsSegments(body);
	const maxSegments = Number(options.maxSegments ?? 0);
	const over = maxSegments > 0 && cost.segments > maxSegments;
	if (over && options.overMaxSegments !== 'warn') {
		throw fieldError(
			this,
			itemIndex,
			'Message',
			`Message costs ${cost.segments} segments (${cost.encoding}, ${cost.characters} characters), more than Max Segments (${maxSegments})`,
		);
	}

	const requestBody: IDataObject = { destination_phone: phone.e164, body };
	if (options.contactName?.trim()) requestBody.destination_user_name = options.contactName.trim();
	if (options.openIntercomConversation !== undefined) requestBody.open_intercom_conversation = options.openIntercomConversation;
	if (options.intercomTeammateId?.trim()) requestBody.intercom_teammate_id = options.intercomTeammateId.trim();
	const request: SendRequest = { method: 'POST', path: '/api/v1/sms/messages', body: requestBody };
	const described: IDataObject = {
		phone_number: phone.e164,
		segments: cost.segments,
		encoding: cost.encoding,
		characters: cost.characters,
		...(over ? { warning: `The message costs ${cost.segments} segments, more than Max Segments (${maxSegments})` } : {}),
	};
	if (isDryRun(this, itemIndex)) return dryRunResult(this, request, described);

	const response = await octopodsApiRequest<SmsSendResponse>(this, {
		...request,
		credentialType: SMS_CREDENTIAL_TYPE,
		itemIndex,
		subject: { phone_number: phone.e164 },
	});
	return {
		message_id: response.message_id,
		request_id: response.request_id,
		...(response.channel_message_id !== undefined ? { channel_message_id: response.channel_message_id } : {}),
		...described,
	};
}
