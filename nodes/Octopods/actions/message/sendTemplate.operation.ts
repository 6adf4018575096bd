import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { languageProperties, optionsCollection } from '../common.descriptions';
import { dryRunNotice, dryRunOption, dryRunResult, isDryRun } from '../dryRun';
import type { PhoneOptions } from './recipient';
import { intercomTeammateIdOption, phoneNumberProperty, phoneOptions, recipientPhone } from './recipient';
import type { TemplateSendOptions } from './templateSend';
import {
	contactNameOption,
	openIntercomConversationOption,
	prepareTemplateSend,
	sendPreparedTemplate,
	templateProperty,
	variableProperties,
} from './templateSend';

const properties: INodeProperties[] = [
	dryRunNotice,
	templateProperty,
	...languageProperties,
	phoneNumberProperty,
	...variableProperties,
	optionsCollection([
		dryRunOption,
		contactNameOption,
		...phoneOptions,
		intercomTeammateIdOption,
		openIntercomConversationOption,
	]),
];

const displayOptions = { show: { resource: ['message'], operation: ['sendTemplate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as TemplateSendOptions & PhoneOptions;

	// Everything that can be checked without Octopods is checked first.
	const phone = recipientPhone(this, itemIndex, options);
	const prepared = await prepareTemplateSend(this, itemIndex, phone.e164, options);
	if (isDryRun(this, itemIndex)) return dryRunResult(this, prepared.request, prepared.described);
	return await sendPreparedTemplate(this, itemIndex, prepared);
}
