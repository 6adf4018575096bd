import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { formValues, readAnswer } from '../../helpers/sendAndWait/answer';
import { questionPage, recordedPage } from '../../helpers/sendAndWait/page';
import { buildQuestion } from '../../helpers/sendAndWait/question';
import { isHumanReviewTool, questionParameters } from './parameters';

/** Headers of every page: no caching, no indexing, the signed link kept out of Referer headers. */
const PAGE_HEADERS: Record<string, string> = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'no-store',
	'X-Robots-Tag': 'noindex, nofollow',
	'Referrer-Policy': 'no-referrer',
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

/**
 * The node's waiting webhook (n8n has checked the link's signature before calling it). A GET, from
 * a person, a link preview or a scanner alike, only shows the page and records nothing; a POST (the
 * page's form) records the answer and resumes the workflow with it. A POST the page could not have
 * sent shows the page again with what is missing, and resumes nothing.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
	const question = buildQuestion(
		questionParameters((name, fallback) => this.getNodeParameter(name, fallback), isHumanReviewTool(this.getNode().type)),
	);
	for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);

	if (request.method !== 'POST') {
		response.status(200).send(questionPage(question));
		return { noWebhookResponse: true };
	}
	// n8n hands the form parsed (multipart: in `data`); the raw body is the fallback when it did not parse it.
	const rawBody = (request as { rawBody?: Buffer }).rawBody?.toString('utf8');
	const answer = readAnswer(question, formValues(this.getBodyData(), rawBody), new Date());
	if ('problem' in answer) {
		response.status(400).send(questionPage(question, answer.problem));
		return { noWebhookResponse: true };
	}
	return { webhookResponse: recordedPage(), workflowData: [[{ json: { data: answer.data } }]] };
}
