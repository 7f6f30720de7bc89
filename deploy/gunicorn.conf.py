"""gunicorn settings for `make run` and for a central server (see deploy/ for terminals).

Central runs behind nginx (deploy/nginx/central.conf), which buffers slow clients before they reach
these workers. Login limits are counted in RATELIMIT_STORAGE_URI: with several workers it must be shared
storage (Redis), or each worker would count on its own and let several times the limit through. So the
default is 2 workers with Redis and 1 without, and an explicit worker count above 1 with memory://
storage refuses to start.
"""

import os
import sys

STORAGE = os.environ.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
SHARED_STORAGE = not STORAGE.startswith("memory://")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or (2 if SHARED_STORAGE else 1))
threads = int(os.environ.get("GUNICORN_THREADS") or (4 if SHARED_STORAGE else 8))
worker_class = "gthread"
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = "-"
errorlog = "-"


def login_limit_problem(worker_count: int, storage: str, role: str) -> str | None:
    """Why these settings would weaken the login limits, or None when they are sound."""
    if role == "terminal" or worker_count <= 1 or not storage.startswith("memory://"):
        return None
    return (
        f"Refusing to start {worker_count} workers with RATELIMIT_STORAGE_URI={storage}: each worker would count "
        "login attempts on its own, letting several times LOGIN_RATE_LIMIT through. Set RATELIMIT_STORAGE_URI to "
        "a shared Redis (for example redis://127.0.0.1:6379/0) or run one worker (GUNICORN_WORKERS=1)."
    )


def on_starting(server):
    """Check the final worker count (the command line may override this file) before any worker starts."""
    role = os.environ.get("KIOSK_ROLE", "central")
    problem = login_limit_problem(server.cfg.workers, STORAGE, role)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(1)
