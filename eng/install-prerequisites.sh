#!/usr/bin/env bash
# Installs what the workbook needs beyond the .NET SDK, when it is missing:
#   - the native servers the test harness starts itself: PostgreSQL 15, Redis 7, RabbitMQ 3.10
#   - chromium (headless: the load report's charts are checked to render)
#   - nginx and wrk (the reference proxy and load generator of the benchmarks)
# Debian/Ubuntu: installs the missing packages with apt-get. Idempotent: nothing is installed twice.
# It never starts system services: the harness runs its own server processes on free loopback
# ports, and a system-wide PostgreSQL/RabbitMQ would only hold ports and memory.
# macOS / Windows: prints what to do instead.
set -euo pipefail

say() { printf '[install-prerequisites] %s\n' "$*"; }

case "$(uname -s)" in
  Darwin)
    say "macOS: install the servers with Homebrew (the harness starts them itself; do not 'brew services start'):"
    say "  brew install postgresql@15 redis rabbitmq nginx wrk && brew install --cask chromium"
    say "or run Docker Desktop: the harness then uses Testcontainers (WORKBOOK_INFRA=auto picks it)."
    exit 0 ;;
  MINGW*|MSYS*|CYGWIN*)
    say "Windows: the native backend is not supported. Start Docker Desktop (Linux containers);"
    say "the harness then uses Testcontainers. Or set WORKBOOK_INFRA=external with WORKBOOK_POSTGRES, WORKBOOK_REDIS, WORKBOOK_RABBITMQ."
    exit 0 ;;
esac

if ! command -v apt-get >/dev/null 2>&1; then
  say "No apt-get: install PostgreSQL 15, Redis 7, RabbitMQ 3.10 (with Erlang), chromium, nginx and wrk"
  say "with your distribution's package manager, or use Docker (WORKBOOK_INFRA=containers)."
  exit 1
fi

# package -> a file that proves it is installed
declare -A proof=(
  [postgresql]="/usr/lib/postgresql/15/bin/postgres"
  [redis-server]="/usr/bin/redis-server"
  [rabbitmq-server]="/usr/lib/rabbitmq/bin/rabbitmq-server"
  [chromium]="/usr/bin/chromium"
  [nginx-light]="/usr/sbin/nginx"
  [wrk]="/usr/bin/wrk"
)
missing=()
for package in postgresql redis-server rabbitmq-server chromium nginx-light wrk; do
  if [ -e "${proof[$package]}" ]; then
    continue
  fi
  # another major version of PostgreSQL, or nginx from another package, is fine too
  case "$package" in
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null && continue ;;
    nginx-light) command -v nginx >/dev/null 2>&1 && continue ;;
  esac
  missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  say "everything is installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    say "need root to install: ${missing[*]} (run as root, or install them yourself)"; exit 1
  fi
fi

say "installing: ${missing[*]}"
# policy-rc.d answering 101 tells the packages' maintainer scripts not to start their services.
policy=/usr/sbin/policy-rc.d
placed_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  placed_policy=yes
fi
cleanup() { if [ -n "$placed_policy" ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
say "installed: ${missing[*]}"
