#!/usr/bin/env bash
# Load benchmark (issue 8): wrk against the API in Release on 127.0.0.1, SQLite, 1M generated tasks (by default),
# authenticated as an agency system (API key, clearance secret: reads of secret tasks are audited), 64 connections.
# Measures requests/s, p50 and p99 of: the constant-JSON ceiling, the first page of tasks (50, filtered), a deep page
# (cursor near row 900,000), one task by id, the dashboard and search; prints absolute figures and ratios to the ceiling.
#   bench/load-bench.sh [tasks] [seconds]      defaults: 1000000 15
#   BENCH_ONLY="search by-id" bench/load-bench.sh   the ceiling and only these endpoints (while working on one)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-1000000}"
seconds="${2:-15}"
connections=64
port=5291
out="$root/bench/results/load-$(date -u +%Y%m%dT%H%M%SZ).md"

if ! command -v wrk >/dev/null; then
  echo "== Installing wrk (Debian package)" >&2
  if [ "$(id -u)" = "0" ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq wrk >/dev/null
fi

build_release
db="$(database_for "$size")"
pid="$(start_api "$db" "$port" Bench__Ceiling=true)"
trap 'stop_api "$pid"' EXIT
base="http://127.0.0.1:$port"

# An agency system of MPS with clearance secret, created through the admin API like any other.
admin="$(token_for "$port" mps.admin)"
key="$(curl -sf -X POST "$base/api/v1/admin/api-clients" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"load benchmark","scopes":["tasks:read","regulations:read","reviews:read"],"clearance":"secret"}' \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["apiKey"])')"

# The cursor of the row near 900,000 in the list's default order (due date, id), as the API encodes it; and 10,000 task
# ids the client may read (classification up to secret) for the by-id requests.
read -r deep_cursor < <(python3 - "$db" "$size" "$bench_signing_key" <<'PY'
import base64, hashlib, hmac, sqlite3, sys
db, size, signing_key = sys.argv[1], int(sys.argv[2]), base64.b64decode(sys.argv[3])
# The cursor as the API issues it (Infrastructure/Http/Paging.cs, Cursors): a MAC over the list's name and the position,
# keyed by HKDF-SHA256 of the signing key, then the position, base64url without padding.
prk = hmac.new(bytes(32), signing_key, hashlib.sha256).digest()
mac_key = hmac.new(prk, b"CoordinationApi cursor v1" + b"\x01", hashlib.sha256).digest()
def cursor(list_name, position):
    mac = hmac.new(mac_key, list_name.encode() + b"\x00" + position.encode(), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(mac + position.encode()).decode().rstrip("=")
con = sqlite3.connect(db)
offset = max(0, min(900_000, int(size * 0.9)) - 1)
due, tid = con.execute("SELECT due_date, id FROM tasks WHERE regulation_id = 1 AND classification <= 2 ORDER BY due_date, id LIMIT 1 OFFSET ?", (offset,)).fetchone()
print(cursor("tasks", f"due|{due}|{tid}"))
with open("/tmp/coordination-bench-ids.txt", "w") as f:
    for (i,) in con.execute("SELECT id FROM tasks WHERE classification <= 2 ORDER BY (id * 7919) % 1000003 LIMIT 10000"):
        f.write(f"{i}\n")
PY
)
cat > /tmp/coordination-bench-ids.lua <<'LUA'
local ids = {}
for line in io.lines("/tmp/coordination-bench-ids.txt") do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/tasks/" .. ids[(n % #ids) + 1])
end
LUA

run() { # run NAME PATH [lua]: warm-up, then the measured run; prints "name rps p50 p99 non2xx"
  local name="$1" path="$2" script="${3:-}" args=(-t2 -c"$connections" -H "X-Api-Key: $key" --latency)
  if [ -n "${BENCH_ONLY:-}" ] && [ "$name" != ceiling ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then return; fi
  [ -n "$script" ] && args+=(-s "$script")
  # The first request alone, to completion: it fills what the endpoint caches (the dashboard's first computation over
  # 1M tasks takes seconds) and its time is reported as the cold start; then 3 s of warm-up under load.
  local first
  first="$(curl -s -o /dev/null -m 120 -w '%{time_total}' -H "X-Api-Key: $key" "$base$path")"
  wrk "${args[@]}" -d3s "$base$path" >/dev/null
  wrk "${args[@]}" -d"${seconds}s" "$base$path" > "/tmp/wrk-$name.txt"
  python3 - "$name" "/tmp/wrk-$name.txt" "$first" <<'PY'
import re, sys
name, text, first = sys.argv[1], open(sys.argv[2]).read(), float(sys.argv[3]) * 1000
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
failed = sum(int(g) for g in errors.groups()) if errors else 0
def percentile(label):
    try:
        return ms(label)
    except AttributeError:  # no latency recorded: every request timed out
        return float("nan")
print(name, rps, percentile("50"), percentile("99"), int(bad.group(1)) if bad else 0, failed, first)
PY
}

results=()
results+=("$(run ceiling "/bench/ceiling")")
results+=("$(run first-page "/api/v1/tasks?regulationId=1&status=in_progress&limit=50")")
results+=("$(run first-page-unfiltered "/api/v1/tasks?regulationId=1&limit=50")")
results+=("$(run deep-page "/api/v1/tasks?regulationId=1&limit=50&cursor=$deep_cursor")")
results+=("$(run by-id "/api/v1/tasks/1" /tmp/coordination-bench-ids.lua)")
results+=("$(run dashboard "/api/v1/dashboard?regulationId=1")")
results+=("$(run search "/api/v1/search?q=lua%20dao%20vien%20thong&limit=20")")
rss="$(peak_rss_mib "$pid")"

printf '%s\n' "${results[@]}" > /tmp/coordination-bench-results.txt
python3 - "$size" "$connections" "$seconds" "$rss" /tmp/coordination-bench-results.txt <<'PY' | tee "$out"
import datetime, os, sys
size, connections, seconds, rss, results = sys.argv[1:]
rows = [line.split() for line in open(results) if line.strip()]
ceiling = float(rows[0][1])
print(f"Load benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC: {int(size):,} tasks, SQLite, Release, "
      f"{connections} connections, {seconds} s per endpoint after a 3 s warm-up, {os.cpu_count()} cores; API peak RSS {rss} MiB")
print()
print("| endpoint | requests/s | ratio to ceiling | p50 ms | p99 ms | non-2xx | socket errors and timeouts (2 s) | first request alone, ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, rps, p50, p99, bad, errors, first in rows:
    print(f"| {name} | {float(rps):,.0f} | {float(rps)/ceiling:.2f} | {float(p50):.2f} | {float(p99):.2f} | {bad} | {errors} | {float(first):,.1f} |")
PY
echo "(written to ${out#$root/})"
