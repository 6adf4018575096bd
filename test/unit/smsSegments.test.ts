import { SegmentedMessage } from 'sms-segments-calculator';
import SmartEncodingMap from 'sms-segments-calculator/dist/libs/SmartEncodingMap';
import {
	GSM7_REPLACEMENT_TABLE,
	countSmsSegments,
	isGsm7Compatible,
	toGsm7Compatible,
} from '../../nodes/Octopods/helpers/smsSegments';

const a = (n: number): string => 'a'.repeat(n);

describe('countSmsSegments: GSM-7', () => {
	it.each<[string, string, number, number]>([
		['empty', '', 1, 0],
		['160 ASCII characters fit one segment', a(160), 1, 160],
		['161 split into two of 153', a(161), 2, 161],
		['306 = 2 x 153', a(306), 2, 306],
		['307 needs a third', a(307), 3, 307],
		['459 = 3 x 153', a(459), 3, 459],
		['460 needs a fourth', a(460), 4, 460],
		['1,600 characters', a(1600), 11, 1600],
	])('%s', (_name, body, segments, characters) => {
		expect(countSmsSegments(body)).toEqual({ segments, encoding: 'GSM-7', characters });
	});

	it('a euro sign is an extension character and counts 2', () => {
		expect(countSmsSegments('Total: 5€')).toEqual({ segments: 1, encoding: 'GSM-7', characters: 10 });
		expect(countSmsSegments(a(158) + '€')).toEqual({ segments: 1, encoding: 'GSM-7', characters: 160 });
		expect(countSmsSegments(a(159) + '€')).toEqual({ segments: 2, encoding: 'GSM-7', characters: 161 });
	});

	it('an extension pair is never cut across segments', () => {
		// 152 + the two septets of [ would reach 154: the bracket moves whole into segment 2.
		expect(countSmsSegments(a(152) + '[' + a(10))).toMatchObject({ segments: 2, characters: 164 });
		expect(countSmsSegments(a(152) + '[' + a(151))).toMatchObject({ segments: 2, characters: 305 });
		expect(countSmsSegments(a(152) + '[' + a(152))).toMatchObject({ segments: 3, characters: 306 });
	});

	it.each(['é', 'ü', 'Ñ', 'Ç', 'à', 'ø', 'Δ'])('%s is in the GSM-7 table', (letter) => {
		expect(countSmsSegments(`Caf${letter}`)).toEqual({ segments: 1, encoding: 'GSM-7', characters: 4 });
	});
});

describe('countSmsSegments: UCS-2', () => {
	it.each(['ú', 'ç', 'á', 'ő', 'ł', 'Ж', '中'])('%s is not in GSM-7 and makes the whole message UCS-2', (letter) => {
		expect(countSmsSegments(`Caf${letter}`)).toEqual({ segments: 1, encoding: 'UCS-2', characters: 4 });
	});

	it('70 UCS-2 units fit one segment, 71 split into 67s', () => {
		expect(countSmsSegments('ú' + a(69))).toEqual({ segments: 1, encoding: 'UCS-2', characters: 70 });
		expect(countSmsSegments('ú' + a(70))).toEqual({ segments: 2, encoding: 'UCS-2', characters: 71 });
		expect(countSmsSegments('ú' + a(133))).toMatchObject({ segments: 2, characters: 134 });
		expect(countSmsSegments('ú' + a(134))).toMatchObject({ segments: 3, characters: 135 });
	});

	it('an emoji outside the basic plane counts 2 and is never cut', () => {
		expect(countSmsSegments('Hi 😀')).toEqual({ segments: 1, encoding: 'UCS-2', characters: 5 });
		expect(countSmsSegments(a(68) + '😀')).toEqual({ segments: 1, encoding: 'UCS-2', characters: 70 });
		expect(countSmsSegments(a(69) + '😀')).toEqual({ segments: 2, encoding: 'UCS-2', characters: 71 });
		// 66 + 2 would be 68 > 67: the surrogate pair moves whole into segment 2, so 134 units that
		// would fill two segments exactly need a third.
		expect(countSmsSegments(a(66) + '😀' + a(65))).toMatchObject({ segments: 2, characters: 133 });
		expect(countSmsSegments(a(66) + '😀' + a(66))).toMatchObject({ segments: 3, characters: 134 });
		expect(countSmsSegments('ú' + a(133))).toMatchObject({ segments: 2, characters: 134 });
	});

	it('an extension character costs 1 unit, not 2, once the message is UCS-2', () => {
		expect(countSmsSegments('€ú')).toEqual({ segments: 1, encoding: 'UCS-2', characters: 2 });
	});
});

describe('toGsm7Compatible', () => {
	it('keeps a message written in a word processor GSM-7', () => {
		const typed = '“Your order’s ready” – pick it up… at 5\u00a0pm — thanks＃１';
		expect(countSmsSegments(typed).encoding).toBe('UCS-2');
		const replaced = toGsm7Compatible(typed);
		// Twilio writes a no-break space as two spaces.
		expect(replaced).toBe('"Your order\'s ready" - pick it up... at 5  pm - thanks#1');
		expect(isGsm7Compatible(replaced)).toBe(true);
		expect(countSmsSegments(replaced).encoding).toBe('GSM-7');
	});

	it('leaves what has no GSM-7 form alone', () => {
		expect(toGsm7Compatible('ú 😀 中')).toBe('ú 😀 中');
		expect(toGsm7Compatible('👨‍👩‍👧')).toBe('👨‍👩‍👧');
	});

	it("is Twilio's Smart Encoding table, whole", () => {
		expect(Object.keys(GSM7_REPLACEMENT_TABLE)).toHaveLength(271);
		expect(GSM7_REPLACEMENT_TABLE).toEqual(SmartEncodingMap);
	});

	it('replaces every character of the table with GSM-7 text, as Twilio does', () => {
		for (const [from, to] of Object.entries(GSM7_REPLACEMENT_TABLE)) {
			const body = `a${from}b`;
			expect([from, toGsm7Compatible(body)]).toEqual([from, `a${to}b`]);
			expect(isGsm7Compatible(toGsm7Compatible(body))).toBe(true);
			const twilio = new SegmentedMessage(body, 'auto', true);
			expect([from, countSmsSegments(toGsm7Compatible(body))]).toEqual([
				from,
				{ segments: twilio.segmentsCount, encoding: twilio.encodingName, characters: twilio.encodedChars.reduce((sum, char) => sum + char.codeUnits.length, 0) },
			]);
		}
	});
});

