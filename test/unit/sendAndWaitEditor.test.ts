import { NodeHelpers } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { formFieldsProperty } from '../../nodes/Octopods/actions/sendAndWait/descriptions';
import { Octopods } from '../../nodes/Octopods/Octopods.node';

// The Form Elements block as n8n's editor shows it (n8n-workflow's own display rules).
const elementProperties = (formFieldsProperty.options as Array<{ values: INodeProperties[] }>)[0].values;
const fieldOptions = elementProperties.find((property) => property.name === 'fieldOptions') as INodeProperties;
const NODE = { typeVersion: 1 };

describe('Form Elements in the editor', () => {
	it('shows Field Options for a dropdown only, as a list of options (as n8n\'s Form node)', () => {
		const shownFor = ['date', 'dropdown', 'email', 'number', 'text', 'textarea'].filter((fieldType) =>
			NodeHelpers.displayParameter({ fieldType }, fieldOptions, NODE, null),
		);
		expect(shownFor).toEqual(['dropdown']);
		expect(fieldOptions.typeOptions?.multipleValues).toBe(true);
	});

	it('has no tab or stray whitespace in any display name or description of the node', () => {
		const texts: string[] = [];
		const collect = (properties: unknown): void => {
			if (Array.isArray(properties)) return properties.forEach(collect);
			if (typeof properties !== 'object' || properties === null) return;
			for (const [key, value] of Object.entries(properties)) {
				if ((key === 'displayName' || key === 'description') && typeof value === 'string') texts.push(value);
				else collect(value);
			}
		};
		collect(new Octopods().description.properties);
		expect(texts.filter((text) => /\t|  /.test(text))).toEqual([]);
	});
});
