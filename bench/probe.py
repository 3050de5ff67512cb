"""The benchmark's in-process steps, run with the bench's environment:

    probe.py sizes S   what the database holds, and whether it is scale_data at scale S
    probe.py targets   the addresses to load (picking a typical heavy event and volume)
    probe.py queries   SQL queries per request for each address, through the test client
    probe.py explain   PostgreSQL plans of those queries: no sequential scan on a big table

Each prints one JSON document on stdout.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pakrus_site.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from events.models import Agreement, Event  # noqa: E402
from pakrus_site import caching  # noqa: E402
from pakrus_site.models import Topic  # noqa: E402
from pakrus_site.scale_data import Sizes  # noqa: E402
from people.models import Organization, Person  # noqa: E402
from publications.models import Publication  # noqa: E402

SEARCH_QUERY = "water security"
API_TOPIC = "energy"
# Tables smaller than this may be read whole: the planner is right to prefer that.
BIG_TABLE_ROWS = 10_000
MOMENT = re.compile(r"'\d{4}-\d\d-\d\d[ T][\d:.+]+'")


def counts() -> dict:
    return {
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "events": Event.objects.count(),
        "publications": Publication.objects.count(),
        "agreements": Agreement.objects.count(),
    }


def sizes(scale: str) -> dict:
    found = counts()
    return {"counts": found, "matches": found == asdict(Sizes().scaled(float(scale)))}


def targets() -> dict:
    event = (
        Event.objects.published()
        .filter(recommendations__isnull=False)
        .annotate(speakers=Count("participations", distinct=True))
        .order_by("-speakers", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    volume = (
        Publication.objects.published()
        .filter(kind=Publication.Kind.EDITED_VOLUME)
        .annotate(parts=Count("chapters", distinct=True))
        .order_by("-parts", "pk")
        .values_list("slug", flat=True)
        .first()
    )
    topic = Topic.objects.filter(slug=API_TOPIC).values_list("slug", flat=True).first() or (
        Topic.objects.values_list("slug", flat=True).first()
    )
    if not (event and volume and topic):
        raise SystemExit("The bench database has no content: run scale_data first.")
    return {
        "paths": [
            ["ceiling (/healthz)", "/healthz"],
            ["home", "/"],
            ["event list", "/events/"],
            ["event detail", f"/events/{event}/"],
            ["publication list", "/publications/"],
            ["publication detail", f"/publications/{volume}/"],
            ["people list", "/people/"],
            ["search", f"/search/?q={SEARCH_QUERY.replace(' ', '+')}"],
            ["API events", "/api/v1/events/"],
            ["API publications by topic", f"/api/v1/publications/?topic={topic}"],
        ],
    }


def run_queries(paths: list[str]) -> dict:
    """Queries of one request once warm (none when the page cache serves it), and of the
    first request, which also computes what is remembered until the content changes."""
    client = Client()
    result = {}
    for path in paths:
        with CaptureQueriesContext(connection) as first:
            status = client.get(path).status_code
        with CaptureQueriesContext(connection) as steady:
            client.get(path)
        result[path] = {
            "status": status,
            "queries": len(steady),
            "first_queries": len(first),
            "sql": [query["sql"] for query in steady.captured_queries],
            "first_sql": [query["sql"] for query in first.captured_queries],
        }
    return result


def big_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= %s", [BIG_TABLE_ROWS]
        )
        return {row[0] for row in cursor.fetchall()}


def seq_scans(plan: dict, tables: set[str]) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in tables:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found.extend(seq_scans(child, tables))
    return found


def plan(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        return cursor.fetchone()[0][0]


def is_select(sql: str) -> bool:
    return sql.lstrip(" (").upper().startswith(("SELECT", "WITH"))


def without_moments(sql: str) -> str:
    """The query with its timestamps blanked: "now" differs from one request to the next."""
    return MOMENT.sub("'…'", sql)


def explain(paths: list[str]) -> dict:
    """Every query a warm request runs must read the big tables through indexes. The
    queries of a first request that a warm one no longer runs (counts and filter menus,
    remembered until the content changes) are listed with their time, not judged: an
    aggregate over a whole table may rightly read all of it."""
    if connection.vendor != "postgresql":
        return {"checked": 0, "skipped": "plans are checked on PostgreSQL only", "violations": []}
    tables = big_tables()
    # Start from nothing remembered, so that the first requests show what remembering saves.
    caching.bump_generation()
    checked, violations, remembered = 0, [], []
    for path, measured in run_queries(paths).items():
        for sql in filter(is_select, dict.fromkeys(measured["sql"])):
            checked += 1
            for table in seq_scans(plan(sql)["Plan"], tables):
                violations.append({"path": path, "table": table, "sql": sql[:300]})
        warm = {without_moments(sql) for sql in measured["sql"]}
        for sql in filter(is_select, dict.fromkeys(measured["first_sql"])):
            if without_moments(sql) not in warm:
                remembered.append(
                    {"path": path, "ms": round(plan(sql)["Execution Time"], 1), "sql": sql[:160]}
                )
    return {
        "checked": checked,
        "big_tables": sorted(tables),
        "violations": violations,
        "remembered": remembered,
    }


if __name__ == "__main__":
    command, *arguments = sys.argv[1:] or ["targets"]
    if command == "sizes":
        output = sizes(*arguments)
    elif command == "targets":
        output = targets()
    elif command == "queries":
        output = {
            path: {k: v for k, v in row.items() if not k.endswith("sql")}
            for path, row in run_queries(arguments).items()
        }
    elif command == "explain":
        output = explain(arguments)
    else:
        raise SystemExit(f"unknown step {command!r}: use targets, queries or explain")
    json.dump(output, sys.stdout, default=str)
