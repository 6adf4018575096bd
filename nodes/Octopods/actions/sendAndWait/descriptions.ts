import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { CTA_LIMITS } from '../../helpers/sendAndWait/message';
import { PAGE_LABEL_MAX } from '../../helpers/sendAndWait/question';
import { TOOL_INPUT_PARAMETER } from './parameters';

/**
 * Send and Wait's parameters with n8n's own names and values (n8n-nodes-base utils/sendAndWait), so
 * users' habits, saved workflows and n8n's human-review tool apply; the operation adds the recipient,
 * the message type and the template fields around them.
 */

/** The node's waiting webhooks: the page (GET) and the answer (POST) at the signed link. */
export const sendAndWaitWebhooks: IWebhookDescription[] = (['GET', 'POST'] as const).map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

export const waitingNodeTooltip =
	'={{ $parameter["operation"] === "sendAndWait" ? "Execution will continue when the person answers on the page the message links to" : "" }}';

export const questionProperty: INodeProperties = {
	displayName: 'Message',
	name: 'message',
	type: 'string',
	default: '',
	required: true,
	typeOptions: { rows: 4 },
	placeholder: 'e.g. Refund order A-17, EUR 40?',
	description: `The question: the heading of the page the person answers on, and the WhatsApp message's text with Interactive (there up to ${CTA_LIMITS.body} characters)`,
};

/**
 * As the AI Agent's human review (octopodsHitlTool), the gated tool call's input as an object:
 * n8n's review message renders it as "[object Object]", so the node shows it itself.
 */
export const reviewedToolInputProperty: INodeProperties = {
	displayName: 'Reviewed Tool Input',
	name: TOOL_INPUT_PARAMETER,
	type: 'hidden',
	default: '={{ $tool.parameters }}',
};

export const responseTypeProperty: INodeProperties = {
	displayName: 'Response Type',
	name: 'responseType',
	type: 'options',
	default: 'approval',
	options: [
		{ name: 'Approval', value: 'approval', description: 'The person approves (or declines) with a button on the page' },
		{ name: 'Free Text', value: 'freeText', description: 'The person writes an answer on the page' },
		{ name: 'Custom Form', value: 'customForm', description: 'The person fills in a form on the page' },
	],
};

const labelLimit = `up to ${PAGE_LABEL_MAX} characters`;

export const approvalOptionsProperty: INodeProperties = {
	displayName: 'Approval Options',
	name: 'approvalOptions',
	type: 'fixedCollection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Type of Approval',
					name: 'approvalType',
					type: 'options',
					default: 'single',
					options: [
						{ name: 'Approve Only', value: 'single' },
						{ name: 'Approve and Disapprove', value: 'double' },
					],
				},
				{
					displayName: 'Approve Button Label',
					name: 'approveLabel',
					type: 'string',
					default: 'Approve',
					description: `The page's approve button, ${labelLimit}`,
				},
				{
					displayName: 'Disapprove Button Label',
					name: 'disapproveLabel',
					type: 'string',
					default: 'Decline',
					description: `The page's decline button, ${labelLimit}`,
					displayOptions: { show: { approvalType: ['double'] } },
				},
			],
		},
	],
	displayOptions: { show: { responseType: ['approval'] } },
};

/** n8n's Define Form: the form's fields below, or as JSON (n8n's names and values). */
export const defineFormProperty: INodeProperties = {
	displayName: 'Define Form',
	name: 'defineForm',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Using Fields Below', value: 'fields' },
		{ name: 'Using JSON', value: 'json' },
	],
	default: 'fields',
	displayOptions: { show: { responseType: ['customForm'] } },
};

/** The form as JSON: an array of elements with Form Elements' names (n8n's Form Fields). */
export const formJsonProperty: INodeProperties = {
	displayName: 'Form Fields',
	name: 'jsonOutput',
	type: 'json',
	typeOptions: { rows: 5 },
	default:
		'[\n  {\n    "fieldLabel": "Which slot suits you?",\n    "fieldType": "dropdown",\n    "fieldOptions": { "values": [{ "option": "Tue 10:00" }, { "option": "Wed 11:00" }] },\n    "requiredField": true\n  },\n  {\n    "fieldLabel": "Your name",\n    "requiredField": true\n  }\n]',
	description:
		'An array of form elements: fieldLabel, and optionally fieldName, fieldType (text, textarea, number, email, date, dropdown), placeholder, requiredField, and for a dropdown fieldOptions.values[].option',
	displayOptions: { show: { responseType: ['customForm'], defineForm: ['json'] } },
};

