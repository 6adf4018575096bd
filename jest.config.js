/**
 * One jest run, two projects:
 * - unit: pure helpers, the sandbox, the node inside n8n-core's engine (Node 20+, seconds), and
 *   n8n's scanner on the package (test/scan);
 * - e2e: the built package inside a real n8n 2.x, plus a compatibility smoke on the last 1.x
 *   (provisioned by scripts/runtime, minutes per n8n version the first time). `npx jest --selectProjects unit` runs only the fast one.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
	reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$'],
			setupFiles: ['<rootDir>/test/setup/env.ts'],
			setupFilesAfterEnv: ['<rootDir>/test/setup/timeout.unit.ts'],
			transform,
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/*.e2e.test.ts'],
			globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
			setupFilesAfterEnv: ['<rootDir>/test/setup/timeout.e2e.ts'],
			transform,
		},
	],
};
