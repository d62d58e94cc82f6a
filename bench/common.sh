#!/usr/bin/env bash
# Shared by the benchmark scripts: build in Release, make a generated database, start and stop the API.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/bench/data"
api_dll="$root/api/CoordinationApi/bin/Release/net10.0/CoordinationApi.dll"
mkdir -p "$data" "$root/bench/results"
# A fixed token signing key for the benchmark's API, so a script can issue a cursor the API accepts (load-bench.sh).
bench_signing_key="$(printf 'CoordinationApi benchmark signing key' | sha256sum | cut -c1-64 | xxd -r -p | base64)"

build_release() {
  echo "== Building the API in Release" >&2
  dotnet build "$root/api/CoordinationApi/CoordinationApi.csproj" -c Release --nologo --verbosity quiet -p:OpenApiGenerateDocumentsOnBuild=false >&2
}

# database_for SIZE: a SQLite file with the demo data and SIZE generated tasks (made once, seed 42).
database_for() {
  local size="$1" file="$data/tasks-$1.db"
  if [ ! -f "$file" ]; then
    echo "== Generating $size tasks into $file" >&2
    local started=$SECONDS
    ConnectionStrings__Coordination="Data Source=$file" Seed__Demo=true Logging__Console__FormatterName=simple \
      dotnet "$api_dll" --generate-tasks "$size" --generate-seed 42 >/dev/null
    echo "   generated in $((SECONDS - started)) s" >&2
  fi
  echo "$file"
}

# start_api FILE PORT [extra env...]: starts the API in the background, waits for /health/ready, prints its pid.
start_api() {
  local file="$1" port="$2"; shift 2
  if curl -s -o /dev/null "http://127.0.0.1:$port/health/live"; then
    echo "port $port is already in use" >&2; return 1
  fi
  env ConnectionStrings__Coordination="Data Source=$file" ASPNETCORE_ENVIRONMENT=Production Seed__Demo=true \
      Auth__SigningKey="$bench_signing_key" RateLimits__SignInPerMinute=100000 RateLimits__PerCallerPerMinute=100000000 \
      Logging__LogLevel__Default=Warning "$@" \
      dotnet "$api_dll" --urls "http://127.0.0.1:$port" >"$root/bench/results/api-$port.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do
    # Alive and answering: a process that failed to bind must not be mistaken for one still running on the port.
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; then echo "$pid"; return 0; fi
    sleep 0.5
  done
  echo "the API did not become ready; see bench/results/api-$port.log" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

stop_api() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

token_for() { # token_for PORT USER
  curl -sf -X POST "http://127.0.0.1:$1/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"Demo@2021!\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])'
}

# Peak and current resident memory of a process, in MiB.
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
