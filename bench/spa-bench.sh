#!/usr/bin/env bash
# Web app budget (issue 8): initial JavaScript (gzip) of the production build, and the dashboard's time to render in
# headless Chromium against the local API with the generated database (1M tasks by default).
#   bench/spa-bench.sh [tasks]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-1000000}"
bash "$root/scripts/bootstrap.sh" --browser >/dev/null
build_release
(cd "$root/web-client" && npm run --silent build >/dev/null)
initial_kb="$(python3 - "$root/web-client/dist" <<'PY'
import gzip, pathlib, re, sys
dist = pathlib.Path(sys.argv[1])
html = (dist / "index.html").read_text()
# What the first page load fetches: the entry script and the modules it preloads.
files = set(re.findall(r'(?:src|href)="/?(assets/[^"]+\.js)"', html))
print(round(sum(len(gzip.compress((dist / f).read_bytes())) for f in files) / 1024, 1))
PY
)"
db="$(database_for "$size")"
port=5391
pid="$(start_api "$db" "$port" Spa__Root="$root/web-client/dist")"
trap 'stop_api "$pid"' EXIT
timing="$(cd "$root/web-client" && node ../bench/dashboard-render.mjs "http://127.0.0.1:$port" 5)"
out="$root/bench/results/spa-$(date -u +%Y%m%dT%H%M%SZ).md"
python3 - "$size" "$initial_kb" "$timing" <<'PY' | tee "$out"
import json, sys
size, kb, timing = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
print(f"Web app, {int(size):,} tasks: initial JavaScript {kb} KB gzip (budget 250 KB); dashboard rendered in "
      f"{timing['firstLoadMs']} ms on first load (API computes it), {timing['warmMedianMs']} ms warm (median of {len(timing['runs']) - 1}); "
      f"runs {timing['runs']} ms")
PY
