"""``make bench``: load-test PakRus on a database of realistic scale.

Fills a bench database with ``scale_data`` (kept when it already holds that scale), serves
the site with gunicorn as in production (DEBUG off, 2 workers, static files collected) on
loopback, and loads each address with wrk for a fixed time, once with the anonymous page
cache off and once with it on. The ceiling is /healthz (the same stack, a view that does no
work), measured in the same pass. SQL queries per request are counted separately through
the test client, and on PostgreSQL the plans of those queries are checked for sequential
scans of big tables.

Writes bench/results.json (one object per address and pass) and bench/results.md.

Environment: SCALE (fraction of the default sizes, default 1), DATABASE_URL (default: a
SQLite file in var/bench/), REDIS_URL (optional cache), BENCH_DURATION (seconds per
address, default 10), BENCH_WARMUP (2), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
BENCH_PORT (8790), BENCH_PASSES ("uncached,cached"), BENCH_FRESH=1 (always regenerate).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
VAR_DIR = BASE_DIR / "var" / "bench"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SEED = "1"

TARGET_P99_MS = 150
TARGET_SEARCH_P99_MS = 200
TARGET_CACHED_RATIO = 0.7


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def bench_environment() -> dict[str, str]:
    """Production settings, except what plain HTTP on loopback needs."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_LOG_LEVEL": "ERROR",
            "PAKRUS_VAR_DIR": str(VAR_DIR),
            "DJANGO_STATIC_ROOT": str(VAR_DIR / "static"),
            "DJANGO_MEDIA_ROOT": str(VAR_DIR / "media"),
            # wrk is one client address standing in for many visitors: the per-address API
            # throttles still run on every request (a one-second window keeps their record
            # as short as many real visitors' would be) but must not turn the load into 429s.
            "API_THROTTLE_ANON": "1000000/second",
            "API_THROTTLE_USER": "1000000/second",
        }
    )
    return env


