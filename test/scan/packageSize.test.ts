import { LOOSEST_BOUND, boundsFor, measurePackage, packageSizeLine, readmeBounds } from '../../scripts/packageSize';

// The README states upper bounds for the package npm publishes; the tarball as built now must stay
// within them, and they must still describe it. Needs dist/ built (npm test builds first).
describe('the README states the package size as bounds (npm run size -- --write rewrites them)', () => {
	const measured = measurePackage();
	const stated = readmeBounds();

	it.each(['size', 'unpackedSize', 'entryCount'] as const)('%s is within the stated bound', (figure) => {
		expect(measured[figure]).toBeLessThanOrEqual(stated[figure]);
	});

	it.each(['size', 'unpackedSize'] as const)('the bound of %s is no more than half again the package', (figure) => {
		expect(stated[figure]).toBeLessThanOrEqual(measured[figure] * LOOSEST_BOUND);
	});

	it('writes bounds with room above the measured size, which read back as written', () => {
		const bounds = boundsFor({ size: 130_257, unpackedSize: 518_679, entryCount: 16 });
		expect(packageSizeLine(bounds)).toBe('**Package size** (`npm pack --dry-run`): at most 150 kB packed, 580 kB unpacked, 20 files.');
		expect(readmeBounds(packageSizeLine(bounds))).toEqual(bounds);
	});
});
