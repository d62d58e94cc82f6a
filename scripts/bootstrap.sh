#!/usr/bin/env bash
# Installs what the product and its tests need on a fresh machine: .NET packages, npm packages and,
# for the browser tests, Debian's chromium. Safe to run again: each step is skipped when already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_browser="${1:-}"

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ with npm is required." >&2; exit 1; }

if [ "$want_browser" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "== Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = "0" ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium >/dev/null
fi

lock="$root/web-client/package-lock.json"
stamp="$root/web-client/node_modules/.installed-lock"
if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
  echo "== Installing the web client's npm packages"
  (cd "$root/web-client" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$lock" "$stamp"
fi

echo "== Restoring .NET tools (Kiota, which the tests run to generate a client from the OpenAPI document)"
(cd "$root" && dotnet tool restore >/dev/null)

echo "== Restoring .NET packages"
dotnet restore "$root/CoordinationApi.sln" --verbosity quiet
