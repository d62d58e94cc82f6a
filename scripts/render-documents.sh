#!/usr/bin/env bash
# Renders the official documents (issue 18, Decree 30/2020/NĐ-CP) of a running API to PNG, to look at them:
# downloads each document of a review (report, plan, minutes) and the five-year summary, in Vietnamese and English,
# converts each with LibreOffice (`libreoffice --headless --convert-to pdf`) and renders its pages with poppler's
# `pdftoppm -png -r 60` into web-client/screenshots/documents/ (<name>-<lang>-<page>.png).
#
# It starts nothing: point it at an API you run and give it a token (POST /api/v1/auth/token) of someone who may read
# the review, e.g.
#   TOKEN=$(curl -s -X POST "$URL/api/v1/auth/token" -H 'Content-Type: application/json' \
#     -d '{"username":"mps.coordinator","password":"Demo@2021!"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
#   scripts/render-documents.sh --url http://127.0.0.1:5080 --token "$TOKEN" --review 3 --regulation 1
# Options: --pages N (pages rendered per document, default 2), --out DIR (default web-client/screenshots/documents).
# Requires curl, libreoffice and pdftoppm (Debian: libreoffice-writer, poppler-utils). Not part of scripts/test.sh.
set -euo pipefail

url="" token="" review="" regulation="" pages=2
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/web-client/screenshots/documents"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) url="${2%/}"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    --review) review="$2"; shift 2 ;;
    --regulation) regulation="$2"; shift 2 ;;
    --pages) pages="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$url" || -z "$token" || -z "$review" || -z "$regulation" ]]; then
  echo "usage: $0 --url URL --token TOKEN --review REVIEW_ID --regulation REGULATION_ID [--pages N] [--out DIR]" >&2
  exit 2
fi
for tool in curl libreoffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install libreoffice-writer poppler-utils curl)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
# LibreOffice keeps its profile here, so a desktop instance of the same user is not disturbed.
profile="file://$work/profile"

declare -A documents=(
  [report]="/api/v1/reviews/$review/documents/report"
  [plan]="/api/v1/reviews/$review/documents/plan"
  [minutes]="/api/v1/reviews/$review/documents/minutes"
  [summary]="/api/v1/reviews/summary/document?regulationId=$regulation"
)
failed=0
for name in report plan minutes summary; do
  for lang in vi en; do
    path="${documents[$name]}"
    separator='?'; [[ "$path" == *\?* ]] && separator='&'
    docx="$work/$name-$lang.docx"
    status=$(curl -sS -o "$docx" -w '%{http_code}' -H "Authorization: Bearer $token" "$url$path${separator}lang=$lang")
    if [[ "$status" != 200 ]]; then
      echo "$name ($lang): HTTP $status: $(head -c 300 "$docx")" >&2
      failed=1
      continue
    fi
    libreoffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work" "$docx" >/dev/null 2>&1
    rm -f "$out/$name-$lang"-*.png
    pdftoppm -png -r 60 -l "$pages" "$work/$name-$lang.pdf" "$out/$name-$lang"
    echo "$name ($lang): $(ls "$out/$name-$lang"-*.png | xargs -n1 basename | tr '\n' ' ')"
  done
done
exit "$failed"
