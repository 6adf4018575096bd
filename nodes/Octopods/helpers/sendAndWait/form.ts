/**
 * A custom form's fields from the node's parameters, as n8n's Custom Form defines them: Form
 * Elements (Define Form "Using Fields Below") or Form Fields as JSON ("Using JSON"), with the same
 * element names. Checked before anything is sent; the waiting webhook reads them the same way.
 */
import { parseJson } from '../json';
import { SendAndWaitInputError } from './errors';
import type { FormField, FormFieldType } from './types';

export const FORM_FIELD_TYPES: FormFieldType[] = ['text', 'textarea', 'number', 'email', 'date', 'dropdown'];

/** The field holding the JSON definition, as the editor names it. */
export const FORM_JSON_FIELD = 'Form Fields';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/**
 * A dropdown's choices: n8n stores `{ values: [{ option }] }`; before the list was one (Field
 * Options without multipleValues) a saved node held `{ values: { option } }`, read as one choice.
 */
export function dropdownOptions(fieldOptions: unknown): string[] {
	const values = isRecord(fieldOptions) ? fieldOptions.values : undefined;
	const list: unknown[] = Array.isArray(values) ? values : values === undefined ? [] : [values];
	return list.map((value) => text(isRecord(value) ? value.option : undefined).trim()).filter(Boolean);
}

/** Where an element is, as the user sees it: in the Form Elements list, or in the JSON array. */
interface Source {
	/** The parameter's name in the editor. */
	name: string;
	where: (index: number) => string;
	field: (index: number, name: string) => string;
	/** JSON elements are checked strictly: the editor never lets Form Elements hold another type. */
	strict: boolean;
}

const FROM_ELEMENTS: Source = {
	name: 'Form Elements',
	where: (index) => `Form Element ${index + 1}`,
	field: (index, name) => `Form Element ${index + 1}: ${name}`,
	strict: false,
};
const FROM_JSON: Source = {
	name: FORM_JSON_FIELD,
	where: (index) => `${FORM_JSON_FIELD} element ${index + 1}`,
	field: () => FORM_JSON_FIELD,
	strict: true,
};

function fieldOf(element: unknown, index: number, source: Source): FormField {
	const where = source.where(index);
	if (!isRecord(element)) throw new SendAndWaitInputError(source.field(index, 'Field Label'), `${where} is not an object with a fieldLabel`);
	const label = text(element.fieldLabel).trim();
	if (label === '') throw new SendAndWaitInputError(source.field(index, 'Field Label'), `${where} has no Field Label (fieldLabel)`);
	const known = (FORM_FIELD_TYPES as unknown[]).includes(element.fieldType);
	if (source.strict && element.fieldType !== undefined && !known) {
		throw new SendAndWaitInputError(
			source.field(index, 'Element Type'),
			`${where} ("${label}") has fieldType "${text(element.fieldType)}"; use one of ${FORM_FIELD_TYPES.join(', ')}`,
		);
	}
	if (source.strict && element.requiredField !== undefined && typeof element.requiredField !== 'boolean') {
		throw new SendAndWaitInputError(source.field(index, 'Required Field'), `${where} ("${label}"): requiredField must be true or false`);
	}
	const type = known ? (element.fieldType as FormFieldType) : 'text';
	const options = type === 'dropdown' ? dropdownOptions(element.fieldOptions) : [];
	if (type === 'dropdown' && options.length === 0) {
		throw new SendAndWaitInputError(
			source.field(index, 'Field Options'),
			`${where} ("${label}") is a dropdown without options (fieldOptions.values[].option)`,
		);
	}
	const key = text(element.fieldName).trim() || label;
	return { label, key, type, required: element.requiredField === true, placeholder: text(element.placeholder), options };
}

function fieldsOf(elements: unknown[], source: Source): FormField[] {
	if (elements.length === 0) {
		throw new SendAndWaitInputError(source.name, `${source.name} is empty: add at least one field for the person to fill in`);
	}
	const keys = new Set<string>();
	return elements.map((element, index) => {
		const field = fieldOf(element, index, source);
		if (keys.has(field.key) || field.key === 'respondedAt') {
			throw new SendAndWaitInputError(
				source.field(index, 'Field Label'),
				`${source.where(index)}: "${field.key}" names another field of the form already; give each field its own name`,
			);
		}
		keys.add(field.key);
		return field;
	});
}

/** The JSON definition: a JSON array (text), or the array an expression gave. */
function jsonElements(json: unknown): unknown[] {
	let value = json;
	if (typeof json === 'string') {
		const parsed = parseJson(json);
		if (!parsed.ok) throw new SendAndWaitInputError(FORM_JSON_FIELD, `${FORM_JSON_FIELD} is not valid JSON: ${parsed.error.message}`);
		value = parsed.value;
	}
	if (!Array.isArray(value)) {
		throw new SendAndWaitInputError(FORM_JSON_FIELD, `${FORM_JSON_FIELD} must be a JSON array of form elements, e.g. [{"fieldLabel": "Your name"}]`);
	}
	return value;
}

export function formFieldsOf(defineForm: unknown, elements: unknown, json: unknown): FormField[] {
	if (defineForm === 'json') return fieldsOf(jsonElements(json), FROM_JSON);
	return fieldsOf(Array.isArray(elements) ? elements : [], FROM_ELEMENTS);
}
