import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as message from './message/Message.resource';
import type { OctopodsOperation, OctopodsResource } from './node.type';
import * as template from './template/Template.resource';

const operations: Record<OctopodsResource, Record<string, OctopodsOperation>> = {
	message: {
		getStatus: message.getStatus,
		sendInteractive: message.sendInteractive,
		sendTemplate: message.sendTemplate,
	},
	template: { get: template.get, getAll: template.getAll },
};

/** What a failed item shows under Continue On Fail: enough to act on without opening logs. */
function errorItem(error: Error & { description?: string | null; context?: IDataObject; httpCode?: string | null }): IDataObject {
	const item: IDataObject = { error: error.message };
	if (error.description) item.description = error.description;
	if (error.httpCode) item.httpCode = error.httpCode;
	if (error.context?.octopodsErrorCode !== undefined) item.errorCode = error.context.octopodsErrorCode;
	if (error.context?.octopodsRequestId !== undefined) item.requestId = error.context.octopodsRequestId;
	if (error.context?.field !== undefined) item.field = error.context.field;
	return item;
}

/** n8n points at the failing item through the error's item index: make sure every error has one. */
function withItemIndex(context: IExecuteFunctions, error: Error, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

/** Owns the item loop for every operation: pairing, Continue On Fail and the item index of errors. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as OctopodsResource;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" is not supported for resource "${resource}"`,
		);
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.execute.call(this, itemIndex);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: errorItem(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw withItemIndex(this, error, itemIndex);
		}
	}
	return [returnData];
}
