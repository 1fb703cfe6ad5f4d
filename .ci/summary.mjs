// Prints the closing "N passed, N failed[, N skipped]" line from Vitest's JSON report.
// If the report is missing (typecheck or lint failed before Vitest ran), that step
// counts as one failure so the line never claims success.
import fs from 'node:fs';

const [file, statusText] = process.argv.slice(2);
const status = Number(statusText ?? 0);
let passed = 0,
  failed = 0,
  skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = r.numFailedTests ?? 0;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  for (const suite of r.testResults ?? []) {
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((a) => a.status === 'failed')) {
      console.log(`ci: test file failed to run: ${suite.name}: ${(suite.message ?? '').split('\n')[0]}`);
      failed += 1;
    }
  }
} catch {
  console.log('ci: no Vitest report (a step before the tests failed: build, typecheck or lint)');
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
