/** Bad Send and Wait input, naming the field as the user sees it; the operation adds the item. */
export class SendAndWaitInputError extends Error {
	readonly field: string;

	constructor(field: string, message: string) {
		super(message);
		this.name = 'SendAndWaitInputError';
		this.field = field;
	}
}
