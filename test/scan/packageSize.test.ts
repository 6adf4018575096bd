import { measurePackage, packageSizeLine, readmePackageSizeLine } from '../../scripts/packageSize';

// The README's package size is npm's own figure for the tarball as built now, not a typed number.
// Needs dist/ built (npm test builds first).
it('the README states the package size npm pack measures (npm run size -- --write rewrites it)', () => {
	expect(readmePackageSizeLine()).toBe(packageSizeLine(measurePackage()));
});
