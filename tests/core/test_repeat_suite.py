"""`make repeat` (scripts/repeat_suite.py): the tool that says "N runs in a row passed" must not say it
when one run failed or skipped a test, and must count the commit it names, not the edits made since."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import ROOT

# The test inside the throw-away project counts its own runs in a file outside the clone, and behaves
# as FLAKY_PLAN says for each run: "p" passes, "f" fails, "s" skips.
FLAKY_TEST = """
import os
from pathlib import Path

import pytest


def test_timetable_answers():
    counter = Path(os.environ["FLAKY_COUNTER"])
    run = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(run))
    what = os.environ["FLAKY_PLAN"][run - 1]
    if what == "s":  # not a skip of ours: the run under test must report this skip as no pass
        pytest.skip("the browser did not start")
    assert what == "p", "the timetable did not answer"
"""

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small git project holding the script and one test, committed."""
    tree = tmp_path / "project"
    (tree / "scripts").mkdir(parents=True)
    (tree / "tests").mkdir()
    shutil.copy(ROOT / "scripts" / "repeat_suite.py", tree / "scripts" / "repeat_suite.py")
    (tree / "tests" / "test_flaky.py").write_text(FLAKY_TEST, encoding="utf-8")
    subprocess.run([*GIT, "init", "--quiet"], cwd=tree, check=True)
    subprocess.run([*GIT, "add", "."], cwd=tree, check=True)
    subprocess.run([*GIT, "commit", "--quiet", "-m", "one test"], cwd=tree, check=True)
    return tree


def repeat(
    project: Path, plan: str, runs: int, *extra: str, here: bool = False
) -> tuple[subprocess.CompletedProcess, int, Path]:
    counter = project.parent / "counter"
    logs = project.parent / "logs"
    env = dict(os.environ, FLAKY_COUNTER=str(counter), FLAKY_PLAN=plan)
    env.pop("TEST_DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "scripts/repeat_suite.py",
            "--runs",
            str(runs),
            "--no-setup",
            *(["--here"] if here else []),
            "--python",
            sys.executable,
            "--log-dir",
            str(logs),
            "--",
            "tests",
            "-q",
            "-p",
            "no:cacheprovider",
            *extra,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    runs_made = int(counter.read_text()) if counter.exists() else 0
    (log_dir,) = logs.iterdir()
    return done, runs_made, log_dir


def test_three_clean_runs_are_reported_as_a_streak_with_the_commit(project: Path):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True
    ).stdout.strip()
    done, runs_made, log_dir = repeat(project, "ppp", 3)
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_made == 3
    assert f"commit {commit}" in done.stdout
    assert "run 3/3 (sqlite): 1 passed of 1" in done.stdout
    assert "3 of 3 runs in a row passed with nothing skipped" in done.stdout
    assert (log_dir / "summary.txt").read_text(encoding="utf-8") == done.stdout


def test_a_failure_in_the_second_run_stops_the_streak_and_names_the_test(project: Path):
    done, runs_made, log_dir = repeat(project, "pfp", 3)
    assert done.returncode == 1
    assert runs_made == 2, "the third run must not start after a failure"
    assert "run 2/3 (sqlite): 0 passed, 1 failed of 1" in done.stdout
    assert (
        "failure: tests.test_flaky::test_timetable_answers: AssertionError: the timetable did not answer" in done.stdout
    )
    assert "stopped after 1 clean run(s) in a row" in done.stdout
    assert "runs in a row passed" not in done.stdout
    assert "the timetable did not answer" in (log_dir / "run-02.log").read_text(encoding="utf-8")


def test_a_skipped_test_is_no_pass(project: Path):
    done, runs_made, _ = repeat(project, "ps", 2)
    assert done.returncode == 1
    assert runs_made == 2
    assert "run 2/2 (sqlite): 0 passed, 1 skipped of 1" in done.stdout
    assert "skipped: tests.test_flaky::test_timetable_answers: the browser did not start" in done.stdout
    assert "runs in a row passed" not in done.stdout


def test_edits_made_after_the_start_are_not_what_is_counted(project: Path):
    """The runs test HEAD: a test broken in the working tree but not committed does not count."""
    (project / "tests" / "test_flaky.py").write_text(
        "def test_timetable_answers():\n    raise SystemExit(3)\n", encoding="utf-8"
    )
    done, runs_made, _ = repeat(project, "pp", 2)
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_made == 2


def test_a_run_that_collects_nothing_is_an_error_not_a_pass(project: Path):
    (project / "tests" / "test_flaky.py").write_text("import no_such_module_here\n", encoding="utf-8")
    subprocess.run([*GIT, "commit", "--quiet", "-am", "broken import"], cwd=project, check=True)
    done, runs_made, _ = repeat(project, "p", 1)
    assert done.returncode == 1
    assert runs_made == 0
    assert "runs in a row passed" not in done.stdout


def test_a_selection_that_matches_no_test_is_no_pass(project: Path):
    """A typo in the selection runs nothing; "0 passed" must not count as a clean run."""
    done, runs_made, _ = repeat(project, "p", 1, "-k", "timetabel")
    assert done.returncode == 1
    assert runs_made == 0
    assert "run 1/1 (sqlite): 0 passed of 0" in done.stdout
    assert "runs in a row passed" not in done.stdout


def test_a_run_in_place_over_uncommitted_edits_does_not_claim_the_commit(project: Path):
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True
    ).stdout.strip()
    (project / "tests" / "test_flaky.py").write_text(FLAKY_TEST + "\n# edited\n", encoding="utf-8")
    done, runs_made, log_dir = repeat(project, "p", 1, here=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert runs_made == 1
    assert f"commit {commit}+uncommitted" in done.stdout
    assert log_dir.name.endswith(f"-{commit}+uncommitted-sqlite")
