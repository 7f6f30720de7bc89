"""Hours engine speed, printed as figures: median and p99 of status(at) and of a 7-day days() table.

Run: .venv/bin/python bench/hours.py [--calls 20000] [--seed 1]
Random moments in 2026-2027 (Asia/Bishkek). "warm" reuses one Schedule (its per-day cache
fills up); "cold" builds a new Schedule from the stored dict for every call, as a request
handler would. Holiday tables are cached per year at module level in both cases. Nothing
here asserts.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.hours import TZ, Rules, Schedule, default_rules
from core.hours.engine import ExtraHoliday, SpecialDay


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


if __name__ == "__main__":
    main()
