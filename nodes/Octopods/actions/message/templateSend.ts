import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { messageVariablesBody } from '../../helpers/messageVariables';
import { versionMismatch } from '../../helpers/templateByName';
import { whyNotSendable } from '../../helpers/templates';
import type { TemplateShape } from '../../helpers/templateVariables';
import {
	checkVariables,
	describeTemplate,
	MEDIA_URL_FIELD_ID,
	parseVariablesJson,
	renderPreview,
	TemplateVariablesError,
	variablesFromFields,
} from '../../helpers/templateVariables';
import { octopodsApiRequest } from '../../transport';
import type { MessageVariables, OctopodsTemplate, SendResponse, SendTemplateBody } from '../../transport/types';
import { templateLocator } from '../common.descriptions';
import type { SendRequest } from '../dryRun';
import { checkInput, fieldError } from '../fieldError';
import type { TemplateChoice } from '../templateChoice';
import { languageFields, readTemplateChoice, resolveTemplate } from '../templateChoice';

/**
 * One template send, shared by Send Template and Send and Wait (template way): the parameters that
 * choose the template and fill its variables, the checks before sending, the request and the POST.
 */

/** The template picker of a send. */
export const templateProperty: INodeProperties = 
{
		...templateLocator('searchActiveTemplates', { byName: true }),
		description:
			'The approved message template to send. Pick it from the list, give its ID, e.g. 539 (the template_id that Template → Get Many returns), also per item with an expression or from an AI agent, or give its name and the contact\'s language (By Name).',
	};

/** How the variables are given: one mapper field each, or JSON per item; a media header's URL. */
export const variableProperties: INodeProperties[] = [
	{
		displayName: 'Variables Input',
		name: 'variablesInput',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		options: [
			{
				name: 'Map Each Variable',
				value: 'fields',
				description: 'One field per variable of the chosen template, loaded from Octopods',
			},
			{
				name: 'JSON',
				value: 'json',
				description:
					'For a template chosen per item by expression or by an AI agent: {"header": [...], "body": [...], "buttons": [...]}',
			},
		],
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['templateId.value', 'templateId.mode', 'language', 'fallbackLanguages'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateVariables',
				mode: 'add',
				fieldWords: { singular: 'variable', plural: 'variables' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError: 'This template has no variables: nothing to fill in.',
			},
		},
		displayOptions: { show: { variablesInput: ['fields'] } },
	},
	{
		displayName: 'Variables (JSON)',
		name: 'variablesJson',
		type: 'json',
		default: '{\n  "body": []\n}',
		description:
			'The values of the template\'s variables per section, in order: {"header": ["Ana"], "body": ["Ana", "12:30"], "buttons": ["order-17"]}. Named variables ({{first_name}}) go in the body array in order of first appearance. A template without variables takes {"body": []}.',
		displayOptions: { show: { variablesInput: ['json'] } },
	},
	{
		displayName: 'Header Media URL',
		name: 'headerMediaUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/photo.jpg',
		description: 'For templates with an image, video or document header: a public http(s) URL of the file',
		displayOptions: { show: { variablesInput: ['json'] } },
	},
];

export const contactNameOption: INodeProperties = {
	displayName: 'Contact Name',
	name: 'contactName',
	type: 'string',
	default: '',
	description: 'A display name for the contact in Octopods and Intercom (destination_user_name)',
};

export const openIntercomConversationOption: INodeProperties = {
	displayName: 'Open Intercom Conversation',
	name: 'openIntercomConversation',
	type: 'boolean',
	default: false,
	description: 'Whether Octopods should create an Intercom conversation for this message in your Inbox',
};

export interface TemplateSendOptions {
	contactName?: string;
	intercomTeammateId?: string;
	openIntercomConversation?: boolean;
}

interface ItemVariables {
	variables: MessageVariables;
	headerMediaUrl?: string;
}

type VariablesInput = ({ from: 'json' } & ItemVariables) | { from: 'fields'; values: Record<string, unknown> };

/** The item's variables as given. JSON is parsed (and its shape checked) before any request. */
function readVariablesInput(context: IExecuteFunctions, itemIndex: number): VariablesInput {
	if (context.getNodeParameter('variablesInput', itemIndex, 'fields') === 'json') {
		const json = context.getNodeParameter('variablesJson', itemIndex, '') as unknown;
		const variables = checkInput(context, itemIndex, 'Variables (JSON)', () => parseVariablesJson(json));
		const url = context.getNodeParameter('headerMediaUrl', itemIndex, '') as string;
		return { from: 'json', variables, headerMediaUrl: url.trim() || undefined };
	}
	const values = context.getNodeParameter('variables.value', itemIndex, {}) as Record<string, unknown> | null;
	return { from: 'fields', values: values ?? {} };
}

