import type { IExecuteFunctions } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { type LimitWaitTime, waitTillOf } from '../../helpers/sendAndWait/waitTill';
import { checkInput } from '../fieldError';

/** The time limit, checked before sending (a time already passed is a field error). */
export function waitTill(context: IExecuteFunctions, itemIndex: number): Date {
	const limit = context.getNodeParameter('options.limitWaitTime.values', itemIndex, {}) as LimitWaitTime;
	return checkInput(context, itemIndex, 'Limit Wait Time', () => waitTillOf(limit, new Date())) ?? WAIT_INDEFINITELY;
}

/**
 * The signed link to this node's waiting webhook. n8n 1.x checks a waiting link's signature only
 * when the node asks for it (`setSignatureValidationRequired`); 2.x always checks Send and Wait
 * links and no longer has the call.
 */
export function signedAnswerLink(context: IExecuteFunctions): string {
	const legacy = context as IExecuteFunctions & { setSignatureValidationRequired?: () => void };
	legacy.setSignatureValidationRequired?.();
	return context.getSignedResumeUrl();
}

/** This n8n's waiting URL (what a template's URL button must start with): the link without `/{execution}/{node}`. */
export function waitingBaseOf(link: string): string {
	const url = new URL(link);
	return `${url.origin}${url.pathname.split('/').slice(0, -2).join('/')}`;
}
