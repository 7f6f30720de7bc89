"""Anonymous usage counts: per terminal, day, language, kind and key. No personal data, no addresses.

Terminal side: the kiosk page's events increment `usage_tally`. A heartbeat seals the tally into one
immutable `usage_outbox` batch with a random id (only when no earlier batch is still waiting, so a
long offline period yields one batch, not one per minute) and sends it until central accepts it.
Central side: a batch id is recorded in the same transaction as its counts, so a batch sent twice
(the answer was lost on the way back) is counted once.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from core.extensions import db
from core.models.fleet import Terminal, UsageBatch, UsageCount, UsageOutbox, UsageTally

# search: the words of a finished search (core.search.count_key); search_none: the same when it found nothing.
KINDS = ("page", "topic", "session", "idle_reset", "search", "search_none")
# Rows per sealed batch, and per heartbeat: central refuses more (core/fleet/api.py).
BATCH_ROWS = 1000
OTHER = ""  # the key of counts that are not itemized (see UsageCount)


def _insert(model):
    """The dialect's INSERT that supports ON CONFLICT (SQLite and PostgreSQL both do)."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def _add_counts(model, rows: dict[tuple, int], keys: tuple[str, ...], extra: dict | None = None) -> None:
    """Add counts to cells, creating missing cells: one statement executed for all cells at once
    (a statement per cell kept SQLite's write lock for most of a second on 500 cells)."""
    if not rows:
        return
    table = model.__table__
    values = [
        {**(extra or {}), **dict(zip(("day", "lang", "kind", "key"), cell, strict=True)), "count": amount}
        for cell, amount in rows.items()
    ]
    stmt = _insert(model)
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_={"count": table.c.count + stmt.excluded.count})
    db.session.execute(stmt, values)


def tally(rows: dict[tuple[date, str, str, str], int]) -> None:
    """Terminal: add counts keyed by (day, lang, kind, key) to the unsent tally (the caller commits)."""
    _add_counts(UsageTally, rows, ("day", "lang", "kind", "key"))


def pending_batches(limit: int = 5) -> list[UsageOutbox]:
    """Terminal: sealed batches not yet accepted by central, oldest first."""
    return list(db.session.scalars(select(UsageOutbox).order_by(UsageOutbox.id).limit(limit)))


def seal_tally(now: datetime) -> UsageOutbox | None:
    """Terminal: turn the tally into one batch with a fresh id, unless an earlier batch is still unsent."""
    if db.session.scalar(select(func.count()).select_from(UsageOutbox)):
        return None
    table = UsageTally.__table__
    first = select(table.c.id).order_by(table.c.day, table.c.id).limit(BATCH_ROWS).scalar_subquery()
    # DELETE ... RETURNING takes exactly the rows it removes: an increment arriving meanwhile
    # lands in a new tally row and goes into the next batch, never lost.
    columns = (table.c.day, table.c.lang, table.c.kind, table.c.key, table.c.count)
    taken = db.session.execute(delete(table).where(table.c.id.in_(first)).returning(*columns)).all()
    if not taken:
        db.session.commit()
        return None
    counts = [
        {"day": d.isoformat(), "lang": lang, "kind": kind, "key": key, "count": n} for d, lang, kind, key, n in taken
    ]
    batch = UsageOutbox(batch_id=str(uuid.uuid4()), created_at=now, counts=counts)
    db.session.add(batch)
    db.session.commit()
    return batch


def split_oversized_batches() -> None:
    """Terminal: cut a batch sealed with more than BATCH_ROWS rows (by an older version) into parts
    central accepts. The parts are stored before any is sent, so a resent part keeps its id and is
    still counted once."""
    for batch in list(db.session.scalars(select(UsageOutbox).order_by(UsageOutbox.id))):
        if len(batch.counts) <= BATCH_ROWS:
            continue
        parts = [batch.counts[i : i + BATCH_ROWS] for i in range(0, len(batch.counts), BATCH_ROWS)]
        db.session.delete(batch)
        for part in parts:
            db.session.add(UsageOutbox(batch_id=str(uuid.uuid4()), created_at=batch.created_at, counts=part))
    db.session.commit()


def drop_batches(batch_ids: list[str]) -> None:
    """Terminal: forget batches central has accepted."""
    if batch_ids:
        db.session.execute(delete(UsageOutbox).where(UsageOutbox.batch_id.in_(batch_ids)))
        db.session.commit()


