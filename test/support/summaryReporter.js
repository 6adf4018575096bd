// Prints one plain closing line for every test run ("Tests: N passed, N failed, N skipped"),
// the form CI reads. Written at exit, so it stands after jest's own summary.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const line = `Tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`;
		process.once('exit', () => process.stdout.write(line));
	}
}
module.exports = SummaryReporter;
