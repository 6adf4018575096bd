import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DigitsWithoutPlus, NormalisedPhone } from '../../helpers/phone';
import { normalisePhone, PHONE_COUNTRY_OPTIONS } from '../../helpers/phone';
import { checkInput } from '../fieldError';

export const phoneNumberProperty: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. +353 83 800 0000',
	description:
		'The recipient\'s WhatsApp number, best with its country code (+353..., 00353...). National numbers (083...) need the Default Country option. Sent as E.164.',
};

/** Options every send shares: how to read the phone number. */
export const phoneOptions: INodeProperties[] = [
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'options',
		default: '',
		options: PHONE_COUNTRY_OPTIONS,
		description: 'The country of phone numbers written without a country code, e.g. 0838 000 000',
	},
	{
		displayName: 'Numbers Without +',
		name: 'numbersWithoutPlus',
		type: 'options',
		default: 'auto',
		description:
			'How to read digits without + or 00, such as 353838000000, which could be international or national',
		options: [
			{
				name: 'Safe (Default)',
				value: 'auto',
				description:
					'International when that is the only valid reading; refused when both readings are valid numbers',
			},
			{ name: 'International', value: 'international', description: 'Always read with a + in front' },
			{ name: 'National', value: 'national', description: 'Always read in the Default Country' },
			{ name: 'Refuse', value: 'reject', description: 'Require a + or 00 prefix' },
		],
	},
];

/** Who a new Intercom conversation is assigned to: the same field on both sends. */
export const intercomTeammateIdOption: INodeProperties = {
	displayName: 'Intercom Teammate ID',
	name: 'intercomTeammateId',
	type: 'string',
	default: '',
	description:
		'If the message starts a new Intercom conversation, it is assigned to this teammate (admin ID). Empty: the workspace admin.',
};

export interface PhoneOptions {
	defaultCountry?: string;
	numbersWithoutPlus?: DigitsWithoutPlus;
}

/** The item's recipient in E.164, or a field error before anything is sent. */
export function recipientPhone(
	context: IExecuteFunctions,
	itemIndex: number,
	options: PhoneOptions,
): NormalisedPhone {
	const input = context.getNodeParameter('phoneNumber', itemIndex, '') as unknown;
	return checkInput(context, itemIndex, 'Phone Number', () =>
		normalisePhone(input, {
			defaultCountry: options.defaultCountry,
			digitsWithoutPlus: options.numbersWithoutPlus,
		}),
	);
}
