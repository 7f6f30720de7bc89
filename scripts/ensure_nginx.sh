#!/usr/bin/env bash
# Tests of the shipped front (deploy/nginx/central.conf) and the slow-client drill run nginx in a temp
# prefix; install Debian's nginx when missing and we are root (CI, fresh machines). The package's own
# service is not needed: nginx is only run as a child of the tests.
set -euo pipefail
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing Debian's nginx for the front tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx >/dev/null
else
  echo "The front tests need nginx: run 'sudo apt-get install -y nginx' once." >&2
  exit 1
fi
