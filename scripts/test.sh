#!/usr/bin/env bash
# The README's test command (npm test) runs this under scripts/with-tools.sh: build, then the unit,
# client, provider, emulator and contract tests, then the end-to-end tests under the real Pulumi engine.
# Both suites run even if the first fails; the closing line counts them together.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .pulumi-local
# A clean build: a module removed from the sources must not linger in dist/ (and in a packed tarball).
rm -rf dist && tsc -p tsconfig.build.json || exit 1
status=0
suites=()
if [ "${1:-all}" != "e2e" ]; then
  jest --json --outputFile=.pulumi-local/jest-unit.json || status=1
  suites+=(.pulumi-local/jest-unit.json)
fi
if [ "${1:-all}" != "unit" ]; then
  jest -c jest.e2e.config.js --json --outputFile=.pulumi-local/jest-e2e.json || status=1
  suites+=(.pulumi-local/jest-e2e.json)
fi
node -e '
  let p = 0, f = 0, s = 0, suitesFailed = 0;
  for (const file of process.argv.slice(1)) {
    try {
      const r = require(require("path").resolve(file));
      p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + r.numTodoTests;
      suitesFailed += r.numFailedTestSuites + (r.numRuntimeErrorTestSuites || 0);
    } catch { suitesFailed += 1; }
  }
  if (suitesFailed && !f) f = suitesFailed; // a suite that failed to run counts as a failure
  console.log(`jest: ${p} passed, ${f} failed` + (s ? `, ${s} skipped` : ""));
' "${suites[@]}"
exit $status
