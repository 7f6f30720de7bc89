"""Hours engine speed, printed as figures: median and p99 of status(at) and of a 7-day days() table,
and how long the parser takes to answer (accept or refuse) the hostile texts of issue 10.

Run: .venv/bin/python bench/hours.py [--calls 20000] [--seed 1]
Random moments in 2026-2027 (Asia/Bishkek). "warm" reuses one Schedule (its per-day cache
fills up); "cold" builds a new Schedule from the stored dict for every call, as a request
handler would. Holiday tables are cached per year at module level in both cases. Nothing
here asserts.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.hours import TZ, OsmSyntaxError, Rules, Schedule, default_rules, parse_osm, validate_rules
from core.hours.engine import ExtraHoliday, SpecialDay

MAX_TEXT = 20_000  # the editor's limit on OSM text


def office_rules() -> Rules:
    """Realistic rules: lunch break, KG holidays, decree days and a few staff exceptions."""
    lunch = ((550, 780), (840, 1070))
    return Rules(
        weekly=(lunch,) * 5 + ((), ()),
        holidays_enabled=True,
        shorten_minutes=60,
        extra_holidays=(ExtraHoliday(date(2026, 1, 8)), ExtraHoliday(date(2026, 1, 9))),
        exceptions=(
            SpecialDay(2026, 4, 14, "closed", reason={"ru": "Санитарный день"}),
            SpecialDay(2026, 4, 18, "working_day"),
            SpecialDay(None, 12, 30, "hours", ((550, 960),)),
            SpecialDay(2027, 6, 1, "partial_closure", ((600, 720),)),
        ),
    )


def measure(fn: Callable[[object], object], args: list) -> list[float]:
    """Per-call wall time in microseconds."""
    out = []
    for arg in args:
        t0 = time.perf_counter_ns()
        fn(arg)
        out.append((time.perf_counter_ns() - t0) / 1000)
    return out


def report(label: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"{label:<34} median {statistics.median(samples):8.1f} µs   p99 {p99:8.1f} µs   max {samples[-1]:9.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    start = datetime(2026, 1, 1, tzinfo=TZ)
    span = int((datetime(2028, 1, 1, tzinfo=TZ) - start).total_seconds())
    moments = [start + timedelta(seconds=rng.randrange(span)) for _ in range(opts.calls)]
    days = [m.date() for m in moments]

    bench_hostile()
    for name, rules in (("default rules", default_rules()), ("office rules", office_rules())):
        stored = rules.to_dict()
        Schedule(rules).status(moments[0])  # load the holiday tables once, outside the timings
        print(f"{name}: {opts.calls} random moments in 2026-2027")
        warm = Schedule(rules)
        report("  status(at)          warm", measure(warm.status, moments))
        report(
            "  status(at)          cold", measure(lambda at, d=stored: Schedule(Rules.from_dict(d)).status(at), moments)
        )
        warm = Schedule(rules)
        report("  days(date, 7)       warm", measure(lambda d, s=warm: s.days(d, 7), days))
        report("  days(date, 7)       cold", measure(lambda d, x=stored: Schedule(Rules.from_dict(x)).days(d, 7), days))


def hostile_texts() -> dict[str, str]:
    """The worst inputs of the issue-10 attack, each cut to the editor's 20,000 characters."""

    def cut(text: str) -> str:
        return text[:MAX_TEXT].rsplit(";", 1)[0]

    wide = "; ".join(f"{2026 + i % 40} Jan 01-{2030 + i % 40} Dec 31 off" for i in range(700))
    under = "; ".join(f"{2026 + i % 40} Jan 01-{2030 + i % 40} Dec 31 10:00-12:00" for i in range(398))
    nested = (
        "; ".join(["2026 Jan 01-2035 Dec 30 off"] * 20)
        + "; "
        + "; ".join(f"{m} {d:02d} 10:00-11:00" for m in ("Jan", "Feb", "Mar") for d in range(1, 29))
    )
    return {
        "many wide dated ranges (refused)": cut(f"Mo-Fr 09:10-17:50; PH off; {wide}"),
        "400 dated ranges (accepted)": f"Mo-Fr 09:10-17:50; PH off; {under}",
        "1,000-year range (refused)": "Mo-Fr 09:10-17:50; 2000 Jan 01-2999 Dec 31 off",
        "yearly after one-off (refused)": cut(f"Mo-Fr 09:10-17:50; {nested}"),
        "20 KB of weekday rules (accepted)": cut("; ".join(["Mo-Fr 09:00-12:00,13:00-18:00"] * 800)),
        "one rule, 3,000 dates (refused)": ("Mo-Fr 09:00-18:00; " + ",".join(
            f"{2026 + i // 300} Jan {1 + i % 28:02d}" for i in range(3000)))[: MAX_TEXT - 4].rsplit(",", 1)[0] + " off",
    }  # fmt: skip


def bench_hostile() -> None:
    """Parse + 30-day preview + warnings for each hostile text: wall time, answer and sizes."""
    print("hostile opening_hours texts (parse, then a 30-day preview and the warnings when accepted)")
    today = datetime(2026, 3, 24, tzinfo=TZ).date()
    Schedule(default_rules()).days(today, 400)  # load the holiday tables once, outside the timings
    for label, text in hostile_texts().items():
        t0 = time.perf_counter()
        try:
            rules = parse_osm(text)
        except OsmSyntaxError as exc:
            ms = (time.perf_counter() - t0) * 1000
            print(f"  {label:<36} {len(text):>6} chars  {ms:8.1f} ms  refused: {exc.message[:60]}")
            continue
        sched = Schedule(rules)
        rows = sched.days(today, 30)
        warnings = validate_rules(rules, today)
        ms = (time.perf_counter() - t0) * 1000
        stored = len(json.dumps(rules.to_dict()))
        print(f"  {label:<36} {len(text):>6} chars  {ms:8.1f} ms  accepted: {len(rules.exceptions)} exceptions, "
              f"{stored} B stored, {len(rows)} rows, {len(warnings)} warnings")  # fmt: skip


if __name__ == "__main__":
    main()
