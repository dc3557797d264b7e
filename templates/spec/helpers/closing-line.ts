// CI reads a plain "N passed, N failed" line; Jasmine's own summary is not one of the formats it knows.
let passed = 0;
let failed = 0;
let skipped = 0;
jasmine.getEnv().addReporter({
  specDone(result) {
    if (result.status === 'passed') passed++;
    else if (result.status === 'failed') failed++;
    else skipped++;
  },
  suiteDone(result) {
    if (result.failedExpectations.length) failed++;
  },
  jasmineDone(result) {
    if (result.failedExpectations.length) failed++;
    process.once('exit', () => console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`));
  },
});
