import {
	InteractiveValidationError,
	LIMITS,
	buildList,
	buildReplyButtons,
	countCharacters,
	defaultIdFromTitle,
	parseInteractiveJson,
} from '../../nodes/Octopods/helpers/interactive';
import type { ListInput, ReplyButtonsInput } from '../../nodes/Octopods/helpers/interactive';

/** Runs `action` and returns the InteractiveValidationError it throws (fails the test otherwise). */
function validationError(action: () => unknown): InteractiveValidationError {
	try {
		action();
	} catch (error: unknown) {
		if (error instanceof InteractiveValidationError) return error;
		throw error;
	}
	throw new Error('expected an InteractiveValidationError, but nothing was thrown');
}

function expectRejected(action: () => unknown, field: string, message: string | RegExp): void {
	const error = validationError(action);
	expect(error.field).toBe(field);
	if (typeof message === 'string') expect(error.message).toBe(message);
	else expect(error.message).toMatch(message);
}

const THUMBS_UP = '👍';
const FAMILY = '👨\u200d👩\u200d👧\u200d👦'; // four people joined by zero-width joiners
const E_ACUTE_COMBINING = 'e\u0301'; // e + combining acute accent
const IRISH_FLAG = '🇮🇪';
const CJK = '字';

/** A deep copy, so "unchanged" is checked against an object the code never saw. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const x = (count: number, unit = 'a'): string => unit.repeat(count);

function buttons(...titles: string[]): ReplyButtonsInput['buttons'] {
	return titles.map((title, index) => ({ title, id: `id_${index + 1}` }));
}

function replyButtons(overrides: Partial<ReplyButtonsInput> = {}): ReplyButtonsInput {
	return { body: 'Pick one', buttons: buttons('Yes', 'No'), ...overrides };
}

function rows(count: number, prefix = 'r'): ListInput['sections'][number]['rows'] {
	return Array.from({ length: count }, (_unused, index) => ({ id: `${prefix}${index + 1}`, title: `Row ${index + 1}` }));
}

function list(overrides: Partial<ListInput> = {}): ListInput {
	return { body: 'Choose', buttonLabel: 'Options', sections: [{ title: 'Main', rows: rows(2) }], ...overrides };
}

describe('countCharacters', () => {
	it.each([
		['plain text', 'Hello', 5],
		['an emoji', THUMBS_UP, 1],
		['an emoji with a skin tone', '👍🏽', 1],
		['a ZWJ family', FAMILY, 1],
		['a flag', IRISH_FLAG, 1],
		['a combining accent', E_ACUTE_COMBINING, 1],
		['CJK', '你好世界', 4],
		['an empty string', '', 0],
	])('counts %s as a person sees it', (_name, text, expected) => {
		expect(countCharacters(text)).toBe(expected);
	});
});

describe('LIMITS', () => {
	it('uses the safe 1024 for list bodies', () => {
		expect(LIMITS.listBody).toBe(1024);
		expect(LIMITS.body).toBe(1024);
	});
});

describe('InteractiveValidationError', () => {
	it('is an Error carrying the field', () => {
		const error = validationError(() => buildReplyButtons(replyButtons({ body: '' })));
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('InteractiveValidationError');
		expect(error.field).toBe('Body');
	});
});

describe('buildReplyButtons', () => {
	it("matches the docs' Reply Buttons example exactly", () => {
		const expected = {
			type: 'button',
			body: { text: 'BUTTON_TEXT' },
			action: {
				buttons: [
					{ type: 'reply', reply: { id: 'UNIQUE_BUTTON_ID_1', title: 'BUTTON_TITLE_1' } },
					{ type: 'reply', reply: { id: 'UNIQUE_BUTTON_ID_2', title: 'BUTTON_TITLE_2' } },
				],
			},
		};
		const built = buildReplyButtons({
			body: 'BUTTON_TEXT',
			buttons: [
				{ title: 'BUTTON_TITLE_1', id: 'UNIQUE_BUTTON_ID_1' },
				{ title: 'BUTTON_TITLE_2', id: 'UNIQUE_BUTTON_ID_2' },
			],
		});
		expect(built).toStrictEqual(expected);
		expect(JSON.stringify(built)).toBe(JSON.stringify(expected)); // same key order too
	});

	it('adds text header and footer in Meta order', () => {
		const built = buildReplyButtons(replyButtons({ header: { type: 'text', text: 'Hi' }, footer: 'Thanks' }));
		expect(Object.keys(built)).toEqual(['type', 'header', 'body', 'footer', 'action']);
		expect(built.header).toEqual({ type: 'text', text: 'Hi' });
		expect(built.footer).toEqual({ text: 'Thanks' });
	});

	it('leaves out an empty or whitespace footer', () => {
		const built = buildReplyButtons(replyButtons({ footer: ' \n' }));
		expect(built).not.toHaveProperty('footer');
	});

	it('refuses a text header whose text is empty or whitespace, rather than dropping it', () => {
		expectRejected(
			() => buildReplyButtons(replyButtons({ header: { type: 'text', text: '  ' } })),
			'Header text',
			'Header text is empty; WhatsApp needs 1 to 60 characters',
		);
	});

	it('trims titles, ids, body and footer, and sends the trimmed values', () => {
		const built = buildReplyButtons({
			body: '\n Pick one \n',
			footer: ' small print ',
			buttons: [{ title: `  ${x(20)}  `, id: ' first ' }],
		});
		expect(built.body).toEqual({ text: 'Pick one' });
		expect(built.footer).toEqual({ text: 'small print' });
		expect(built.action).toEqual({ buttons: [{ type: 'reply', reply: { id: 'first', title: x(20) } }] });
	});

	describe('button count', () => {
		it.each([1, 3])('accepts %i buttons', (count) => {
			const titles = Array.from({ length: count }, (_unused, index) => `B${index + 1}`);
			expect(() => buildReplyButtons(replyButtons({ buttons: buttons(...titles) }))).not.toThrow();
		});

		it('rejects 4 buttons', () => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: buttons('A', 'B', 'C', 'D') })),
				'Buttons',
				'There are 4 buttons; WhatsApp allows 1 to 3',
			);
		});

		it('rejects no buttons', () => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: [] })),
				'Buttons',
				'There are 0 buttons; WhatsApp allows 1 to 3',
			);
		});
	});

	describe('button title length', () => {
		it.each([
			['ASCII', 'a'],
			['emoji', THUMBS_UP],
			['ZWJ family emoji', FAMILY],
			['combining accents', E_ACUTE_COMBINING],
			['flags', IRISH_FLAG],
			['CJK', CJK],
		])('allows 20 characters of %s and rejects 21', (_name, unit) => {
			expect(() => buildReplyButtons(replyButtons({ buttons: buttons('Yes', x(20, unit)) }))).not.toThrow();
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: buttons('Yes', x(21, unit)) })),
				'Button 2 title',
				'Button 2 title is 21 characters; WhatsApp allows 20',
			);
		});

		it('reports the real count', () => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: buttons('Yes', x(27)) })),
				'Button 2 title',
				'Button 2 title is 27 characters; WhatsApp allows 20',
			);
		});

		it.each(['', '   '])('rejects an empty title (%j)', (title) => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: [{ title, id: 'a' }] })),
				'Button 1 title',
				'Button 1 title is empty; WhatsApp needs 1 to 20 characters',
			);
		});
	});

	describe('button id length', () => {
		it('allows 256 characters and rejects 257', () => {
			const withId = (id: string) => replyButtons({ buttons: [{ title: 'Yes', id }] });
			expect(() => buildReplyButtons(withId(x(256)))).not.toThrow();
			expectRejected(
				() => buildReplyButtons(withId(x(257))),
				'Button 1 ID',
				'Button 1 ID is 257 characters; WhatsApp allows 256',
			);
		});
	});

	describe('uniqueness', () => {
		it('rejects duplicate titles, naming both buttons', () => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: buttons('Yes', 'No', 'Yes') })),
				'Button titles',
				'Button titles must be unique: buttons 1 and 3 are both "Yes"',
			);
		});

		it('compares titles after trimming, since the trimmed title is what is sent', () => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ buttons: buttons('Yes', ' Yes ') })),
				'Button titles',
				'Button titles must be unique: buttons 1 and 2 are both "Yes"',
			);
		});

		it('allows titles that differ only in case, as WhatsApp does', () => {
			expect(() => buildReplyButtons(replyButtons({ buttons: buttons('Yes', 'yes') }))).not.toThrow();
		});

		it('rejects duplicate ids', () => {
			expectRejected(
				() =>
					buildReplyButtons(
						replyButtons({
							buttons: [
								{ title: 'Yes', id: 'same' },
								{ title: 'No', id: 'same' },
							],
						}),
					),
				'Button IDs',
				'Button IDs must be unique: buttons 1 and 2 are both "same"',
			);
		});
	});

	describe('default ids', () => {
		it('derives an id from the title when left empty', () => {
			const built = buildReplyButtons({
				body: 'Hi',
				buttons: [{ title: 'Talk to a human' }, { title: 'Yes', id: '' }, { title: 'No', id: '  ' }],
			});
			expect(built.action).toEqual({
				buttons: [
					{ type: 'reply', reply: { id: 'talk_to_a_human', title: 'Talk to a human' } },
					{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
					{ type: 'reply', reply: { id: 'no', title: 'No' } },
				],
			});
		});

		it('keeps clear of ids typed on later buttons and of each other', () => {
			const built = buildReplyButtons({
				body: 'Hi',
				buttons: [{ title: 'Yes!' }, { title: 'Yes?' }, { title: 'Other', id: 'yes' }],
			});
			const ids = (built.action as { buttons: Array<{ reply: { id: string } }> }).buttons.map((b) => b.reply.id);
			expect(ids).toEqual(['yes_2', 'yes_3', 'yes']);
		});

		it('falls back to button_<n> for non-latin titles', () => {
			const built = buildReplyButtons({ body: 'Hi', buttons: [{ title: 'Да' }, { title: '是' }, { title: THUMBS_UP }] });
			const ids = (built.action as { buttons: Array<{ reply: { id: string } }> }).buttons.map((b) => b.reply.id);
			expect(ids).toEqual(['button_1', 'button_2', 'button_3']);
		});

		it('is the same on every run: derived from the titles only, clashes numbered', () => {
			const input = { body: 'Hi', buttons: [{ title: 'Talk to a human' }, { title: 'Talk to a human!' }] };
			const ids = (buildReplyButtons(input).action as { buttons: Array<{ reply: { id: string } }> }).buttons.map((b) => b.reply.id);
			expect(ids).toEqual(['talk_to_a_human', 'talk_to_a_human_2']);
		});
	});

	describe('body, header and footer', () => {
		it('allows a 1024-character body and rejects 1025', () => {
			expect(() => buildReplyButtons(replyButtons({ body: x(1024, THUMBS_UP) }))).not.toThrow();
			expectRejected(
				() => buildReplyButtons(replyButtons({ body: x(1025) })),
				'Body',
				'Body is 1025 characters; WhatsApp allows 1024',
			);
		});

		it.each(['', ' \n '])('requires a body (%j)', (body) => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ body })),
				'Body',
				'Body is empty; WhatsApp needs 1 to 1024 characters',
			);
		});

		it('allows 60 characters of header text and rejects 61', () => {
			const withHeader = (text: string) => replyButtons({ header: { type: 'text', text } });
			expect(() => buildReplyButtons(withHeader(x(60)))).not.toThrow();
			expectRejected(
				() => buildReplyButtons(withHeader(x(61))),
				'Header text',
				'Header text is 61 characters; WhatsApp allows 60',
			);
		});

		it('allows a 60-character footer and rejects 61', () => {
			expect(() => buildReplyButtons(replyButtons({ footer: x(60, FAMILY) }))).not.toThrow();
			expectRejected(
				() => buildReplyButtons(replyButtons({ footer: x(61) })),
				'Footer',
				'Footer is 61 characters; WhatsApp allows 60',
			);
		});
	});

	describe('media headers', () => {
		it.each(['image', 'video'] as const)('builds a %s header from its link', (type) => {
			const built = buildReplyButtons(
				replyButtons({ header: { type, url: ' https://cdn.example.com/a.bin ', filename: 'ignored.bin' } }),
			);
			expect(built.header).toStrictEqual({ type, [type]: { link: 'https://cdn.example.com/a.bin' } });
		});

		it('builds a document header with its filename', () => {
			const built = buildReplyButtons(
				replyButtons({ header: { type: 'document', url: 'http://example.com/i.pdf', filename: 'Invoice.pdf' } }),
			);
			expect(built.header).toStrictEqual({
				type: 'document',
				document: { link: 'http://example.com/i.pdf', filename: 'Invoice.pdf' },
			});
		});

		it('leaves out an empty document filename', () => {
			const built = buildReplyButtons(replyButtons({ header: { type: 'document', url: 'https://e.com/i.pdf', filename: ' ' } }));
			expect(built.header).toStrictEqual({ type: 'document', document: { link: 'https://e.com/i.pdf' } });
		});

		it.each(['ftp://example.com/a.png', 'example.com/a.png', 'not a url', 'file:///etc/passwd'])(
			'rejects a non-http(s) link (%s)',
			(url) => {
				expectRejected(
					() => buildReplyButtons(replyButtons({ header: { type: 'image', url } })),
					'Header image URL',
					`Header image URL must be an http(s) link; got ${JSON.stringify(url)}`,
				);
			},
		);

		it('rejects an empty link', () => {
			expectRejected(
				() => buildReplyButtons(replyButtons({ header: { type: 'video', url: ' ' } })),
				'Header video URL',
				'Header video URL is empty; a media header needs a public http(s) link',
			);
		});
	});
});

describe('defaultIdFromTitle', () => {
	it.each([
		['Talk to a human', 'talk_to_a_human'],
		['  Yes, please!  ', 'yes_please'],
		["Don't know", 'dont_know'],
		['Café crème', 'cafe_creme'],
		['Straße', 'strasse'],
		['Ærø Øst', 'aero_ost'],
		[`${THUMBS_UP} Chat`, 'chat'],
		['Order #42', 'order_42'],
	])('slugs %j as %j', (title, expected) => {
		expect(defaultIdFromTitle(title, 1, new Set())).toBe(expected);
	});

	it.each([
		['Да', 'button'],
		['是的', 'button'],
		['نعم', 'row'],
		[THUMBS_UP, 'row'],
		['', 'button'],
	] as const)('falls back to <kind>_<position> for %j', (title, kind) => {
		expect(defaultIdFromTitle(title, 3, new Set(), kind)).toBe(`${kind}_3`);
	});

	it('defaults the fallback kind to button', () => {
		expect(defaultIdFromTitle('Да', 2, new Set())).toBe('button_2');
	});

	it('deduplicates with a numeric suffix', () => {
		expect(defaultIdFromTitle('Yes', 1, new Set(['yes']))).toBe('yes_2');
		expect(defaultIdFromTitle('Yes', 1, new Set(['yes', 'yes_2', 'yes_3']))).toBe('yes_4');
		expect(defaultIdFromTitle('Да', 2, new Set(['button_2']))).toBe('button_2_2');
	});

	it('is stable and does not change the taken set', () => {
		const taken = new Set(['yes']);
		const first = defaultIdFromTitle('Yes', 1, taken);
		expect(defaultIdFromTitle('Yes', 1, taken)).toBe(first);
		expect([...taken]).toEqual(['yes']);
	});

	it('keeps ids short', () => {
		expect(defaultIdFromTitle(x(300), 1, new Set()).length).toBeLessThanOrEqual(64);
	});
});

describe('buildList', () => {
	const docsListInput: ListInput = {
		header: 'HEADER_TEXT',
		body: 'BODY_TEXT',
		footer: 'FOOTER_TEXT',
		buttonLabel: 'BUTTON_TEXT',
		sections: [1, 2].map((section) => ({
			title: `SECTION_${section}_TITLE`,
			rows: [1, 2].map((row) => ({
				id: `SECTION_${section}_ROW_${row}_ID`,
				title: `SECTION_${section}_ROW_${row}_TITLE`,
				description: `SECTION_${section}_ROW_${row}_DESCRIPTION`,
			})),
		})),
	};

	it("matches the docs' List example exactly", () => {
		const expected = {
			type: 'list',
			header: { type: 'text', text: 'HEADER_TEXT' },
			body: { text: 'BODY_TEXT' },
			footer: { text: 'FOOTER_TEXT' },
			action: {
				button: 'BUTTON_TEXT',
				sections: [
					{
						title: 'SECTION_1_TITLE',
						rows: [
							{ id: 'SECTION_1_ROW_1_ID', title: 'SECTION_1_ROW_1_TITLE', description: 'SECTION_1_ROW_1_DESCRIPTION' },
							{ id: 'SECTION_1_ROW_2_ID', title: 'SECTION_1_ROW_2_TITLE', description: 'SECTION_1_ROW_2_DESCRIPTION' },
						],
					},
					{
						title: 'SECTION_2_TITLE',
						rows: [
							{ id: 'SECTION_2_ROW_1_ID', title: 'SECTION_2_ROW_1_TITLE', description: 'SECTION_2_ROW_1_DESCRIPTION' },
							{ id: 'SECTION_2_ROW_2_ID', title: 'SECTION_2_ROW_2_TITLE', description: 'SECTION_2_ROW_2_DESCRIPTION' },
						],
					},
				],
			},
		};
		const built = buildList(docsListInput);
		expect(built).toStrictEqual(expected);
		expect(JSON.stringify(built)).toBe(JSON.stringify(expected));
	});

	it('leaves out empty header, footer, section title and description', () => {
		const built = buildList({
			header: ' ',
			body: 'Choose',
			footer: '',
			buttonLabel: 'Options',
			sections: [{ title: ' ', rows: [{ id: 'a', title: 'A', description: '  ' }] }],
		});
		expect(built).toStrictEqual({
			type: 'list',
			body: { text: 'Choose' },
			action: { button: 'Options', sections: [{ rows: [{ id: 'a', title: 'A' }] }] },
		});
	});

	it('allows 1024 body characters and rejects 1025', () => {
		expect(() => buildList(list({ body: x(1024, CJK) }))).not.toThrow();
		expectRejected(() => buildList(list({ body: x(1025) })), 'Body', 'Body is 1025 characters; WhatsApp allows 1024');
	});

	it('allows 60 header characters and rejects 61', () => {
		expect(() => buildList(list({ header: x(60, THUMBS_UP) }))).not.toThrow();
		expectRejected(
			() => buildList(list({ header: x(61) })),
			'Header text',
			'Header text is 61 characters; WhatsApp allows 60',
		);
	});

	it('allows a 60-character footer and rejects 61', () => {
		expect(() => buildList(list({ footer: x(60) }))).not.toThrow();
		expectRejected(() => buildList(list({ footer: x(61) })), 'Footer', 'Footer is 61 characters; WhatsApp allows 60');
	});

	describe('button label', () => {
		it('allows 20 characters and rejects 21', () => {
			expect(() => buildList(list({ buttonLabel: x(20, FAMILY) }))).not.toThrow();
			expectRejected(
				() => buildList(list({ buttonLabel: x(21) })),
				'List button label',
				'List button label is 21 characters; WhatsApp allows 20',
			);
		});

		it('is required', () => {
			expectRejected(
				() => buildList(list({ buttonLabel: ' ' })),
				'List button label',
				'List button label is empty; WhatsApp needs 1 to 20 characters',
			);
		});
	});

	describe('sections and rows', () => {
		const sectionsOfOneRow = (count: number) =>
			Array.from({ length: count }, (_unused, index) => ({ title: `S${index + 1}`, rows: rows(1, `s${index + 1}r`) }));

		it('allows 10 sections and rejects 11', () => {
			// 11 sections also means 11 rows; the section count is reported first.
			expect(() => buildList(list({ sections: sectionsOfOneRow(10) }))).not.toThrow();
			expectRejected(
				() => buildList(list({ sections: sectionsOfOneRow(11) })),
				'Sections',
				'The list has 11 sections; WhatsApp allows 1 to 10',
			);
		});

		it('rejects a list without sections', () => {
			expectRejected(
				() => buildList(list({ sections: [] })),
				'Sections',
				'The list has 0 sections; WhatsApp allows 1 to 10',
			);
		});

		it('allows 10 rows across all sections and rejects 11', () => {
			const split = (first: number, second: number) => [
				{ title: 'A', rows: rows(first, 'a') },
				{ title: 'B', rows: rows(second, 'b') },
			];
			expect(() => buildList(list({ sections: split(6, 4) }))).not.toThrow();
			expectRejected(
				() => buildList(list({ sections: split(6, 5) })),
				'Rows',
				'The list has 11 rows across all sections; WhatsApp allows 1 to 10',
			);
		});

		it('rejects a list without rows', () => {
			expectRejected(
				() => buildList(list({ sections: [{ title: 'A', rows: [] }] })),
				'Rows',
				'The list has 0 rows across all sections; WhatsApp allows 1 to 10',
			);
		});

		it('rejects an empty section among others', () => {
			expectRejected(
				() => buildList(list({ sections: [{ title: 'A', rows: rows(2) }, { title: 'B', rows: [] }] })),
				'List section 2 rows',
				'List section 2 has no rows; WhatsApp needs at least 1 in each section',
			);
		});

		const withRow = (row: { id?: string; title: string; description?: string }): ListInput =>
			list({ sections: [{ title: 'A', rows: rows(1, 'a') }, { title: 'B', rows: [...rows(2, 'b'), row] }] });

		it('allows a 24-character row title and rejects 25', () => {
			expect(() => buildList(withRow({ id: 'x', title: x(24, E_ACUTE_COMBINING) }))).not.toThrow();
			expectRejected(
				() => buildList(withRow({ id: 'x', title: x(31) })),
				'List row 3 of section 2: title',
				'List row 3 of section 2: title is 31 characters; WhatsApp allows 24',
			);
			expectRejected(
				() => buildList(withRow({ id: 'x', title: x(25, THUMBS_UP) })),
				'List row 3 of section 2: title',
				'List row 3 of section 2: title is 25 characters; WhatsApp allows 24',
			);
		});

		it('requires a row title', () => {
			expectRejected(
				() => buildList(withRow({ id: 'x', title: '' })),
				'List row 3 of section 2: title',
				'List row 3 of section 2: title is empty; WhatsApp needs 1 to 24 characters',
			);
		});

		it('allows a 72-character description and rejects 73', () => {
			expect(() => buildList(withRow({ id: 'x', title: 'T', description: x(72, CJK) }))).not.toThrow();
			expectRejected(
				() => buildList(withRow({ id: 'x', title: 'T', description: x(73) })),
				'List row 3 of section 2: description',
				'List row 3 of section 2: description is 73 characters; WhatsApp allows 72',
			);
		});

		it('allows a 200-character row id and rejects 201', () => {
			expect(() => buildList(withRow({ id: x(200), title: 'T' }))).not.toThrow();
			expectRejected(
				() => buildList(withRow({ id: x(201), title: 'T' })),
				'List row 3 of section 2: ID',
				'List row 3 of section 2: ID is 201 characters; WhatsApp allows 200',
			);
		});

		it('rejects row ids repeated across sections', () => {
			expectRejected(
				() =>
					buildList(
						list({
							sections: [
								{ title: 'A', rows: [{ id: 'dup', title: 'One' }] },
								{ title: 'B', rows: [{ id: 'other', title: 'Two' }, { id: 'dup', title: 'Three' }] },
							],
						}),
					),
				'List row IDs',
				'List row IDs must be unique: row 1 of section 1 and row 2 of section 2 are both "dup"',
			);
		});

		it('allows repeated row titles (WhatsApp only needs unique ids)', () => {
			const sections = [{ title: 'A', rows: [{ id: 'a', title: 'Same' }, { id: 'b', title: 'Same' }] }];
			expect(() => buildList(list({ sections }))).not.toThrow();
		});

		it('fills default row ids unique across sections, clear of typed ones', () => {
			const built = buildList(
				list({
					sections: [
						{ title: 'Sizes', rows: [{ title: 'Small' }, { title: 'Large' }] },
						{ title: 'More', rows: [{ title: 'Small' }, { title: 'Другое' }, { title: 'X', id: 'large' }] },
					],
				}),
			);
			const ids = (built.action as { sections: Array<{ rows: Array<{ id: string }> }> }).sections.flatMap((section) =>
				section.rows.map((row) => row.id),
			);
			expect(ids).toEqual(['small', 'large_2', 'small_2', 'row_4', 'large']);
		});
	});

	describe('section titles', () => {
		it('allows 24 characters and rejects 25', () => {
			const titled = (title: string) => list({ sections: [{ title, rows: rows(1) }] });
			expect(() => buildList(titled(x(24)))).not.toThrow();
			expectRejected(
				() => buildList(titled(x(25))),
				'List section 1 title',
				'List section 1 title is 25 characters; WhatsApp allows 24',
			);
		});

		it('may be left out when there is one section', () => {
			const built = buildList(list({ sections: [{ rows: rows(1) }] }));
			expect(built.action).toEqual({ button: 'Options', sections: [{ rows: [{ id: 'r1', title: 'Row 1' }] }] });
		});

		it('is required on every section when there is more than one', () => {
			expectRejected(
				() => buildList(list({ sections: [{ title: 'A', rows: rows(1, 'a') }, { title: ' ', rows: rows(1, 'b') }] })),
				'List section 2 title',
				'List section 2 title is empty; WhatsApp needs a title on every section when the list has more than one',
			);
		});
	});
});

describe('parseInteractiveJson', () => {
	const buttonPayload = {
		type: 'button',
		header: { type: 'image', image: { link: 'https://cdn.example.com/p.png' } },
		body: { text: 'Pick one' },
		action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
	};

	const listPayload = buildList(list({ header: 'Menu', footer: 'Thanks' }));

	it('accepts an object and returns it unchanged', () => {
		const input = clone(buttonPayload);
		expect(parseInteractiveJson(input)).toStrictEqual(buttonPayload);
	});

	it('accepts a JSON string', () => {
		expect(parseInteractiveJson(JSON.stringify(listPayload, null, 2))).toStrictEqual(listPayload);
	});

	it("unwraps a body copied whole from Octopods' examples", () => {
		const wrapped = { waba_interactive_message: clone(buttonPayload) };
		expect(parseInteractiveJson(wrapped)).toStrictEqual(buttonPayload);
		expect(parseInteractiveJson(JSON.stringify(wrapped))).toStrictEqual(buttonPayload);
	});

	it('passes product, flow, catalog_message, product_list and cta_url payloads through deep-equal', () => {
		const payloads = [
			{
				type: 'product',
				body: { text: 'Look' },
				footer: { text: 'Shop' },
				action: { catalog_id: '123', product_retailer_id: 'SKU-1' },
			},
			{ type: 'product', action: { catalog_id: '123', product_retailer_id: 'SKU-1' } }, // body is optional
			{
				type: 'flow',
				header: { type: 'text', text: 'Book' },
				body: { text: 'Book a table' },
				action: {
					name: 'flow',
					parameters: { flow_message_version: '3', flow_id: '1234', flow_cta: 'Book!', flow_action: 'navigate' },
				},
			},
			{
				type: 'catalog_message',
				body: { text: 'Browse' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'SKU-1' } },
			},
			{
				type: 'product_list',
				header: { type: 'text', text: 'Picks' },
				body: { text: 'For you' },
				action: { catalog_id: '1', sections: [{ title: 'A', product_items: [{ product_retailer_id: 'SKU-1' }] }] },
			},
			{
				type: 'cta_url',
				body: { text: 'See more' },
				action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'https://example.com' } },
			},
		];
		for (const payload of payloads) {
			expect(parseInteractiveJson(clone(payload))).toStrictEqual(payload);
			expect(parseInteractiveJson(JSON.stringify(payload))).toStrictEqual(payload);
		}
	});

	it('does not trim or otherwise change button and list payloads', () => {
		const padded = { ...buttonPayload, body: { text: '  Pick one  ' } };
		expect(parseInteractiveJson(clone(padded))).toStrictEqual(padded);
	});

	it('passes unknown (future) types through unchanged', () => {
		const payload = { type: 'location_request_message', body: { text: 'Where?' }, action: { name: 'send_location' } };
		expect(parseInteractiveJson(clone(payload))).toStrictEqual(payload);
	});

	it.each([
		['buttons', 'button'],
		['Product-List', 'product_list'],
		['LIST', 'list'],
	])('rejects the near miss %j, suggesting %j', (type, meant) => {
		expectRejected(
			() => parseInteractiveJson({ type, body: { text: 'x' } }),
			'type',
			`Interactive message type ${JSON.stringify(type)} is not valid; did you mean "${meant}"?`,
		);
	});

	describe('invalid JSON text', () => {
		it.each([
			['{"type": }', 'line 1, column 10 (position 9)', 'expected a value but found "}"'],
			['{"type":"button",}', 'line 1, column 17 (position 16)', 'a comma before "}" is not allowed in JSON'],
			["{'type':'list'}", 'line 1, column 2 (position 1)', "expected a property name in double quotes but found ' (JSON needs double quotes)"],
			['{\n  "type": "list"\n  "body": {}\n}', 'line 3, column 3 (position 21)', 'expected "," or "}" but found "\\""'],
			['{"type": "list', 'line 1, column 10 (position 9)', 'a string starts here and is never closed'],
			['{"type": tru}', 'line 1, column 10 (position 9)', 'expected a value but found "t"'],
			['{"type": "list"} x', 'line 1, column 18 (position 17)', 'unexpected "x" after the end of the JSON'],
			['{"a": [1, 2', 'line 1, column 12 (position 11)', 'expected "," or "]" but found the end of the text'],
		])('reports where %j goes wrong', (text, where, reason) => {
			expectRejected(() => parseInteractiveJson(text), 'JSON', `Interactive message JSON is invalid at ${where}: ${reason}`);
		});

		it('explains "[object Object]"', () => {
			expectRejected(() => parseInteractiveJson('[object Object]'), 'JSON', /an object was turned into text/);
		});

		it('rejects empty text', () => {
			expectRejected(() => parseInteractiveJson('  '), 'JSON', 'Interactive message JSON is empty');
		});
	});

	it.each([
		[[1, 2], 'an array'],
		[null, 'null'],
		[42, 'a number'],
		['"text"', 'a string'],
		[undefined, 'undefined'],
	])('rejects %j, which is not an object', (input, kind) => {
		expectRejected(() => parseInteractiveJson(input), 'JSON', `Interactive message JSON must be an object, not ${kind}`);
	});

	it('requires a type', () => {
		expectRejected(
			() => parseInteractiveJson({ body: { text: 'x' } }),
			'type',
			'Interactive message JSON has no "type"; expected one of button, list, product, product_list, flow, catalog_message, cta_url',
		);
		expectRejected(() => parseInteractiveJson({ type: 3 }), 'type', 'Interactive message "type" must be text, not a number');
		expectRejected(() => parseInteractiveJson({ type: ' ' }), 'type', /"type" is empty/);
	});

	it.each(['button', 'list', 'product_list', 'flow', 'cta_url', 'catalog_message'])('requires body.text for %s', (type) => {
		const payload = { type, header: type === 'product_list' ? { type: 'text', text: 'H' } : undefined, action: {} };
		expectRejected(() => parseInteractiveJson(payload), 'Body', `Body is missing: ${type} messages need body.text`);
		expectRejected(() => parseInteractiveJson({ ...payload, body: {} }), 'Body', 'Body is missing');
		expectRejected(() => parseInteractiveJson({ ...payload, body: { text: 5 } }), 'Body', 'Body must be text, not a number');
	});

	it('requires a header for product_list', () => {
		expectRejected(
			() => parseInteractiveJson({ type: 'product_list', body: { text: 'x' }, action: {} }),
			'Header',
			'Header is required for product_list messages',
		);
	});

	it.each(['product', 'catalog_message'])('rejects a header on %s', (type) => {
		expectRejected(
			() => parseInteractiveJson({ type, header: { type: 'text', text: 'H' }, body: { text: 'x' }, action: {} }),
			'Header',
			`Header is not allowed on ${type} messages; remove "header"`,
		);
	});

	describe('button payload checks (same rules as the builder)', () => {
		const withButtons = (buttonList: unknown[]) => ({ ...buttonPayload, action: { buttons: buttonList } });
		const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });

		it('applies title, count and uniqueness limits', () => {
			expect(() => parseInteractiveJson(withButtons([reply('a', x(20, THUMBS_UP))]))).not.toThrow();
			expectRejected(
				() => parseInteractiveJson(withButtons([reply('a', 'A'), reply('b', x(27))])),
				'Button 2 title',
				'Button 2 title is 27 characters; WhatsApp allows 20',
			);
			expectRejected(
				() => parseInteractiveJson(withButtons([reply('a', 'A'), reply('b', 'B'), reply('c', 'C'), reply('d', 'D')])),
				'Buttons',
				'There are 4 buttons; WhatsApp allows 1 to 3',
			);
			expectRejected(
				() => parseInteractiveJson(withButtons([reply('a', 'Yes'), reply('b', 'No'), reply('c', 'Yes')])),
				'Button titles',
				'Button titles must be unique: buttons 1 and 3 are both "Yes"',
			);
			expectRejected(
				() => parseInteractiveJson(withButtons([reply('a', 'Yes'), reply('a', 'No')])),
				'Button IDs',
				'Button IDs must be unique: buttons 1 and 2 are both "a"',
			);
		});

		it('counts the text as sent, untrimmed', () => {
			expectRejected(
				() => parseInteractiveJson(withButtons([reply('a', ` ${x(20)}`)])),
				'Button 1 title',
				'Button 1 title is 21 characters; WhatsApp allows 20',
			);
		});

		it('requires reply ids and the reply type', () => {
			expectRejected(
				() => parseInteractiveJson(withButtons([{ type: 'reply', reply: { title: 'Yes' } }])),
				'Button 1 ID',
				'Button 1 ID is missing',
			);
			expectRejected(
				() => parseInteractiveJson(withButtons([{ reply: { id: 'a', title: 'Yes' } }])),
				'Button 1 type',
				'Button 1 type must be "reply"; got undefined',
			);
			expectRejected(() => parseInteractiveJson({ ...buttonPayload, action: {} }), 'action.buttons', 'action.buttons is missing');
		});

		it('checks body, header and footer limits', () => {
			expectRejected(
				() => parseInteractiveJson({ ...buttonPayload, body: { text: x(1025) } }),
				'Body',
				'Body is 1025 characters; WhatsApp allows 1024',
			);
			expectRejected(
				() => parseInteractiveJson({ ...buttonPayload, header: { type: 'text', text: x(61) } }),
				'Header text',
				'Header text is 61 characters; WhatsApp allows 60',
			);
			expectRejected(
				() => parseInteractiveJson({ ...buttonPayload, footer: { text: x(61) } }),
				'Footer',
				'Footer is 61 characters; WhatsApp allows 60',
			);
		});

		it('accepts a media header by uploaded id and checks links', () => {
			const byId = { ...buttonPayload, header: { type: 'video', video: { id: '1234567890' } } };
			expect(parseInteractiveJson(clone(byId))).toStrictEqual(byId);
			expectRejected(
				() => parseInteractiveJson({ ...buttonPayload, header: { type: 'image', image: { link: 'ftp://x/a.png' } } }),
				'Header image link',
				'Header image link must be an http(s) link; got "ftp://x/a.png"',
			);
			expectRejected(
				() => parseInteractiveJson({ ...buttonPayload, header: { type: 'location', location: {} } }),
				'Header type',
				'Header type must be text, image, video or document; got "location"',
			);
		});
	});

	describe('list payload checks (same rules as the builder)', () => {
		const withSections = (sections: unknown[]) => ({
			...listPayload,
			action: { button: 'Options', sections },
		});

		it('accepts a valid list unchanged', () => {
			const payload = withSections([
				{ title: 'A', rows: [{ id: 'a', title: 'A', description: 'About A' }] },
				{ title: 'B', rows: [{ id: 'b', title: 'B' }] },
			]);
			expect(parseInteractiveJson(clone(payload))).toStrictEqual(payload);
		});

		it('allows text headers only', () => {
			expectRejected(
				() => parseInteractiveJson({ ...listPayload, header: { type: 'image', image: { link: 'https://e.com/a.png' } } }),
				'Header type',
				'List headers must be text; WhatsApp does not allow "image" headers on lists',
			);
		});

		it('applies row, section and label limits', () => {
			expectRejected(
				() =>
					parseInteractiveJson(
						withSections([
							{ title: 'A', rows: [{ id: 'a', title: 'A' }] },
							{ title: 'B', rows: [{ id: 'b', title: 'B' }, { id: 'c', title: 'C' }, { id: 'd', title: x(31) }] },
						]),
					),
				'List row 3 of section 2: title',
				'List row 3 of section 2: title is 31 characters; WhatsApp allows 24',
			);
			expectRejected(
				() =>
					parseInteractiveJson(
						withSections([
							{ title: 'A', rows: [{ id: 'same', title: 'A' }] },
							{ title: 'B', rows: [{ id: 'same', title: 'B' }] },
						]),
					),
				'List row IDs',
				'List row IDs must be unique: row 1 of section 1 and row 1 of section 2 are both "same"',
			);
			expectRejected(
				() => parseInteractiveJson(withSections([{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }])),
				'List section 1 title',
				/needs a title on every section/,
			);
			expectRejected(
				() => parseInteractiveJson({ ...listPayload, action: { button: x(21), sections: [] } }),
				'List button label',
				'List button label is 21 characters; WhatsApp allows 20',
			);
			expectRejected(
				() => parseInteractiveJson(withSections([{ title: 'A', rows: [{ title: 'A' }] }])),
				'List row 1 of section 1: ID',
				'List row 1 of section 1: ID is missing',
			);
		});
	});
});
