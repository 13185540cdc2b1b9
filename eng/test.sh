#!/usr/bin/env bash
# The workbook's test command: installs what is missing, then runs every test project of the
# solution on Microsoft.Testing.Platform, then prints a score table per test assembly (the
# instructors' grading view). Extra arguments go to `dotnet test` (e.g. --project chapters/04-event-store/tests/...).
set -uo pipefail
cd "$(dirname "$0")/.."

eng/install-prerequisites.sh || exit 1

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet test --solution EduPlatform.Workbook.sln \
  --results-directory "$results" \
  --no-progress \
  "$@"
status=$?

eng/score-table.sh "$results"
exit $status
