import type { IDataObject, IExecuteData, IExecuteFunctions } from 'n8n-workflow';

import { retryLedger } from '../../nodes/Octopods/actions/retryLedger';

/** What retryLedger reads of n8n's context: the node, its execute data, the input items. */
function context(run: object, items: IDataObject[], node: { name?: string; retryOnFail?: boolean } = {}): IExecuteFunctions {
	return {
		getNode: () => ({ name: 'Octopods', retryOnFail: true, ...node }),
		getExecuteData: () => run as IExecuteData,
		getInputData: () => items.map((json) => ({ json })),
	} as unknown as IExecuteFunctions;
}

const sent = { kind: 'done', result: { message_id: 1 } } as const;

describe('retryLedger: what a retry of the same node run may reuse', () => {
	it('keeps nothing when Retry On Fail is off', () => {
		expect(retryLedger(context({}, [{ phone: '+1' }], { retryOnFail: false }))).toBeUndefined();
	});

	it('gives a later try of the same run what the earlier one did with the same item', () => {
		const run = {};
		const items = [{ phone: '+353838000001' }, { phone: '+353838000002' }];
		retryLedger(context(run, items))?.remember(0, sent);
		const retry = retryLedger(context(run, items));
		expect(retry?.recall(0)).toEqual(sent);
		expect(retry?.recall(1)).toBeUndefined();
	});

	it('as an AI tool (one execute data for every call of the agent), reuses nothing for other arguments', () => {
		const agentRun = {};
		retryLedger(context(agentRun, [{ phone: '+353838000001' }]))?.remember(0, sent);
		expect(retryLedger(context(agentRun, [{ phone: '+353838000002' }]))?.recall(0)).toBeUndefined();
		// A retry of the same call (same arguments) is answered from the ledger.
		expect(retryLedger(context(agentRun, [{ phone: '+353838000001' }]))?.recall(0)).toEqual(sent);
	});

	it('keeps the nodes of one run apart, and runs apart', () => {
		const run = {};
		const items = [{ phone: '+353838000001' }];
		retryLedger(context(run, items, { name: 'Send Reminder' }))?.remember(0, sent);
		expect(retryLedger(context(run, items, { name: 'Send Receipt' }))?.recall(0)).toBeUndefined();
		expect(retryLedger(context({}, items, { name: 'Send Reminder' }))?.recall(0)).toBeUndefined();
	});
});
