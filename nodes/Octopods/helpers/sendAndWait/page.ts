/**
 * The pages a person sees behind the signed link: plain HTML, no script, no key, everything shown
 * escaped, readable on a phone. Opening the page (GET) only shows it: the answer is recorded when
 * the form is submitted (POST to the same signed URL, as the form has no action attribute), so
 * link previews and scanners that fetch the link never answer.
 */
import { shortenText } from '../interactive';
import type { FormField, Question } from './types';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/** Escaped, with the question's line breaks kept (also the `\n` n8n users type in a one-line field). */
function paragraphs(text: string): string {
	return escapeHtml(text.replace(/\\n/g, '\n')).replace(/\r?\n/g, '<br>');
}

const STYLE = `body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f4f5f7;color:#1f2328;font-size:17px;line-height:1.45}
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.2rem;font-weight:600;margin:0 0 1rem;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
input,select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.6rem;border:1px solid #c9ced6;border-radius:8px}
textarea{min-height:7rem}
button{display:block;width:100%;font:inherit;font-weight:600;padding:.8rem;margin-top:1rem;border-radius:8px;border:1px solid #1a7f37;background:#1a7f37;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f2328;border-color:#c9ced6}
.error{color:#b42318;margin:0 0 .8rem}`;

function document(title: string, content: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main><div class="card">
${content}
</div></main></body>
</html>
`;
}

function fieldHtml(field: FormField, index: number): string {
	const id = `field-${index}`;
	const required = field.required ? ' required' : '';
	const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
	const label = `<label for="${id}">${escapeHtml(field.label)}</label>`;
	if (field.type === 'textarea') return `${label}<textarea id="${id}" name="${id}"${placeholder}${required}></textarea>`;
	if (field.type === 'dropdown') {
		// An explicit value: without one a browser submits the text with its spaces collapsed.
		const options = field.options.map((option) => `<option value="${escapeHtml(option)}">${escapeHtml(option)}</option>`).join('');
		return `${label}<select id="${id}" name="${id}"${required}><option value=""></option>${options}</select>`;
	}
	return `${label}<input id="${id}" name="${id}" type="${field.type}"${placeholder}${required}>`;
}

/** The browser tab's title: the question's start, cut between characters. */
const TITLE_MAX = 60;

/** The form the person answers with; `problem` is shown above it when a submission was refused. */
export function questionPage(question: Question, problem?: string): string {
	const parts = [`<h1>${paragraphs(question.heading)}</h1>`];
	if (question.description) parts.push(`<p>${paragraphs(question.description)}</p>`);
	if (problem) parts.push(`<p class="error">${escapeHtml(problem)}</p>`);
	// multipart/form-data, as n8n's own forms post: n8n 2.x takes nothing else for a Custom Form.
	parts.push('<form method="post" enctype="multipart/form-data">');
	if (question.responseType === 'approval') {
		const { approvalType, approveLabel, disapproveLabel } = question.approval;
		parts.push(`<button type="submit" name="approved" value="true">${escapeHtml(approveLabel)}</button>`);
		if (approvalType === 'double') {
			parts.push(
				`<button type="submit" name="approved" value="false" class="secondary">${escapeHtml(disapproveLabel)}</button>`,
			);
		}
	} else {
		if (question.responseType === 'freeText') {
			parts.push('<label for="text">Your answer</label><textarea id="text" name="text" required></textarea>');
		} else {
			question.fields.forEach((field, index) => parts.push(fieldHtml(field, index)));
		}
		parts.push(`<button type="submit">${escapeHtml(question.submitLabel)}</button>`);
	}
	parts.push('</form>');
	return document(shortenText(question.message, TITLE_MAX), parts.join('\n'));
}

/** After a submission was recorded. */
export function recordedPage(): string {
	return document('Answer recorded', '<h1>Your answer was recorded</h1>\n<p>Thank you. You can close this page.</p>');
}
