/** Shapes of the Octopods API, as its pages document them (see ../shared/octopods-api). */

export type TemplateComponentType = 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
export type HeaderFormat = 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';

export interface TemplateButton {
	type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | string;
	text: string;
	/** URL buttons only; may end in one variable, e.g. `https://shop.example/track/{{1}}`. */
	url?: string;
	phone_number?: string;
}

export interface TemplateComponent {
	type: TemplateComponentType | string;
	/** HEADER only. Missing means a text header. */
	format?: HeaderFormat | string;
	text?: string;
	/** BUTTONS only. */
	buttons?: TemplateButton[];
}

export interface OctopodsTemplate {
	template_id: number | string;
	template_name: string;
	template_body?: string;
	template_components: TemplateComponent[];
	created_at?: string;
	account_phone_number?: string;
	/** Not in the documented example, but the list can be filtered by them, so accounts carry them. */
	lang?: string;
	language?: string;
	active?: boolean;
	status?: string;
	/** 2026 articles: "Accepted", "Pending", "Under review", "Rejected", "Needs modification", "Deleted". */
	template_status?: string;
}

/** Query of the template list: `status` only in the 2026 articles; `lang` broad (`en`) or regional (`en_US`). */
export interface TemplateListQuery {
	active?: 'true' | 'false';
	lang?: string;
	status?: string;
}

/** Object form of `message_variables`, as the checks and the preview read it. */
export interface MessageVariables {
	header?: string[];
	body?: string[];
	buttons?: string[];
}

/**
 * `message_variables` as sent: a plain array of body values for a body-only template, otherwise
 * every section, empty ones included (the 2026 articles refuse anything less with error 9).
 */
export type MessageVariablesBody =
	| string[]
	| { header: string[]; body: string[]; footer: string[]; buttons: string[] };

export interface SendTemplateBody {
	destination_phone: string;
	message_variables?: MessageVariablesBody;
	header_attachment_url?: string;
	open_intercom_conversation?: boolean;
	intercom_teammate_id?: string;
	destination_user_name?: string;
}

export interface SendInteractiveBody {
	destination_phone: string;
	waba_interactive_message: Record<string, unknown>;
	intercom_teammate_id?: string;
}

export interface SendResponse {
	message_id: number | string;
	phone_number: string;
	request_id: string;
	/** 2026 articles: the status endpoint of this message. */
	message_status_url?: string;
}

export type MessageStatusValue = 'SENT' | 'DELIVERED' | 'READ' | 'FAILED' | 'DELETED' | 'UNKNOWN';

/** Octopods' words for why a message failed: an object, plain text, `{code, title}`, or empty. */
export type RawFailureReason = { code?: string | number; description?: string; title?: string } | string | null;

/**
 * A status answer in any documented shape: the original page's (uppercase, `last_updated`), the
 * 2026 uppercase one (adds `channel_message_id` and the CRM conversation IDs, and `UNKNOWN`), and the
 * 2026 lowercase one (`phone_number`, `sent_at`/`delivered_at`/`read_at`, `failure_reason` as text).
 */
export interface RawMessageStatus {
	message_id?: number | string;
	status?: string;
	status_message?: string;
	last_updated?: string | null;
	request_id?: string;
	phone_number?: string;
	channel_message_id?: string | number;
	intercom_conversation_id?: string | number | null;
	intercom_conversation_part_id?: string | number | null;
	sent_at?: string | null;
	delivered_at?: string | null;
	read_at?: string | null;
	failure_reason?: RawFailureReason;
}

/** A sent-messages answer: `{request_id, messages: [...]}`, or a bare array (two 2026 articles). */
export interface RawSentMessageSummary {
	message_id?: number | string;
	status?: string;
	phone_number?: string;
	sent_at?: string;
	failure_reason?: RawFailureReason;
}

export interface RawSentMessageRecord {
	user_phone_number?: string;
	created_at?: string;
	message_content?: string;
	message_status?: {
		channel_message_id?: number | string;
		message_status?: string;
		failure_reason?: RawFailureReason;
	};
}

export type RawSentMessages = { request_id?: string; messages?: RawSentMessageSummary[] } | RawSentMessageRecord[];

/** The documented error body: HTTP 400 (and others) with `{request_id, error_code, error}`. */
export interface OctopodsErrorBody {
	request_id?: string;
	error_code?: number;
	error?: string;
}

/** The `error_code` of a deprecated API key: codes are per API family (WhatsApp 6, SMS 5). */
export const DEPRECATED_KEY_CODE = { whatsapp: 6, sms: 5 } as const;
