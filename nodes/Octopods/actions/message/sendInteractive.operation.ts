import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type {
	ListInput,
	MediaHeaderType,
	ReplyButtonsInput,
	WabaInteractiveMessage,
} from '../../helpers/interactive';
import { buildList, buildReplyButtons, LIMITS, parseInteractiveJson } from '../../helpers/interactive';
import { optionsCollection } from '../common.descriptions';
import { dryRunNotice, dryRunOption, dryRunResult, isDryRun } from '../dryRun';
import { checkInput, fieldError } from '../fieldError';
import { interactiveRequest, sendInteractiveRequest } from './interactiveSend';
import type { PhoneOptions } from './recipient';
import { intercomTeammateIdOption, phoneNumberProperty, phoneOptions, recipientPhone } from './recipient';

type InteractiveType = 'buttons' | 'list' | 'json';
type HeaderType = 'none' | 'text' | MediaHeaderType;

const MEDIA_HEADER_TYPES: HeaderType[] = ['image', 'video', 'document'];

const properties: INodeProperties[] = [
	dryRunNotice,
	phoneNumberProperty,
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		noDataExpression: true,
		default: 'buttons',
		description:
			'The kind of interactive message. WhatsApp only delivers interactive messages to customers who messaged you in the last 24 hours; outside that window send a template.',
		options: [
			{
				name: 'JSON',
				value: 'json',
				description:
					'The whole WhatsApp interactive object as JSON, for any type (button, list, product, product_list, flow, catalog_message)',
			},
			{
				name: 'List',
				value: 'list',
				description: 'A menu button that opens a list of up to 10 rows, optionally grouped in sections',
			},
			{
				name: 'Reply Buttons',
				value: 'buttons',
				description: 'Up to 3 buttons the customer taps to answer',
			},
		],
	},

	// Reply Buttons: header
	{
		displayName: 'Header Type',
		name: 'headerType',
		type: 'options',
		noDataExpression: true,
		default: 'none',
		description: 'What is shown above the body text, if anything',
		options: [
			{ name: 'Document', value: 'document', description: 'A file (e.g. a PDF) from a public URL' },
			{ name: 'Image', value: 'image', description: 'An image from a public URL' },
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text', description: 'A bold line of text' },
			{ name: 'Video', value: 'video', description: 'A video from a public URL' },
		],
		displayOptions: { show: { interactiveType: ['buttons'] } },
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: `Bold text above the body, up to ${LIMITS.headerText} characters`,
		displayOptions: { show: { interactiveType: ['buttons'], headerType: ['text'] } },
	},
	{
		displayName: 'Header Media URL',
		name: 'headerMediaUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/photo.jpg',
		description: 'A public http(s) link to the image, video or document that WhatsApp downloads and shows',
		displayOptions: { show: { interactiveType: ['buttons'], headerType: MEDIA_HEADER_TYPES } },
	},
	{
		displayName: 'Header Filename',
		name: 'headerFilename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice.pdf',
		description: 'The file name the customer sees for the document. Empty: WhatsApp picks one.',
		displayOptions: { show: { interactiveType: ['buttons'], headerType: ['document'] } },
	},
	// List: header. Same name as the reply-button header text, so the text is kept when the type changes.
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		description: `Optional bold text above the body, up to ${LIMITS.headerText} characters. Lists can only have a text header.`,
		displayOptions: { show: { interactiveType: ['list'] } },
	},

	// Both builders: body and footer
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Your appointment is tomorrow at 10:00. Can you make it?',
		description: `The message text, up to ${LIMITS.body} characters`,
		displayOptions: { show: { interactiveType: ['buttons', 'list'] } },
	},
	{
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: `Optional small grey text below the body, up to ${LIMITS.footer} characters`,
		displayOptions: { show: { interactiveType: ['buttons', 'list'] } },
	},

	// Reply Buttons: the buttons
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		placeholder: 'Add Button',
		default: {},
		typeOptions: {
			multipleValues: true,
			sortable: true,
			minRequiredFields: LIMITS.buttons.min,
			maxAllowedFields: LIMITS.buttons.max,
		},
		description: `${LIMITS.buttons.min} to ${LIMITS.buttons.max} buttons, shown in this order. The reply carries the ID of the tapped button.`,
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. Reschedule',
						description: `The text on the button, 1 to ${LIMITS.buttonTitle} characters, different from the other buttons' titles`,
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. reschedule',
						description: `What the reply carries to identify this button, up to ${LIMITS.buttonId} characters, unique. Empty: derived from the title ("Talk to a human" gives talk_to_a_human).`,
					},
				],
			},
		],
		displayOptions: { show: { interactiveType: ['buttons'] } },
	},

	// List: the menu
	{
		displayName: 'Button Label',
		name: 'buttonLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. See options',
		description: `The label of the button that opens the list, up to ${LIMITS.listButtonLabel} characters`,
		displayOptions: { show: { interactiveType: ['list'] } },
	},
	// Sections are entered as a field of each row, not as a collection of sections holding rows:
	// n8n's editor shows a fixed collection nested in another one as a cramped box per section,
	// and most lists have a single section anyway. One flat, sortable list of rows is what a
	// no-code user fills in fastest; rows that share a Section value are grouped into that section,
	// sections in the order they first appear. Lists whose rows vary per item belong in JSON mode.
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		placeholder: 'Add Row',
		default: {},
		typeOptions: {
			multipleValues: true,
			sortable: true,
			minRequiredFields: LIMITS.rows.min,
			maxAllowedFields: LIMITS.rows.max,
		},
		description: `The choices in the list, ${LIMITS.rows.min} to ${LIMITS.rows.max} rows in all. To group rows in sections (up to ${LIMITS.sections}), give them a Section: rows with the same Section are shown together under that title, sections in the order they first appear. For a list without sections, leave Section empty on every row.`,
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{
						displayName: 'Section',
						name: 'section',
						type: 'string',
						default: '',
						placeholder: 'e.g. This Week',
						description: `The title of the section this row is shown under, up to ${LIMITS.sectionTitle} characters. Needed on every row when the list has more than one section.`,
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. Tuesday 10:00',
						description: `The row's text, 1 to ${LIMITS.rowTitle} characters`,
					},
					{
						displayName: 'Description',
						name: 'description',
						type: 'string',
						default: '',
						description: `Optional grey text under the title, up to ${LIMITS.rowDescription} characters`,
					},
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. tue_1000',
						description: `What the reply carries to identify this row, up to ${LIMITS.rowId} characters, unique in the list. Empty: derived from the title.`,
					},
				],
			},
		],
		displayOptions: { show: { interactiveType: ['list'] } },
	},

	// JSON
	{
		displayName: 'Interactive JSON',
		name: 'interactiveJson',
		type: 'json',
		default: '{\n  "type": "",\n  "body": {\n    "text": ""\n  },\n  "action": {}\n}',
		required: true,
		description:
			'The waba_interactive_message object as in WhatsApp\'s docs, as JSON text or as an object from an expression. It needs a "type" (button, list, product, product_list, flow, catalog_message) and, for most types, body.text. Reply buttons and lists are checked against WhatsApp\'s limits; it is sent unchanged.',
		displayOptions: { show: { interactiveType: ['json'] } },
	},

	optionsCollection([dryRunOption, ...phoneOptions, intercomTeammateIdOption]),
];

