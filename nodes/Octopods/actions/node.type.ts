import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export type OctopodsResource = 'message' | 'sms' | 'template';

/** An operation handles one input item; the router does the loop, pairing and Continue On Fail. */
export interface OctopodsOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
	/** Runs for the first input item only (Send and Wait: one message and one wait per execution). */
	firstItemOnly?: boolean;
}