def run(*args: str, env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(args, env=env, cwd=BASE_DIR, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def manage(*args: str, env: dict[str, str]) -> None:
    run(PYTHON, "manage.py", *args, env=env)


def probe(*args: str, env: dict[str, str]) -> dict:
    return json.loads(run(PYTHON, str(BENCH_DIR / "probe.py"), *args, env=env, capture=True))


def ensure_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[-1].split("?")[0]
    try:
        psycopg.connect(url).close()
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as server:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def fill(scale: str, env: dict[str, str]) -> dict:
    if not os.environ.get("BENCH_FRESH"):
        with contextlib.suppress(subprocess.CalledProcessError):
            found = probe("sizes", scale, env=env)
            if found["matches"]:
                print(f"Keeping the bench data already at scale {scale} ({found['counts']}).")
                return found["counts"]
    manage("scale_data", "--scale", scale, "--seed", SEED, "--replace", "-v2", env=env)
    return probe("sizes", scale, env=env)["counts"]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int):
    server = subprocess.Popen(
        [
            GUNICORN,
            "pakrus_site.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=BASE_DIR,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, *, seconds: int, connections: int, threads: int) -> dict:
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not (rps and "50" in percentiles and "99" in percentiles):
        # Nothing finished in time: a failure to report, not a fast address.
        print(output, file=sys.stderr)
        return {"rps": 0.0, "p50_ms": None, "p99_ms": None, "errors": max(errors, 1)}
    return {
        "rps": float(rps.group(1)),
        "p50_ms": round(milliseconds(percentiles["50"]), 2),
        "p99_ms": round(milliseconds(percentiles["99"]), 2),
        "errors": errors,
    }


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def target(row: dict) -> str:
    """Whether a row meets its target; "" where none applies."""
    if row["path"] == "/healthz":
        return ""
    if row["cache"] == "off":
        limit = TARGET_SEARCH_P99_MS if row["path"].startswith("/search/") else TARGET_P99_MS
        met = row["p99_ms"] is not None and row["p99_ms"] < limit
        return f"{'met' if met else 'MISSED'} (p99 < {limit} ms)"
    if not row["path"].startswith("/api/"):
        met = row["ratio"] >= TARGET_CACHED_RATIO
        return f"{'met' if met else 'MISSED'} (≥ {TARGET_CACHED_RATIO} of ceiling)"
    return ""


def markdown(rows: list[dict], meta: dict, plans: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- Run: {meta['date']} at commit `{meta['commit']}`, `{meta['command']}`",
        f"- Database: {meta['database']}; cache: {meta['cache']}; scale {meta['scale']}: {meta['counts']}",
        f"- Server: gunicorn, 2 sync workers, DEBUG off, on loopback; {meta['cores']} CPU cores shared "
        f"with the database and wrk (load average before the run: {meta['load']})",
        f"- Load: wrk, {meta['threads']} threads, {meta['connections']} connections, {meta['warmup']} s "
        f"warm-up then {meta['seconds']} s per address",
        "- Queries: SQL statements per request once warm (through the test client); ratio: "
        "requests per second against the ceiling (/healthz) of the same pass",
        "",
    ]
    for cache, title in (("off", "Page cache off"), ("on", "Page cache on (anonymous visitors)")):
        selected = [row for row in rows if row["cache"] == cache]
        if not selected:
            continue
        lines += [
            f"## {title}",
            "",
            "| address | path | req/s | p50 ms | p99 ms | queries | ratio | target |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in selected:
            errors = f" ({row['errors']} errors)" if row["errors"] else ""
            lines.append(
                f"| {row['name']} | `{row['path']}` | {row['rps']:.0f}{errors} | {ms(row['p50_ms'])} | "
                f"{ms(row['p99_ms'])} | {row['queries']} | {row['ratio']:.2f} | {target(row)} |"
            )
        lines.append("")
    lines += ["## Query plans", ""]
    if plans.get("skipped"):
        lines.append(f"Not checked: {plans['skipped']}.")
    elif plans["violations"]:
        lines.append(
            f"{len(plans['violations'])} sequential scans of big tables in {plans['checked']} plans:"
        )
        lines += [f"- `{v['path']}`: `{v['table']}` in `{v['sql']}`" for v in plans["violations"]]
    else:
        lines.append(
            f"{plans['checked']} SELECT plans of the warm requests above, none with a sequential scan "
            f"of a big table ({', '.join(plans['big_tables'])})."
        )
    if plans.get("remembered"):
        lines += [
            "",
            "Computed on a first request and then remembered until the content changes (counts, "
            "filter menus, topic counts), with their execution time:",
            "",
        ]
        lines += [f"- `{r['path']}`: {r['ms']} ms, `{r['sql']}…`" for r in plans["remembered"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk).")
    scale = setting("SCALE", "1")
    seconds = int(setting("BENCH_DURATION", "10"))
    warmup = int(setting("BENCH_WARMUP", "2"))
    connections = int(setting("BENCH_CONNECTIONS", "16"))
    threads = int(setting("BENCH_THREADS", "2"))
    port = int(setting("BENCH_PORT", "8790"))
    passes = [name.strip() for name in setting("BENCH_PASSES", "uncached,cached").split(",")]
    env = bench_environment()
    postgres = env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    if postgres:
        ensure_postgres_database(env["DATABASE_URL"])
    VAR_DIR.mkdir(parents=True, exist_ok=True)

    load = " ".join(f"{n:.2f}" for n in os.getloadavg())
    manage("migrate", "--noinput", "-v0", env=env)
    counts = fill(scale, env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    paths = probe("targets", env=env)["paths"]

    rows = []
    for name in passes:
        cached = name == "cached"
        pass_env = env | {"PAKRUS_PAGE_CACHE": "1" if cached else "0"}
        queries = probe("queries", *(path for _label, path in paths), env=pass_env)
        print(f"\n{name} pass")
        with gunicorn(pass_env, port):
            ceiling = None
            for label, path in paths:
                url = f"http://127.0.0.1:{port}{path}"
                wrk(url, seconds=warmup, connections=connections, threads=threads)
                measured = wrk(url, seconds=seconds, connections=connections, threads=threads)
                ceiling = ceiling or measured["rps"]
                row = {
                    "name": label,
                    "path": path,
                    "cache": "on" if cached else "off",
                    **measured,
                    "queries": queries[path]["queries"],
                    "status": queries[path]["status"],
                    "ratio": round(measured["rps"] / ceiling, 3) if ceiling else 0.0,
                }
                rows.append(row)
                print(
                    f"  {label:28} {row['rps']:8.0f} req/s  p50 {ms(row['p50_ms']):>7} ms  "
                    f"p99 {ms(row['p99_ms']):>7} ms  {row['queries']:3} queries  ratio {row['ratio']:.2f}"
                    f"  {target(row)}{'  ERRORS: ' + str(row['errors']) if row['errors'] else ''}"
                )

    plans = probe("explain", *(path for _label, path in paths), env=env | {"PAKRUS_PAGE_CACHE": "0"})
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": run("git", "rev-parse", "--short", "HEAD", env=env, capture=True).strip(),
        "command": " ".join(
            ["DATABASE_URL=postgres://…"] * postgres
            + ["REDIS_URL=redis://…"] * bool(env.get("REDIS_URL"))
            + [f"make bench SCALE={scale}"]
        ),
        "database": "PostgreSQL" if postgres else "SQLite",
        "cache": "Redis" if env.get("REDIS_URL") else "local memory",
        "scale": scale,
        "counts": ", ".join(f"{n:,} {kind}" for kind, n in counts.items()),
        "cores": os.cpu_count(),
        "load": load,
        "threads": threads,
        "connections": connections,
        "warmup": warmup,
        "seconds": seconds,
    }
    results = [
        {
            key: row[key]
            for key in ("path", "rps", "p50_ms", "p99_ms", "queries", "ratio", "cache", "name", "errors")
        }
        for row in rows
    ]
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (BENCH_DIR / "results.md").write_text(markdown(rows, meta, plans))
    print(f"\nWrote {BENCH_DIR / 'results.json'} and {BENCH_DIR / 'results.md'}.")
    for violation in plans.get("violations", []):
        print(f"Sequential scan of {violation['table']} for {violation['path']}: {violation['sql']}")
    failed = [row for row in rows if row["errors"] or row["status"] != 200]
    for row in failed:
        print(f"{row['path']}: status {row['status']}, {row['errors']} failed requests")
    return 1 if failed or plans.get("violations") else 0


if __name__ == "__main__":
    sys.exit(main())
