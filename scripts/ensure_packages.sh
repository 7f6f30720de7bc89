#!/usr/bin/env bash
# Install the Debian packages the tests or benchmarks need, when they are missing and we are root
# (CI, fresh machines); otherwise say exactly which apt-get line to run.
# Usage: scripts/ensure_packages.sh COMMAND:PACKAGE...   e.g. /usr/bin/chromium:chromium redis-server:redis-server
set -euo pipefail
missing=()
for pair in "$@"; do
  command="${pair%%:*}"
  package="${pair#*:}"
  if ! command -v "$command" >/dev/null 2>&1; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing Debian packages: ${missing[*]}..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}. Run once: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
