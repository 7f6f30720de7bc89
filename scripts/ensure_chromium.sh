#!/usr/bin/env bash
# Browser tests drive Debian's Chromium; install it when missing and we are root (CI, fresh machines).
set -euo pipefail
bash "$(dirname "$0")/ensure_nginx.sh"  # the front tests need nginx too (make test runs this script)
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install -y chromium' once." >&2
  exit 1
fi
