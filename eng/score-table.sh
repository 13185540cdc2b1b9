#!/usr/bin/env bash
# Prints one row per test assembly (passed / failed / skipped) from the xunit XML reports in the
# folder given, then the totals as the plain line CI reads: "N passed, N failed[, N skipped]".
set -euo pipefail
folder="${1:-artifacts/test-results}"

shopt -s nullglob
reports=("$folder"/*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "no test reports in $folder"
  echo "0 passed, 0 failed"
  exit 0
fi

# Each report holds <assembly name="..." passed=".." failed=".." skipped=".." ...>: print
# "name passed failed skipped" per assembly.
rows=$(awk '
  function attribute(line, name) {
    if (match(line, " " name "=\"[^\"]*\"")) return substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
    return ""
  }
  /<assembly / {
    n = attribute($0, "name"); sub(/.*\//, "", n); sub(/\.dll$/, "", n)
    print n, attribute($0, "passed") + 0, attribute($0, "failed") + 0, attribute($0, "skipped") + 0
  }
' "${reports[@]}" | sort)

printf '\n%-50s %7s %7s %8s\n' "test assembly" passed failed skipped
printf '%s\n' "$rows" | awk '{ printf "%-50s %7d %7d %8d\n", $1, $2, $3, $4 }'
printf '%s\n' "$rows" | awk '
  { passed += $2; failed += $3; skipped += $4 }
  END {
    printf "\n"
    if (skipped > 0) printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
    else printf "%d passed, %d failed\n", passed, failed
  }'