/** n8n's form fields (Form node names), the field types a phone's browser shows well. */
export const formFieldsProperty: INodeProperties = {
	displayName: 'Form Elements',
	name: 'formFields',
	type: 'fixedCollection',
	placeholder: 'Add Form Element',
	default: {},
	typeOptions: { multipleValues: true, sortable: true },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Element Type',
					name: 'fieldType',
					type: 'options',
					default: 'text',
					options: [
						{ name: 'Date', value: 'date' },
						{ name: 'Dropdown', value: 'dropdown' },
						{ name: 'Email', value: 'email' },
						{ name: 'Number', value: 'number' },
						{ name: 'Text Input', value: 'text' },
						{ name: 'Textarea', value: 'textarea' },
					],
				},
				{
					displayName: 'Field Label',
					name: 'fieldLabel',
					type: 'string',
					default: '',
					placeholder: 'e.g. What is your name?',
					description: "The label shown above the field, and the field's key in the output unless Field Name is set",
					required: true,
				},
				{
					displayName: 'Field Name',
					name: 'fieldName',
					type: 'string',
					default: '',
					description: "The field's key in the output. Empty: the label.",
				},
				{
					// As n8n's Form node: a list (multipleValues), so n8n stores `{ values: [{ option }] }`.
					displayName: 'Field Options',
					name: 'fieldOptions',
					placeholder: 'Add Field Option',
					description: 'The choices the dropdown offers, in this order',
					type: 'fixedCollection',
					default: { values: [{ option: '' }] },
					required: true,
					typeOptions: { multipleValues: true, sortable: true },
					displayOptions: { show: { fieldType: ['dropdown'] } },
					options: [
						{
							displayName: 'Values',
							name: 'values',
							values: [{ displayName: 'Option', name: 'option', type: 'string', default: '' }],
						},
					],
				},
				{
					displayName: 'Placeholder',
					name: 'placeholder',
					type: 'string',
					default: '',
					displayOptions: { hide: { fieldType: ['dropdown', 'date'] } },
				},
				{
					displayName: 'Required Field',
					name: 'requiredField',
					type: 'boolean',
					default: false,
					description: 'Whether the person must fill in this field to submit the form',
				},
			],
		},
	],
	displayOptions: { show: { responseType: ['customForm'], defineForm: ['fields'] } },
};

/** n8n's Limit Wait Time option: when it passes, the workflow goes on with the input items, unanswered. */
export const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		'Whether to limit the time this node waits for an answer. When the limit passes, the workflow goes on with the node\'s input items and no answer.',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					description: 'Wait for a time interval, or until a date and time',
					options: [
						{ name: 'After Time Interval', description: 'Waits for a certain amount of time', value: 'afterTimeInterval' },
						{ name: 'At Specified Time', description: 'Waits until the set date and time', value: 'atSpecifiedTime' },
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					description: 'The time to wait',
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					default: 'hours',
					description: 'Unit of the interval value',
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
					default: '',
					description: 'Continue execution after the specified date and time',
				},
			],
		},
	],
};

/** The WhatsApp button that opens the page (n8n's name for the message's button label). */
export const messageButtonLabelOption: INodeProperties = {
	displayName: 'Message Button Label',
	name: 'messageButtonLabel',
	type: 'string',
	default: 'Respond',
	description: `The WhatsApp button that opens the page (Interactive), 1 to ${CTA_LIMITS.displayText} characters`,
};

/** n8n's Response Form Title: the page's heading instead of the message. */
export const responseFormTitleOption: INodeProperties = {
	displayName: 'Response Form Title',
	name: 'responseFormTitle',
	type: 'string',
	default: '',
	description: "The heading of the page the person answers on. Empty: the message. When set, the message shows below it unless Response Form Description is set.",
};

/** n8n's Response Form Description: the text under the page's heading. */
export const responseFormDescriptionOption: INodeProperties = {
	displayName: 'Response Form Description',
	name: 'responseFormDescription',
	type: 'string',
	default: '',
	typeOptions: { rows: 2 },
	description: "The text under the page's heading. Empty: the message, when Response Form Title replaces it as the heading.",
};

export const responseFormButtonLabelOption: INodeProperties = {
	displayName: 'Response Form Button Label',
	name: 'responseFormButtonLabel',
	type: 'string',
	default: 'Submit',
	description: `The page's submit button for Free Text and Custom Form, ${labelLimit}`,
};
