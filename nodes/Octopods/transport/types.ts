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
}

/** Object form of `message_variables`; empty sections are left out. */
export interface MessageVariables {
	header?: string[];
	body?: string[];
	buttons?: string[];
}

export interface SendTemplateBody {
	destination_phone: string;
	message_variables?: MessageVariables;
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
}

export type MessageStatusValue = 'SENT' | 'DELIVERED' | 'READ' | 'FAILED' | 'DELETED' | 'UNKNOWN';

export interface MessageStatus {
	message_id: number | string;
	status: MessageStatusValue | string;
	status_message?: string;
	last_updated?: string;
	request_id?: string;
	failure_reason?: { code: string; description: string };
}

/** The documented error body: HTTP 400 (and others) with `{request_id, error_code, error}`. */
export interface OctopodsErrorBody {
	request_id?: string;
	error_code?: number;
	error?: string;
}