/** Mapper values are keyed by the template's variable ids, so they are read against its shape. */
function variablesOf(
	context: IExecuteFunctions,
	itemIndex: number,
	input: VariablesInput,
	shape: TemplateShape,
): ItemVariables {
	if (input.from === 'json') return input;
	const url = input.values[MEDIA_URL_FIELD_ID];
	return {
		variables: checkInput(context, itemIndex, 'Variables', () => variablesFromFields(shape, input.values)),
		headerMediaUrl: typeof url === 'string' && url.trim() ? url.trim() : undefined,
	};
}

/**
 * Map Each Variable cannot know the fields of a template chosen per item by expression: its values
 * are then empty, and the fix is JSON input, which the check's own message cannot know.
 */
function withPerItemHint(input: VariablesInput, choice: TemplateChoice, error: unknown): unknown {
	if (input.from === 'fields' && choice.perItem && error instanceof TemplateVariablesError) {
		return new TemplateVariablesError(
			error.field,
			`${error.message}. The template is chosen by an expression, so Map Each Variable has no fields for it: set Variables Input to JSON`,
		);
	}
	return error;
}

/** A template send ready to go: the request (also what Dry Run shows) and what the output says about it. */
export interface PreparedTemplateSend {
	request: SendRequest;
	described: IDataObject;
	subject: IDataObject;
	templateId: string;
}

/**
 * Send and Wait puts its link into the variables before they are checked: it gets the template and
 * its shape, and the variables as given, and answers the variables to send.
 */
export type VariablesAdjustment = (template: OctopodsTemplate, shape: TemplateShape, variables: MessageVariables) => MessageVariables;

/** Chooses the template, reads and checks its variables, and builds the request; nothing is sent. */
export async function prepareTemplateSend(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneE164: string,
	options: TemplateSendOptions,
	adjust?: VariablesAdjustment,
): Promise<PreparedTemplateSend> {
	const input = readVariablesInput(context, itemIndex);

	const choice = readTemplateChoice(context, itemIndex, { mappedFields: input.from === 'fields' });
	const chosen = await resolveTemplate(context, itemIndex, choice);
	const { template, templateId } = chosen;
	// Only Accepted (or, without a template_status, active) templates can be sent: refused before the POST.
	const notSendable = whyNotSendable(template);
	if (notSendable) throw fieldError(context, itemIndex, 'Template', notSendable);
	// By Name: an item resolved to another language version than the fields were loaded from.
	const mismatch = chosen.byName && chosen.editorVersion && versionMismatch(chosen.byName, chosen.editorVersion);
	if (mismatch) throw fieldError(context, itemIndex, 'Variables', mismatch);
	const shape = describeTemplate(template);
	const given = variablesOf(context, itemIndex, input, shape);
	const variables = adjust ? adjust(template, shape, given.variables) : given.variables;
	const { headerMediaUrl } = given;
	const mediaUrlField = input.from === 'json' ? 'Header Media URL' : undefined;
	checkInput(context, itemIndex, 'Variables', () => {
		try {
			checkVariables(template, variables, headerMediaUrl, mediaUrlField);
		} catch (error) {
			throw withPerItemHint(input, choice, error);
		}
	});

	const body: SendTemplateBody = { destination_phone: phoneE164 };
	const messageVariables = messageVariablesBody(template, shape, variables);
	if (messageVariables) body.message_variables = messageVariables;
	if (shape.mediaHeader && headerMediaUrl) body.header_attachment_url = headerMediaUrl;
	if (options.openIntercomConversation !== undefined) {
		body.open_intercom_conversation = options.openIntercomConversation;
	}
	if (options.intercomTeammateId?.trim()) body.intercom_teammate_id = options.intercomTeammateId.trim();
	if (options.contactName?.trim()) body.destination_user_name = options.contactName.trim();

	const subject = { phone_number: phoneE164, template_id: template.template_id, template_name: template.template_name };
	return {
		request: {
			method: 'POST',
			path: `/api/v1/whatsapp/templates/${encodeURIComponent(templateId)}/messages`,
			body: body as unknown as IDataObject,
		},
		described: {
			...subject,
			...languageFields(chosen),
			preview: renderPreview(template, variables, headerMediaUrl) as unknown as IDataObject,
		},
		subject,
		templateId,
	};
}

/** Sends a prepared template message through the transport; the output item of the send. */
export async function sendPreparedTemplate(
	context: IExecuteFunctions,
	itemIndex: number,
	prepared: PreparedTemplateSend,
): Promise<IDataObject> {
	const response = await octopodsApiRequest<SendResponse>(context, {
		...prepared.request,
		itemIndex,
		subject: prepared.subject,
		notFoundMessage: `Template ${prepared.templateId} was not found in this Octopods account`,
	});
	return {
		message_id: response.message_id,
		request_id: response.request_id,
		...prepared.described,
		...(response.message_status_url ? { message_status_url: response.message_status_url } : {}),
	};
}
