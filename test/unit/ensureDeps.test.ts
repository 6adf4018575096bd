import { installReason } from '../../scripts/ensure-deps';

// What `npm start` and `npm test` decide before anything else: run `npm ci` or not.
const jest29 = { version: '29.7.0', resolved: 'https://registry.npmjs.org/jest/-/jest-29.7.0.tgz', integrity: 'sha512-a' };
const esbuildDarwin = { version: '0.28.2', resolved: 'https://registry.npmjs.org/x.tgz', integrity: 'sha512-b', optional: true };
const lockfile = {
	packages: {
		'': { version: '0.1.0' },
		'node_modules/jest': jest29,
		'node_modules/@esbuild/darwin-arm64': esbuildDarwin,
	},
};
const onDisk = () => true;

describe('ensure-deps: whether node_modules matches package-lock.json', () => {
	it('installs when node_modules (npm\'s record of it) is missing', () => {
		expect(installReason(lockfile, undefined, onDisk)).toBe('node_modules is missing');
	});

	it('does nothing when every locked package is installed at its version (other platforms\' optional ones absent)', () => {
		expect(installReason(lockfile, { packages: { 'node_modules/jest': jest29 } }, onDisk)).toBeUndefined();
	});

	it('installs when a package has another version than the lockfile', () => {
		const installed = { packages: { 'node_modules/jest': { ...jest29, version: '29.6.0', integrity: 'sha512-c' } } };
		expect(installReason(lockfile, installed, onDisk)).toBe(
			'node_modules/jest is 29.6.0 in node_modules, 29.7.0 in the lockfile',
		);
	});

	it('installs when a locked package is not installed, or its folder was deleted', () => {
		expect(installReason(lockfile, { packages: {} }, onDisk)).toBe('node_modules/jest is not installed');
		const installed = { packages: { 'node_modules/jest': jest29 } };
		expect(installReason(lockfile, installed, (path) => path !== 'node_modules/jest')).toBe(
			'node_modules/jest is not installed',
		);
	});

	it('installs when node_modules holds a package the lockfile no longer has', () => {
		const installed = { packages: { 'node_modules/jest': jest29, 'node_modules/left-pad': jest29 } };
		expect(installReason(lockfile, installed, onDisk)).toBe(
			'node_modules/left-pad is in node_modules but not in the lockfile',
		);
	});
});
