#!/usr/bin/env bash
# Export benchmark (issue 7): time and the API process's peak RSS for each format, at 100k and 1M tasks.
#   bench/export-bench.sh              # sizes 100000 1000000
#   bench/export-bench.sh 100000       # one size
# Each (size, format) runs in a fresh API process, so its peak RSS (VmHWM) belongs to that export alone.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
sizes=("${@:-100000 1000000}")
[ $# -eq 0 ] && sizes=(100000 1000000)
formats=(csv json jsonl xlsx)
port=5191
out="$root/bench/results/export-$(date -u +%Y%m%dT%H%M%SZ).md"

build_release
declare -A peak
{
  echo "Export benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), SQLite, Release build"
  echo
  echo "| tasks | format | rows | seconds | rows/s | MiB written | idle RSS MiB | peak RSS MiB |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} | tee "$out"
for size in "${sizes[@]}"; do
  db="$(database_for "$size")"
  for format in "${formats[@]}"; do
    pid="$(start_api "$db" "$port")"
    trap 'stop_api "$pid"' EXIT
    token="$(token_for "$port" mic.auditor)"   # top-secret: every task exists for this auditor
    # Warm the process (JIT, pools) on a small export first, then measure the full one.
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/exports/tasks?format=$format&planYear=2000"
    idle="$(rss_mib "$pid")"
    read -r bytes seconds < <(curl -sf -o /dev/null -w '%{size_download} %{time_total}\n' \
      -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/exports/tasks?format=$format")
    rows="$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/audit?action=export&entityId=tasks&limit=1" \
      | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["after"]["rows"])')"
    peak["$size-$format"]="$(peak_rss_mib "$pid")"
    stop_api "$pid"
    python3 - "$size" "$format" "$rows" "$seconds" "$bytes" "$idle" "${peak["$size-$format"]}" <<'PY' | tee -a "$out"
import sys
size, fmt, rows, seconds, size_bytes, idle, peak = sys.argv[1:]
rows, seconds = int(rows), float(seconds)
print(f"| {int(size):,} | {fmt} | {rows:,} | {seconds:.2f} | {rows/seconds:,.0f} | {int(size_bytes)/1048576:.0f} | {idle} | {peak} |")
PY
  done
done
if [ "${#sizes[@]}" -ge 2 ]; then
  echo | tee -a "$out"
  for format in "${formats[@]}"; do
    python3 -c "import sys; print(f'peak RSS {sys.argv[1]}: {sys.argv[3]}/{sys.argv[2]} MiB = {int(sys.argv[3])/int(sys.argv[2]):.2f}x from ${sizes[0]} to ${sizes[-1]} tasks')" \
      "$format" "${peak[${sizes[0]}-$format]}" "${peak[${sizes[-1]}-$format]}" | tee -a "$out"
  done
fi
echo "(written to ${out#$root/})"
