"""gunicorn settings for a kiosk terminal: the app answers only the local browser on loopback.

Used by deploy/systemd/kiosk-app.service: gunicorn -c deploy/gunicorn.terminal.conf.py wsgi:app
"""

import os

# Loopback only: the terminal's browser is the sole client; nothing listens on the network.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers: if one stalls or is recycled, the other still answers the kiosk page.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Sync workers: the only client is the local browser on loopback, so a slow client cannot hold a
# worker, and a new loopback connection per request costs microseconds. Threaded (gthread) workers
# measured bimodal on a 2-core machine: the same page at ~8,500 or ~2,000 req/s from one run to the
# next, p99 above 20 ms, as the accepting thread fought the request threads for the GIL
# (bench/kiosk.py; README "Speed and fault drills").
worker_class = "sync"
timeout = 30
graceful_timeout = 5
# Terminals run for months: recycle workers now and then so memory cannot creep up.
max_requests = 5000
max_requests_jitter = 500
# Worker heartbeat files on tmpfs: no flash-card writes, no stalls when the disk is slow.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# No access log: it would only repeat the kiosk's own page loads (and addresses are not kept).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
