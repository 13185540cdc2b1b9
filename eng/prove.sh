#!/usr/bin/env bash
# The workbook's main job: installs what is missing, then runs every chapter's claims as load
# scenarios ("prove") on the embedded default infrastructure, and writes the reports to
# load-tests/reports/<timestamp>/. Extra arguments go to prove (e.g. --chapter 04, --quick, --claim NAME).
set -euo pipefail
cd "$(dirname "$0")/.."

eng/install-prerequisites.sh
dotnet run --project load-tests/EduPlatform.Prove -c Release -- prove "$@"
