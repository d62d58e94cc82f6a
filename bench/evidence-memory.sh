#!/usr/bin/env bash
# Evidence files (issue 19): upload and download one file of 200 MB through a RUNNING API and print the API process's
# resident memory before, at its peak during the upload, and at its peak during the download, so the claim "streamed,
# never whole in memory" can be rerun on any machine.
#
#   bench/evidence-memory.sh [BASE_URL] [MEGABYTES]        # defaults: http://127.0.0.1:5080 200
#
# The API must run with the demo users (Seed:Demo=true) and Evidence:MaxBytes above the size (default 256 MiB), e.g.:
#   dotnet run --project api/CoordinationApi -c Release -- --urls http://127.0.0.1:5080 --Seed:Demo=true
# or the published build:
#   dotnet publish api/CoordinationApi -c Release -o /tmp/coordination && dotnet /tmp/coordination/CoordinationApi.dll --urls http://127.0.0.1:5080 --Seed:Demo=true
# The API's process is found by the port it listens on (ss), or given as API_PID. It must run on this machine: its
# memory is read from /proc/<pid>/status (VmRSS, VmHWM). The peak is reset (/proc/<pid>/clear_refs) before each step
# when the kernel allows it; otherwise the peaks are since the API started (still an upper bound of the step's).
# Leaves a task, a report and the file in the API's database and evidence folder (like any upload).
set -euo pipefail
base="${1:-http://127.0.0.1:5080}"
megabytes="${2:-200}"
password="${DEMO_PASSWORD:-Demo@2021!}"
port="$(python3 -c 'import sys,urllib.parse; u=urllib.parse.urlparse(sys.argv[1]); print(u.port or (443 if u.scheme=="https" else 80))' "$base")"
pid="${API_PID:-$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)}"
if [ -z "$pid" ] || [ ! -r "/proc/$pid/status" ]; then
  echo "No API process found listening on port $port: start one (see the top of this script) or set API_PID." >&2
  exit 1
fi
curl -sf "$base/health/ready" >/dev/null || { echo "$base/health/ready does not answer 200" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/status"; }
mib() { awk -v k="$(kib "$1")" 'BEGIN {printf "%.0f", k/1024}'; }
reset_peak() { { echo 5 > "/proc/$pid/clear_refs"; } 2>/dev/null && echo reset || echo "not reset (since start)"; }
token() {
  curl -sf -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$password\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])'
}
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

coordinator="$(token mps.coordinator)"
officer="$(token mps.officer)"
auth_c=(-H "Authorization: Bearer $coordinator")
auth_o=(-H "Authorization: Bearer $officer")
regulation="$(curl -sf "${auth_c[@]}" "$base/api/v1/regulations?limit=200" | json '["items"][0]["id"]')"
year="$(date -u +%Y)"
task="$(curl -sf "${auth_c[@]}" -H 'Content-Type: application/json' -X POST "$base/api/v1/tasks" -d @- <<JSON | json '["id"]'
{"regulationId": $regulation, "titleVi": "Đo bộ nhớ khi tải tệp minh chứng", "titleEn": "Evidence memory benchmark",
 "descriptionVi": "Đo", "descriptionEn": "Measure", "citations": [{"aknId": "chp_2__art_4__para_1", "versionId": null}], "leadUnitCode": "MPS-A05", "counterpartUnitCodes": ["MIC-ATTT"],
 "contacts": [{"name": "Nguyễn Văn A", "unitCode": "MPS-A05", "phone": "024 0000 000", "email": null}], "classification": "unclassified", "kind": "one_off", "recurrence": null, "planYear": $year,
 "startDate": "$year-01-01", "dueDate": "$year-12-31", "priority": "normal"}
JSON
)"
curl -sf "${auth_c[@]}" -H 'Content-Type: application/json' -X POST "$base/api/v1/tasks/$task/transitions" -d '{"to":"assigned"}' >/dev/null
curl -sf "${auth_o[@]}" -H 'Content-Type: application/json' -X POST "$base/api/v1/tasks/$task/transitions" -d '{"to":"in_progress"}' >/dev/null
report="$(curl -sf "${auth_o[@]}" -H 'Content-Type: application/json' -X POST "$base/api/v1/tasks/$task/reports" \
  -d "{\"reportDate\":\"$(date -u +%F)\",\"percent\":10,\"narrative\":\"Evidence memory benchmark\"}" | json '["id"]')"

echo "== Writing a ${megabytes} MB PDF to $work" >&2
{ printf '%%PDF-1.7\n'; head -c "$((megabytes * 1024 * 1024 - 9))" /dev/urandom; } > "$work/evidence.pdf"
size="$(stat -c %s "$work/evidence.pdf")"
sha="$(sha256sum "$work/evidence.pdf" | cut -d' ' -f1)"

echo "API pid $pid: RSS before: $(mib VmRSS) MiB (peak since start $(mib VmHWM) MiB)"
echo "   peak: $(reset_peak)"
# -T streams the file from disk (--data-binary @file would read it whole into curl's memory first).
read -r status seconds < <(curl -s -o "$work/created.json" -w '%{http_code} %{time_total}\n' "${auth_o[@]}" -X POST -T "$work/evidence.pdf" \
  -H 'Content-Type: application/pdf' "$base/api/v1/tasks/$task/reports/$report/evidence?fileName=evidence-memory.pdf")
[ "$status" = 201 ] || { echo "upload answered $status: $(cat "$work/created.json")" >&2; exit 1; }
[ "$(json '["sha256"]' < "$work/created.json")" = "$sha" ] || { echo "the API's SHA-256 differs from the file's" >&2; exit 1; }
echo "upload:   $size bytes in ${seconds}s; API RSS now $(mib VmRSS) MiB, peak during upload $(mib VmHWM) MiB"
evidence="$(json '["id"]' < "$work/created.json")"

echo "   peak: $(reset_peak)"
read -r status seconds < <(curl -s -o "$work/downloaded.pdf" -D "$work/headers.txt" -w '%{http_code} %{time_total}\n' "${auth_c[@]}" \
  "$base/api/v1/evidence/$evidence/content")
[ "$status" = 200 ] || { echo "download answered $status" >&2; exit 1; }
[ "$(sha256sum "$work/downloaded.pdf" | cut -d' ' -f1)" = "$sha" ] || { echo "the downloaded bytes differ" >&2; exit 1; }
echo "download: $(stat -c %s "$work/downloaded.pdf") bytes in ${seconds}s, same SHA-256, $(grep -i '^repr-digest' "$work/headers.txt" | tr -d '\r')"
echo "          API RSS now $(mib VmRSS) MiB, peak during download $(mib VmHWM) MiB"
