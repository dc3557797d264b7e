// Karma configuration for `ng test` (@angular/build:unit-test with runner "karma").
// Uses the system Chromium (Debian package `chromium`); nothing is downloaded.
process.env.CHROME_BIN ||= '/usr/bin/chromium';

// Prints "karma: N passed, N failed" and, as the very last line, "N passed, N failed".
function SummaryReporter() {
  this.onRunComplete = (_browsers, result) => {
    const skipped = result.skipped ? `, ${result.skipped} skipped` : '';
    const failed = result.failed + (result.error ? 1 : 0);
    process.stdout.write(`karma: ${result.success} passed, ${failed} failed${skipped}\n`);
    process.stdout.write(`${result.success} passed, ${failed} failed\n`);
  };
}

module.exports = function (config) {
  config.set({
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher'), { 'reporter:summary': ['type', SummaryReporter] }],
    client: { jasmine: { random: true }, clearContext: false },
    reporters: ['progress', 'summary'],
    customLaunchers: {
      ChromiumHeadlessCI: {
        base: 'ChromeHeadless',
        flags: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-default-apps',
          '--disable-extensions',
          '--disable-sync',
          '--metrics-recording-only',
          '--no-first-run',
          '--mute-audio',
          '--window-size=1024,768',
        ],
      },
    },
    browsers: ['ChromiumHeadlessCI'],
    singleRun: true,
    autoWatch: false,
    restartOnFileChange: false,
  });
};
