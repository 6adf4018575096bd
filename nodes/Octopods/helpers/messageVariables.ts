/**
 * `message_variables` in the one form both generations of the API accept: the original page takes
 * an array (body values) or an object; the 2026 articles take an array only for body-only templates
 * and, for a template with any header, footer or button placeholder, an object with every section
 * present, empty ones included (anything else is error 9).
 */
import type { MessageVariables, MessageVariablesBody, OctopodsTemplate } from '../transport/types';
import { extractPlaceholders, type TemplateShape } from './templateVariables';

/** Whether the template has a placeholder outside its body (a footer one too, though Meta allows none). */
export function hasNonBodyPlaceholders(template: OctopodsTemplate, shape: TemplateShape): boolean {
	const footer = template.template_components?.find((component) => String(component.type).toUpperCase() === 'FOOTER');
	return shape.counts.header > 0 || shape.counts.buttons > 0 || extractPlaceholders(footer?.text ?? '').length > 0;
}

/** What goes in the request; undefined for a template without variables (the field is then left out). */
export function messageVariablesBody(
	template: OctopodsTemplate,
	shape: TemplateShape,
	variables: MessageVariables,
): MessageVariablesBody | undefined {
	if (hasNonBodyPlaceholders(template, shape)) {
		return {
			header: variables.header ?? [],
			body: variables.body ?? [],
			footer: [],
			buttons: variables.buttons ?? [],
		};
	}
	const body = variables.body ?? [];
	return body.length > 0 ? body : undefined;
}
