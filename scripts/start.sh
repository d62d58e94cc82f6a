#!/usr/bin/env bash
# Starts the product on a fresh machine: installs what it needs, builds the web client, and runs the
# API with the embedded SQLite database (created, migrated and seeded with the demo data on first run).
# The API serves the web client too, so there is one URL to open.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
url="${COORDINATION_URL:-http://127.0.0.1:5080}"

bash "$root/scripts/bootstrap.sh"
echo "== Building the web client"
(cd "$root/web-client" && npm run --silent build)
echo "== Building the API"
dotnet build "$root/api/CoordinationApi/CoordinationApi.csproj" -c Release --nologo --verbosity quiet

echo
echo "CoordinationApi is starting on $url"
echo "  web app:  $url/"
echo "  Swagger:  $url/swagger"
echo "  health:   $url/health/ready"
echo "(Ctrl+C stops it; the database is api/CoordinationApi/data/coordination.db)"
echo
cd "$root/api/CoordinationApi"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# The demo data is on by request only outside Development (its password is public): this script asks for it.
exec dotnet bin/Release/net10.0/CoordinationApi.dll --urls "$url" --Spa:Root="$root/web-client/dist" --Seed:Demo="${COORDINATION_SEED_DEMO:-true}"