def plan_batches(terminal: Terminal, batches: list[dict], today: date) -> tuple[list[dict], dict[tuple, int]]:
    """Central, reads only: the batches not counted before, and the cells their counts go to.

    A batch id seen before (the answer was lost and the terminal resent it) is skipped. Per terminal
    and day at most FLEET_USAGE_KEYS_PER_DAY distinct keys are itemized, and only for the last
    FLEET_USAGE_DETAIL_DAYS days; other counts go to the day's OTHER cell. So one token can add only a
    bounded number of rows, and every count still lands in its day's totals.
    """
    ids = {batch["id"] for batch in batches}
    seen = set()
    if ids:
        seen = set(
            db.session.scalars(
                select(UsageBatch.batch_id).where(UsageBatch.terminal_id == terminal.id, UsageBatch.batch_id.in_(ids))
            )
        )
    fresh, rows = [], defaultdict(int)
    for batch in batches:
        if batch["id"] in seen:
            continue
        seen.add(batch["id"])  # the same id twice in one heartbeat counts once
        fresh.append(batch)
        for row in batch["counts"]:
            rows[(row["day"], row["lang"], row["kind"], row["key"])] += row["count"]
    return fresh, _within_caps(terminal.id, rows, today)


def _within_caps(terminal_id: int, rows: dict[tuple, int], today: date) -> dict[tuple, int]:
    """Fold counts beyond the per-day key cap, or older than the detail period, into OTHER cells."""
    cutoff = today - timedelta(days=current_app.config["FLEET_USAGE_DETAIL_DAYS"])
    cap = current_app.config["FLEET_USAGE_KEYS_PER_DAY"]
    out: dict[tuple, int] = defaultdict(int)
    itemized = {}
    for cell, amount in rows.items():
        if cell[3] != OTHER and cell[0] >= cutoff:
            itemized[cell] = amount
        else:
            out[(*cell[:3], OTHER)] += amount
    if not itemized:
        return out
    days = {cell[0] for cell in itemized}
    existing = {
        tuple(row)
        for row in db.session.execute(
            select(UsageCount.day, UsageCount.lang, UsageCount.kind, UsageCount.key).where(
                UsageCount.terminal_id == terminal_id,
                UsageCount.day.in_(days),
                UsageCount.key.in_({cell[3] for cell in itemized}),
            )
        )
    }
    per_day = dict(
        db.session.execute(
            select(UsageCount.day, func.count())
            .where(UsageCount.terminal_id == terminal_id, UsageCount.day.in_(days), UsageCount.key != OTHER)
            .group_by(UsageCount.day)
        ).all()
    )
    # The most used keys keep their detail when a day has more keys than the cap.
    for cell, amount in sorted(itemized.items(), key=lambda item: (-item[1], item[0])):
        if cell not in existing:
            if per_day.get(cell[0], 0) >= cap:
                out[(*cell[:3], OTHER)] += amount
                continue
            per_day[cell[0]] = per_day.get(cell[0], 0) + 1
        out[cell] += amount
    return out


def store_batches(terminal: Terminal, fresh: list[dict], cells: dict[tuple, int], now: datetime) -> None:
    """Central: record the new batch ids and add their counts (the caller commits; a concurrent
    duplicate then fails on the unique batch id and the caller retries, skipping it)."""
    for batch in fresh:
        distinct = {(row["day"], row["lang"], row["kind"], row["key"]) for row in batch["counts"]}
        db.session.add(UsageBatch(terminal_id=terminal.id, batch_id=batch["id"], received_at=now, rows=len(distinct)))
    _add_counts(UsageCount, cells, ("terminal_id", "day", "lang", "kind", "key"), {"terminal_id": terminal.id})


