"""Run a test selection again and again, in a fresh clone, until it fails or a test is skipped.

A flaky test shows up one run in ten or twenty, so "it passed on the rerun" proves nothing. This runs the
same selection N times in a row on one database, stops at the first run with a failure, an error or a
skipped test (CI skips no test, so a skip is no pass), and keeps that run's server logs and
screenshots. Each run's counts come from pytest's JUnit XML, not from its console.

    make repeat RUNS=10 DB=postgresql://postgres@127.0.0.1:5432/test    # the browser suite on PostgreSQL
    python3 scripts/repeat_suite.py --runs 5                                # ... on SQLite
    python3 scripts/repeat_suite.py --runs 3 -- tests/kiosk -q             # another selection

The clone is made from the commit checked out now (HEAD), so later edits in this folder do not change
what is being counted; the log folder (default `repeat-runs/`) says which commit every run tested.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SELECTION = ["tests/browser", "-q", "-p", "no:cacheprovider"]


@dataclass
class Outcome:
    tests: int
    failures: int
    errors: int
    skipped: int
    seconds: float
    bad: list[str]

    @property
    def clean(self) -> bool:
        return self.tests > 0 and not (self.failures or self.errors or self.skipped)

    def summary(self) -> str:
        passed = self.tests - self.failures - self.errors - self.skipped
        parts = [f"{passed} passed"]
        parts += [
            f"{n} {word}"
            for n, word in ((self.failures, "failed"), (self.errors, "errors"), (self.skipped, "skipped"))
            if n
        ]
        return f"{', '.join(parts)} of {self.tests} in {self.seconds:.0f} s"


def read_junit(path: Path, seconds: float) -> Outcome:
    """Counts and the names of the tests that did not pass, from pytest's --junitxml file."""
    if not path.exists():
        return Outcome(0, 0, 1, 0, seconds, ["pytest wrote no report (it did not start: see the run's log)"])
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    totals = {key: sum(int(s.get(key, 0)) for s in suites) for key in ("tests", "failures", "errors", "skipped")}
    bad = []
    for case in root.iter("testcase"):
        for kind in ("failure", "error", "skipped"):
            found = case.find(kind)
            if found is not None:
                name = f"{case.get('classname', '')}::{case.get('name', '')}"
                first_line = (found.get("message") or "").strip().split("\n")[0][:200]
                bad.append(f"{kind}: {name}" + (f": {first_line}" if first_line else ""))
    return Outcome(seconds=seconds, bad=bad, **totals)


def run(cmd: list[str], cwd: Path, env: dict[str, str], log) -> int:
    log.write(f"$ {' '.join(cmd)}\n")
    log.flush()
    return subprocess.run(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="how many runs in a row (default 10)")
    parser.add_argument(
        "--database",
        default=os.environ.get("TEST_DATABASE_URL", ""),
        help="TEST_DATABASE_URL for the runs: a postgresql:// URL, or empty for SQLite (default: the environment's)",
    )
    parser.add_argument(
        "--log-dir", type=Path, default=ROOT / "repeat-runs", help="where logs go (default repeat-runs/)"
    )
    parser.add_argument("--here", action="store_true", help="run in this folder as it is, not in a fresh clone of HEAD")
    parser.add_argument(
        "--no-setup",
        action="store_true",
        help="do not run `make` in the clone first (its Python must then have everything)",
    )
    parser.add_argument("--python", default=None, help="the Python that runs pytest (default: the clone's .venv)")
    parser.add_argument("pytest_args", nargs="*", help="after --: what pytest runs (default: the browser suite)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    selection = args.pytest_args or DEFAULT_SELECTION
    database = args.database.split(":")[0] or "sqlite"

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if args.here and subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout:
        commit += "+uncommitted"  # what runs here is not that commit: do not let the count claim it is
    log_dir = args.log_dir.resolve() / f"{time.strftime('%Y%m%d-%H%M%S')}-{commit or 'nocommit'}-{database}"
    log_dir.mkdir(parents=True, exist_ok=True)
    summary = (log_dir / "summary.txt").open("w", encoding="utf-8")

    def say(line: str) -> None:
        print(line, flush=True)
        summary.write(line + "\n")
        summary.flush()

    workdir = Path(tempfile.mkdtemp(prefix="repeat-suite-")) if not args.here else None
    try:
        tree = ROOT
        env = dict(os.environ, TEST_DATABASE_URL=args.database)
        if workdir is not None:
            tree = workdir / "tree"
            with (log_dir / "setup.log").open("w", encoding="utf-8") as log:
                if run(["git", "clone", "--quiet", str(ROOT), str(tree)], ROOT, env, log):
                    say(f"git clone failed: see {log_dir / 'setup.log'}")
                    return 2
                if not args.no_setup and run(
                    ["make", "--no-print-directory", ".venv/.dev-installed", "test-packages", "translations"],
                    tree,
                    env,
                    log,
                ):
                    say(f"setting up the clone failed: see {log_dir / 'setup.log'}")
                    return 2
        python = args.python or str(tree / ".venv" / "bin" / "python")
        say(f"{args.runs} runs of `pytest {' '.join(selection)}` on {database}, commit {commit or '(none)'}, in {tree}")
        for number in range(1, args.runs + 1):
            report = log_dir / f"run-{number:02d}.xml"
            artifacts = tree / "tests" / "browser" / "artifacts"
            shutil.rmtree(artifacts, ignore_errors=True)  # keep only this run's screenshots and server logs
            started = time.monotonic()
            with (log_dir / f"run-{number:02d}.log").open("w", encoding="utf-8") as log:
                run([python, "-m", "pytest", *selection, f"--junitxml={report}"], tree, env, log)
            outcome = read_junit(report, time.monotonic() - started)
            say(f"run {number}/{args.runs} ({database}): {outcome.summary()}")
            if not outcome.clean:
                for line in outcome.bad:
                    say(f"  {line}")
                if artifacts.is_dir():
                    shutil.copytree(artifacts, log_dir / f"run-{number:02d}-artifacts", dirs_exist_ok=True)
                say(f"stopped after {number - 1} clean run(s) in a row; logs in {log_dir}")
                return 1
        say(f"{args.runs} of {args.runs} runs in a row passed with nothing skipped; logs in {log_dir}")
        return 0
    finally:
        summary.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
