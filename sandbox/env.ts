/**
 * The sandbox's generation settings from the environment, for `npm run sandbox` and `npm start`:
 * the 2026 articles' answers by default, as today's Octopods accounts give them (the trigger's
 * examples need their sent-messages list); `SANDBOX_GENERATION=original` for the original pages.
 * Tests choose theirs in `startSandbox`, whose own default stays the original pages.
 */
import { STATUS_STYLES, type StatusStyle } from './messages';
import { GENERATIONS, type Generation } from './templates';

export function answerStyleFromEnv(env: NodeJS.ProcessEnv): { generation: Generation; statusStyle: StatusStyle } {
	const generation = env.SANDBOX_GENERATION || '2026';
	if (!(GENERATIONS as readonly string[]).includes(generation)) {
		throw new Error(`SANDBOX_GENERATION must be ${GENERATIONS.map((g) => `"${g}"`).join(' or ')} (got "${generation}").`);
	}
	const statusStyle = (env.SANDBOX_STATUS_STYLE || 'lowercase').toLowerCase();
	if (!(STATUS_STYLES as readonly string[]).includes(statusStyle)) {
		throw new Error(
			`SANDBOX_STATUS_STYLE must be ${STATUS_STYLES.map((s) => `"${s}"`).join(' or ')} (got "${env.SANDBOX_STATUS_STYLE}").`,
		);
	}
	return { generation: generation as Generation, statusStyle: statusStyle as StatusStyle };
}
