import { answerStyleFromEnv } from '../../sandbox/env';

// The answers `npm start` and `npm run sandbox` give: the newest generation unless told otherwise,
// as today's Octopods accounts answer it, so every example the demo imports runs as it is.
describe('the demo sandbox generation (SANDBOX_GENERATION)', () => {
	it('is the 2026 generation, lower case, when nothing is set', () => {
		expect(answerStyleFromEnv({})).toEqual({ generation: '2026', statusStyle: 'lowercase' });
		expect(answerStyleFromEnv({ SANDBOX_GENERATION: '' })).toEqual({ generation: '2026', statusStyle: 'lowercase' });
	});

	it('switches to the original pages with SANDBOX_GENERATION=original', () => {
		expect(answerStyleFromEnv({ SANDBOX_GENERATION: 'original' })).toMatchObject({ generation: 'original' });
	});

	it('names the values it takes', () => {
		expect(() => answerStyleFromEnv({ SANDBOX_GENERATION: '2025' })).toThrow('SANDBOX_GENERATION must be "original" or "2026" (got "2025").');
	});
});