// The counter against Twilio's calculator, which the provider bills by.
describe('countSmsSegments agrees with sms-segments-calculator', () => {
	const pieces = [
		'a',
		' ',
		'\n',
		'\r\n',
		'€',
		'[',
		'|',
		'é',
		'Ñ',
		'ç',
		'ú',
		'Ж',
		'中',
		'😀',
		'👍🏽',
		'👨‍👩‍👧',
		'🇮🇪',
		'e\u0301',
		'“',
		'…',
		'\u00a0',
	];
	// Deterministic pseudo-random bodies around every boundary (160/153, 70/67).
	let seed = 19;
	const next = (n: number): number => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed % n;
	};
	const corpus: string[] = [];
	for (const length of [1, 69, 70, 71, 134, 135, 152, 153, 154, 159, 160, 161, 305, 306, 307, 459, 460, 1600]) {
		corpus.push(a(length));
		for (let variant = 0; variant < 12; variant++) {
			const rare = pieces[next(pieces.length)];
			let body = '';
			while (body.length < length) body += next(5) === 0 ? rare : 'a';
			corpus.push(body);
			corpus.push(a(length - 1) + rare);
		}
	}
	for (const piece of pieces) corpus.push(piece.repeat(80), piece.repeat(161));

	it(`matches segments, encoding and GSM-7 septets on ${corpus.length} bodies`, () => {
		const mismatches = corpus.flatMap((body) => {
			const ours = countSmsSegments(body);
			const twilio = new SegmentedMessage(body);
			const theirs = {
				segments: twilio.segmentsCount,
				encoding: twilio.encodingName,
				characters: twilio.encodedChars.reduce((sum, char) => sum + char.codeUnits.length, 0),
			};
			return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [{ body, ours, theirs }];
		});
		expect(mismatches).toEqual([]);
	});

	// Twilio splits characters by grapheme-splitter 1.0.4 (UAX #29 of Unicode 10); a runtime's
	// Intl.Segmenter follows its own ICU, so these are where the two differ.
	it("counts a Devanagari conjunct as Twilio does, whatever the runtime's Unicode tables", () => {
		const body = 'क'.repeat(65) + 'क्ष' + 'क'.repeat(66);
		expect(new SegmentedMessage(body).segmentsCount).toBe(2);
		expect(countSmsSegments(body)).toEqual({ segments: 2, encoding: 'UCS-2', characters: 134 });
	});

	const clusters = [
		['Devanagari conjunct', 'क्ष'],
		['Devanagari with vowel signs', 'क्षि'],
		['Bengali conjunct', 'ক্ষ'],
		['Tamil conjunct', 'க்ஷ'],
		['Thai with sara am', 'กำ'],
		['Thai with tone mark and sara am', 'น้ำ'],
		['Hangul syllables', '한글'],
		['Hangul jamo', '\u1112\u1161\u11ab'],
		['emoji with a skin tone', '👍🏽'],
		['skin tone alone', '🏽'],
		['ZWJ profession', '👩‍💻'],
		['ZWJ astronaut', '🧑‍🚀'],
		['ZWJ family', '👨‍👩‍👧‍👦'],
		['ZWJ rainbow flag', '🏳️‍🌈'],
		['ZWJ heart on fire', '❤️‍🔥'],
		['handshake with two skin tones', '🫱🏽‍🫲🏿'],
		['keycap', '1️⃣'],
		['flags', '🇮🇪🇫🇷'],
		['three regional indicators', '🇮🇪🇫'],
		['tag sequence', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
		['combining marks', 'e\u0301\u0323'],
		['prepend', '\u0600\u0661'],
	];
	it.each(clusters)('agrees on %s at every segment boundary', (_name, cluster) => {
		const mismatches = [];
		// The cluster straddles the end of segment 1 (70, or 67 once split); the body totals just
		// under, at or just over one, two or three segments' worth of UTF-16 units.
		for (let before = 56; before <= 70; before++) {
			for (const total of [69, 70, 71, 133, 134, 135, 200, 201, 202]) {
				const body = a(before) + cluster + a(Math.max(0, total - before - cluster.length));
				const ours = countSmsSegments(body);
				const twilio = new SegmentedMessage(body);
				if (ours.segments !== twilio.segmentsCount || ours.encoding !== twilio.encodingName) {
					mismatches.push({ before, total, ours: ours.segments, twilio: twilio.segmentsCount });
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('agrees on Smart Encoding for the typographic forms', () => {
		const typed = '“Quote” ‘single’ – en — em … ½ ‹a› • ÷';
		expect(countSmsSegments(toGsm7Compatible(typed))).toEqual(
			(({ segmentsCount, encodingName }) => ({
				segments: segmentsCount,
				encoding: encodingName,
				characters: toGsm7Compatible(typed).length,
			}))(new SegmentedMessage(typed, 'auto', true)),
		);
	});
});
