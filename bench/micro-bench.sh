#!/usr/bin/env bash
# Data-path micro-benchmark (issue 8) with BenchmarkDotNet: the first page of tasks through Dapper against hand-written
# ADO.NET, same SQL, same rows, on the generated 100k-task database; and where the time goes (Dapper's row parser alone,
# SQLite alone, SQLite with the statement prepared once).
#   bench/micro-bench.sh [tasks]      default 100000
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
size="${1:-100000}"
build_release
db="$(database_for "$size")"
dotnet build "$root/bench/CoordinationApi.Benchmarks/CoordinationApi.Benchmarks.csproj" -c Release --nologo --verbosity quiet -p:OpenApiGenerateDocumentsOnBuild=false
cd "$root/bench/results"
BENCH_DB="$db" dotnet run -c Release --no-build --project "$root/bench/CoordinationApi.Benchmarks/CoordinationApi.Benchmarks.csproj" -- \
  --filter '*TaskPageBenchmarks*' --artifacts "$root/bench/results/BenchmarkDotNet" | grep -E '^\|' | tee "$root/bench/results/micro-$(date -u +%Y%m%dT%H%M%SZ).md"
