#!/usr/bin/env bash
# Runs every test in the solution and ends with one line: "N passed, N failed".
# Exits non-zero when any test fails or when no test ran.
set -uo pipefail
cd "$(dirname "$0")"
results="${PLASMITE_TEST_RESULTS:-$(pwd)/artifacts/test-results}"
rm -rf "$results"
mkdir -p "$results"

dotnet test Plasmite.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done

echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
