/** What the person is asked for, as read from the node's parameters (n8n's own names and values). */
export type ResponseType = 'approval' | 'freeText' | 'customForm';

export interface ApprovalChoice {
	approvalType: 'single' | 'double';
	approveLabel: string;
	disapproveLabel: string;
}

export type FormFieldType = 'text' | 'textarea' | 'number' | 'email' | 'date' | 'dropdown';

export interface FormField {
	/** The label shown, and the output key unless a Field Name is given (as in n8n's forms). */
	label: string;
	key: string;
	type: FormFieldType;
	required: boolean;
	placeholder: string;
	/** Dropdown only. */
	options: string[];
}

export interface Question {
	/** The question: the WhatsApp body (interactive) and the page's heading. */
	message: string;
	/** The page's heading (Response Form Title, else the message) and the text below it. */
	heading: string;
	description: string;
	responseType: ResponseType;
	approval: ApprovalChoice;
	fields: FormField[];
	/** The submit button of free text and custom forms. */
	submitLabel: string;
}
