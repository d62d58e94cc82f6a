#!/usr/bin/env bash
# Prints "passed failed skipped" from an NUnit TRX file, or fails (non-zero, a reason on stderr) when the file is
# missing or cannot be read: no results must never read as "0 failed".
#   scripts/nunit-results.sh artifacts/test-results/nunit.trx
set -uo pipefail
trx="${1:?usage: nunit-results.sh FILE.trx}"
[ -s "$trx" ] || { echo "no NUnit results at $trx" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is needed to read $trx and is not on PATH" >&2; exit 1; }
python3 - "$trx" <<'PY'
import sys, xml.etree.ElementTree as ET
c = ET.parse(sys.argv[1]).getroot().find('.//{*}Counters')
if c is None:
    sys.exit(f"{sys.argv[1]} has no Counters element")
total, ok = int(c.get('total')), int(c.get('passed'))
bad = sum(int(c.get(k, 0)) for k in ('failed', 'error', 'timeout', 'aborted'))
if total == 0:
    sys.exit(f"{sys.argv[1]} holds no tests")
print(ok, bad, total - ok - bad)
PY