def fold_old_detail(now: datetime, limit: int) -> int:
    """Central: fold up to `limit` itemized counts older than FLEET_USAGE_DETAIL_DAYS into their day's
    OTHER cell (daily totals stay, per-page detail goes); returns how many rows were folded."""
    cutoff = now.date() - timedelta(days=current_app.config["FLEET_USAGE_DETAIL_DAYS"])
    c = UsageCount
    old = db.session.execute(
        select(c.id, c.terminal_id, c.day, c.lang, c.kind, c.count)
        .where(UsageCount.day < cutoff, UsageCount.key != OTHER)
        .order_by(UsageCount.id)
        .limit(limit)
    ).all()
    if not old:
        return 0
    totals: dict[int, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for _id, terminal_id, day, lang, kind, count in old:
        totals[terminal_id][(day, lang, kind, OTHER)] += count
    db.session.execute(delete(UsageCount).where(UsageCount.id.in_([row[0] for row in old])))
    for terminal_id, cells in totals.items():
        _add_counts(UsageCount, cells, ("terminal_id", "day", "lang", "kind", "key"), {"terminal_id": terminal_id})
    db.session.commit()
    return len(old)


@dataclass(frozen=True)
class DayBar:
    """One day of the usage chart: page opens per language and sessions ended by idle timeout."""

    day: date
    by_lang: dict[str, int]
    idle_resets: int

    @property
    def total(self) -> int:
        """Page opens that day in all languages."""
        return sum(self.by_lang.values())


def daily_usage(terminal_id: int | None, today: date, days: int, langs: tuple[str, ...]) -> list[DayBar]:
    """Central: page opens per day and language and idle resets, for one terminal or the fleet."""
    start = today - timedelta(days=days - 1)
    query = (
        select(UsageCount.day, UsageCount.lang, UsageCount.kind, func.sum(UsageCount.count))
        .where(UsageCount.day >= start, UsageCount.day <= today, UsageCount.kind.in_(("page", "idle_reset")))
        .group_by(UsageCount.day, UsageCount.lang, UsageCount.kind)
    )
    if terminal_id is not None:
        query = query.where(UsageCount.terminal_id == terminal_id)
    pages: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(langs, 0))
    idle: dict[date, int] = defaultdict(int)
    for day, lang, kind, total in db.session.execute(query):
        if kind == "page" and lang in langs:
            pages[day][lang] += int(total)
        elif kind == "idle_reset":
            idle[day] += int(total)
    return [
        DayBar(day, dict(pages[day]) if day in pages else dict.fromkeys(langs, 0), idle.get(day, 0))
        for day in (start + timedelta(days=i) for i in range(days))
    ]


def top_keys(terminal_id: int | None, kind: str, start: date, end: date, limit: int = 10) -> list[tuple[str, int]]:
    """Central: the most opened topics or pages in a period, with their counts."""
    query = (
        select(UsageCount.key, func.sum(UsageCount.count).label("n"))
        .where(UsageCount.kind == kind, UsageCount.day >= start, UsageCount.day <= end, UsageCount.key != OTHER)
        .group_by(UsageCount.key)
        .order_by(func.sum(UsageCount.count).desc(), UsageCount.key)
        .limit(limit)
    )
    if terminal_id is not None:
        query = query.where(UsageCount.terminal_id == terminal_id)
    return [(key, int(n)) for key, n in db.session.execute(query)]


@dataclass(frozen=True)
class Bar:
    """A rectangle of the SVG chart."""

    x: float
    y: float
    width: float
    height: float
    lang: str
    value: int


def chart_geometry(bars: list[DayBar], langs: tuple[str, ...], width: int = 700, height: int = 200) -> dict:
    """Positions of stacked bars (one stack per day, one segment per language) for an inline SVG."""
    top = max((bar.total for bar in bars), default=0) or 1
    slot = width / max(len(bars), 1)
    bar_width = max(slot * 0.7, 1)
    rects = []
    for index, bar in enumerate(bars):
        x = index * slot + (slot - bar_width) / 2
        y = float(height)
        for lang in langs:
            value = bar.by_lang.get(lang, 0)
            if not value:
                continue
            h = value / top * height
            y -= h
            rects.append(Bar(round(x, 1), round(y, 1), round(bar_width, 1), round(h, 1), lang, value))
    return {"width": width, "height": height, "max": top, "rects": rects, "slot": slot}


def top_topics(lang: str, start: date, end: date, limit: int) -> list[str]:
    """Central: the slugs of the most opened topics in one language over a period, the fleet together."""
    query = (
        select(UsageCount.key)
        .where(UsageCount.kind == "topic", UsageCount.lang == lang, UsageCount.key != OTHER)
        .where(UsageCount.day >= start, UsageCount.day <= end)
        .group_by(UsageCount.key)
        .order_by(func.sum(UsageCount.count).desc(), UsageCount.key)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def top_searches(kind: str, lang: str, start: date, end: date, limit: int = 20) -> list[tuple[str, int]]:
    """Central: the most frequent search words of one kind ("search" or "search_none") in one language."""
    query = (
        select(UsageCount.key, func.sum(UsageCount.count))
        .where(UsageCount.kind == kind, UsageCount.lang == lang, UsageCount.key != OTHER)
        .where(UsageCount.day >= start, UsageCount.day <= end)
        .group_by(UsageCount.key)
        .order_by(func.sum(UsageCount.count).desc(), UsageCount.key)
        .limit(limit)
    )
    return [(key, int(n)) for key, n in db.session.execute(query)]
