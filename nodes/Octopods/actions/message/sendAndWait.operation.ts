import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { CTA_LIMITS, ctaUrlMessage, LINK_VARIABLE_FIELD, placeLink } from '../../helpers/sendAndWait/message';
import { buildQuestion } from '../../helpers/sendAndWait/question';
import { languageProperties, optionsCollection } from '../common.descriptions';
import type { SendRequest } from '../dryRun';
import { dryRunNotice, dryRunOption, dryRunResult, isDryRun } from '../dryRun';
import { checkInput } from '../fieldError';
import {
	approvalOptionsProperty,
	defineFormProperty,
	formFieldsProperty,
	formJsonProperty,
	limitWaitTimeOption,
	messageButtonLabelOption,
	questionProperty,
	responseFormButtonLabelOption,
	responseFormDescriptionOption,
	responseFormTitleOption,
	reviewedToolInputProperty,
	responseTypeProperty,
} from '../sendAndWait/descriptions';
import type { ParameterReader } from '../sendAndWait/parameters';
import { isHumanReviewTool, questionParameters, reviewMessage } from '../sendAndWait/parameters';
import { signedAnswerLink, waitingBaseOf, waitTill } from '../sendAndWait/wait';
import { interactiveRequest, sendInteractiveRequest } from './interactiveSend';
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

const templateOnly = { show: { messageType: ['template'] } };

const properties: INodeProperties[] = [
	{
		displayName:
			'Sends one message, to the first input item\'s recipient, and waits until the person answers on the page the message links to (as n8n\'s own Send and Wait nodes do)',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
	},
	dryRunNotice,
	phoneNumberProperty,
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		noDataExpression: true,
		default: 'interactive',
		options: [
			{
				name: 'Interactive',
				value: 'interactive',
				description:
					'The question with a button that opens the answer page. Only delivered to a customer who messaged you in the last 24 hours.',
			},
			{
				name: 'Template',
				value: 'template',
				description: 'An approved template with the answer link in one of its variables: works outside the 24-hour window',
			},
		],
	},
	...updateDisplayOptions(templateOnly, [
		templateProperty,
		...languageProperties,
		...variableProperties,
		{
			displayName: 'Link Variable',
			name: 'linkVariable',
			type: 'string',
			default: '',
			placeholder: 'e.g. Body {{2}}',
			description:
				'The template variable that carries the answer link: a body variable (Body {{2}}), or a URL button\'s suffix (Button 1 URL Suffix) when the button\'s address starts with this n8n\'s waiting URL (…/webhook-waiting/{{1}}). Leave its value empty among the variables. Empty: that URL button, else the only body variable.',
		},
	]),
	questionProperty,
	reviewedToolInputProperty,
	responseTypeProperty,
	defineFormProperty,
	formFieldsProperty,
	formJsonProperty,
	approvalOptionsProperty,
	optionsCollection([
		dryRunOption,
		limitWaitTimeOption,
		{ ...messageButtonLabelOption, displayOptions: { show: { '/messageType': ['interactive'] } } },
		...[responseFormTitleOption, responseFormDescriptionOption, responseFormButtonLabelOption].map((option) => ({
			...option,
			displayOptions: { show: { '/responseType': ['freeText', 'customForm'] } },
		})),
		...phoneOptions,
		intercomTeammateIdOption,
		{ ...contactNameOption, displayOptions: { show: { '/messageType': ['template'] } } },
		{ ...openIntercomConversationOption, displayOptions: { show: { '/messageType': ['template'] } } },
	]),
];

const displayOptions = { show: { resource: ['message'], operation: ['sendAndWait'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The router runs Send and Wait for the first item only: one message, one wait, per execution. */
export const firstItemOnly = true;

interface SendAndWaitOptions extends PhoneOptions, TemplateSendOptions {
	messageButtonLabel?: string;
}

/**
 * Checks everything, sends the message with the signed link to this node's waiting webhook, and
 * puts the execution to wait (until the answer, or the time limit). The webhook (../sendAndWait/
 * webhook.ts) shows the page and resumes the workflow with the answer.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as SendAndWaitOptions;

	// Everything that can be checked without Octopods is checked first.
	const phone = recipientPhone(this, itemIndex, options);
	const read: ParameterReader = (name, fallback) => this.getNodeParameter(name, itemIndex, fallback);
	const humanReview = isHumanReviewTool(this.getNode().type);
	const question = checkInput(this, itemIndex, 'Message', () => buildQuestion(questionParameters(read, humanReview)));
	const resumeAt = waitTill(this, itemIndex);
	const link = signedAnswerLink(this);

	let request: SendRequest;
	let described: IDataObject;
	let send: () => Promise<IDataObject>;
	if (this.getNodeParameter('messageType', itemIndex, 'interactive') === 'template') {
		const linkVariable = String(this.getNodeParameter('linkVariable', itemIndex, '') ?? '');
		const prepared = await prepareTemplateSend(this, itemIndex, phone.e164, options, (template, shape, variables) =>
			checkInput(this, itemIndex, LINK_VARIABLE_FIELD, () =>
				placeLink(template, shape, variables, linkVariable, link, waitingBaseOf(link)),
			),
		);
		request = prepared.request;
		described = prepared.described;
		send = async () => await sendPreparedTemplate(this, itemIndex, prepared);
	} else {
		const label = String(options.messageButtonLabel ?? 'Respond');
		// A review's arguments may not fit WhatsApp's body: the message shows them cut, the page whole.
		const body = humanReview ? reviewMessage(read, CTA_LIMITS.body) : question.message;
		const payload = checkInput(this, itemIndex, 'Message', () => ctaUrlMessage(body, label, link));
		request = interactiveRequest(phone.e164, payload, String(options.intercomTeammateId ?? '').trim());
		described = { phone_number: phone.e164, payload: payload as IDataObject };
		send = async () => {
			const subject = { phone_number: phone.e164, interactive_type: payload.type };
			const response = await sendInteractiveRequest(this, itemIndex, request, subject);
			return { message_id: response.message_id, request_id: response.request_id, ...described };
		};
	}
	described = { ...described, response_type: question.responseType, answer_url: link };
	if (isDryRun(this, itemIndex)) return dryRunResult(this, request, described);

	await send();
	await this.putExecutionToWait(resumeAt);
	// As n8n's nodes do: the item passes on unchanged; the answer (or the time limit) replaces it.
	return this.getInputData()[itemIndex]?.json ?? {};
}
