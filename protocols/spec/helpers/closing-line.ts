/**
 * Prints one plain closing line when the process exits:
 * "N passed, N failed, N skipped". Suite-level and run-level failures
 * (errors in beforeAll/afterAll, unhandled errors) count as failures.
 */
const counts = { passed: 0, failed: 0, skipped: 0 };

jasmine.getEnv().addReporter({
  specDone(result) {
    if (result.status === 'passed') counts.passed += 1;
    else if (result.status === 'failed') counts.failed += 1;
    else counts.skipped += 1;
  },
  suiteDone(result) {
    counts.failed += result.failedExpectations.length;
  },
  jasmineDone(details) {
    counts.failed += details.failedExpectations.length;
  },
});

process.on('exit', () => {
  process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
});