const displayOptions = { show: { resource: ['message'], operation: ['sendInteractive'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface SendInteractiveOptions extends PhoneOptions {
	intercomTeammateId?: unknown;
}

interface ButtonParameter {
	title?: unknown;
	id?: unknown;
}

interface RowParameter {
	section?: unknown;
	title?: unknown;
	description?: unknown;
	id?: unknown;
}

/** Expressions may give numbers or nothing; the builders take text and trim it themselves. */
function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

function stringParameter(context: IExecuteFunctions, name: string, itemIndex: number): string {
	return text(context.getNodeParameter(name, itemIndex, ''));
}

function listParameter<T>(context: IExecuteFunctions, path: string, itemIndex: number): T[] {
	const value = context.getNodeParameter(path, itemIndex, []) as unknown;
	return Array.isArray(value) ? (value as T[]) : [];
}

function buttonHeader(context: IExecuteFunctions, itemIndex: number): ReplyButtonsInput['header'] {
	const type = context.getNodeParameter('headerType', itemIndex, 'none') as HeaderType;
	if (type === 'none') return undefined;
	if (type === 'text') return { type, text: stringParameter(context, 'headerText', itemIndex) };
	const filename = type === 'document' ? stringParameter(context, 'headerFilename', itemIndex) : '';
	return { type, url: stringParameter(context, 'headerMediaUrl', itemIndex), filename };
}

function replyButtonsInput(context: IExecuteFunctions, itemIndex: number): ReplyButtonsInput {
	return {
		body: stringParameter(context, 'bodyText', itemIndex),
		header: buttonHeader(context, itemIndex),
		footer: stringParameter(context, 'footerText', itemIndex),
		buttons: listParameter<ButtonParameter>(context, 'buttons.button', itemIndex).map((button) => ({
			title: text(button.title),
			id: text(button.id),
		})),
	};
}

/** Groups the flat rows into sections by their Section value, in order of first appearance. */
function sectionsOf(context: IExecuteFunctions, itemIndex: number, rows: RowParameter[]): ListInput['sections'] {
	// No rows: one empty section, so the check reports the missing rows the user can add.
	if (rows.length === 0) return [{ rows: [] }];
	// Keyed loosely, so "This week" and "This Week " are one section (titled as first written).
	const sections = new Map<string, ListInput['sections'][number]>();
	rows.forEach((row, index) => {
		const title = text(row.section).trim();
		const key = title.toLowerCase().replace(/\s+/g, ' ');
		let section = sections.get(key);
		if (section === undefined) {
			section = { title, rows: [] };
			sections.set(key, section);
		}
		const fields = { id: text(row.id), title: text(row.title), description: text(row.description) };
		section.rows.push({ ...fields, position: index + 1 });
	});
	if (sections.size > 1 && sections.has('')) {
		const position = rows.findIndex((row) => text(row.section).trim() === '') + 1;
		throw fieldError(
			context,
			itemIndex,
			`List row ${position} section`,
			`List row ${position} has no Section, but other rows do; WhatsApp needs a section title on every row when the list has more than one section`,
		);
	}
	return [...sections.values()];
}

function listInput(context: IExecuteFunctions, itemIndex: number): ListInput {
	return {
		body: stringParameter(context, 'bodyText', itemIndex),
		header: stringParameter(context, 'headerText', itemIndex),
		footer: stringParameter(context, 'footerText', itemIndex),
		buttonLabel: stringParameter(context, 'buttonLabel', itemIndex),
		sections: sectionsOf(context, itemIndex, listParameter<RowParameter>(context, 'rows.row', itemIndex)),
	};
}

/** The item's `waba_interactive_message`, built and checked against WhatsApp's limits. */
function interactivePayload(context: IExecuteFunctions, itemIndex: number): WabaInteractiveMessage {
	const type = context.getNodeParameter('interactiveType', itemIndex, 'buttons') as InteractiveType;
	if (type === 'list') {
		const input = listInput(context, itemIndex);
		return checkInput(context, itemIndex, 'List', () => buildList(input));
	}
	if (type === 'json') {
		const json = context.getNodeParameter('interactiveJson', itemIndex, '') as unknown;
		return checkInput(context, itemIndex, 'Interactive JSON', () => parseInteractiveJson(json));
	}
	const input = replyButtonsInput(context, itemIndex);
	return checkInput(context, itemIndex, 'Buttons', () => buildReplyButtons(input));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = this.getNodeParameter('options', itemIndex, {}) as SendInteractiveOptions;

	// Everything is checked before the request: a refused item never reaches Octopods.
	const phone = recipientPhone(this, itemIndex, options);
	const payload = interactivePayload(this, itemIndex);

	const request = interactiveRequest(phone.e164, payload, text(options.intercomTeammateId).trim());
	if (isDryRun(this, itemIndex)) {
		return dryRunResult(this, request, { phone_number: phone.e164, payload: payload as IDataObject });
	}

	const subject = { phone_number: phone.e164, interactive_type: payload.type };
	const response = await sendInteractiveRequest(this, itemIndex, request, subject);

	return {
		message_id: response.message_id,
		request_id: response.request_id,
		phone_number: phone.e164,
		payload: payload as IDataObject,
	};
}
