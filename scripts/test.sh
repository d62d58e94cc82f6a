#!/usr/bin/env bash
# Runs every test of the product and ends with one line: "N passed, N failed[, N skipped]".
#   1. NUnit: the API through HTTP (SQLite always; SQL Server too when COORDINATION_TEST_SQLSERVER is set),
#      the ScriptDom parse of all SQL Server SQL, the committed OpenAPI document.
#   2. Contract checks: the SPA's generated types match the committed OpenAPI document; Spectral lints it.
#   3. Vitest unit tests of the SPA, then its production build.
#   4. End-to-end tests in headless Chromium against the real API, which the tests start and stop.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

passed=0; failed=0; skipped=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + ${3:-0})); }
gate() { # a named check that is one test: it passes or fails as a whole
  local name="$1"; shift
  echo "== $name"
  if "$@"; then count 1 0; else echo "FAILED: $name"; count 0 1; fi
}

bash "$root/scripts/bootstrap.sh" --browser || { echo "0 passed, 1 failed"; exit 1; }

echo "== Building the API and tests"
# Build without regenerating api/openapi/v1.json, so the contract test compares the committed file.
if ! dotnet build "$root/CoordinationApi.sln" -p:OpenApiGenerateDocumentsOnBuild=false --nologo --verbosity quiet; then
  echo "0 passed, 1 failed"; exit 1
fi

echo "== NUnit"
dotnet test "$root/CoordinationApi.sln" --no-build --nologo \
  --logger "trx;LogFileName=nunit.trx" --results-directory "$results" || true
trx="$results/nunit.trx"
if [ -f "$trx" ]; then
  read -r t_passed t_failed t_skipped < <(python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
c = ET.parse(sys.argv[1]).getroot().find('.//{*}Counters')
total, executed, ok = int(c.get('total')), int(c.get('executed')), int(c.get('passed'))
bad = int(c.get('failed')) + int(c.get('error')) + int(c.get('timeout')) + int(c.get('aborted'))
print(ok, bad, total - ok - bad)
PY
  )
  count "$t_passed" "$t_failed" "$t_skipped"
else
  echo "FAILED: NUnit produced no results"; count 0 1
fi

cd "$root/web-client"
gate "SPA types match the committed OpenAPI document" npm run --silent check:api
gate "Spectral lints the OpenAPI document" npm run --silent lint:openapi

vitest_counts() { # passed failed skipped from a vitest JSON report
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0), r.numPendingTests + r.numTodoTests)' "$1"
}

echo "== Vitest unit tests"
rm -f test-results/unit.json
npm run --silent test:unit || true
if [ -f test-results/unit.json ]; then count $(vitest_counts test-results/unit.json); else echo "FAILED: no unit results"; count 0 1; fi

gate "SPA production build" npm run --silent build

echo "== Browser tests (headless Chromium)"
rm -f test-results/e2e.json
npm run --silent test:e2e || true
if [ -f test-results/e2e.json ]; then count $(vitest_counts test-results/e2e.json); else echo "FAILED: no browser test results"; count 0 1; fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
