#!/usr/bin/env bash
# Bounded load test over loopback: gunicorn with production settings (plain HTTP) and the
# demo content, driven by wrk with a mix of page views, API reads and authenticated API
# writes (scripts/loadtest.lua). Fails unless every response is a 2xx or 3xx and no socket
# error occurred. It never leaves 127.0.0.1 and stops after LOADTEST_SECONDS.
#
#   LOADTEST_SECONDS=30 LOADTEST_CONNECTIONS=16 LOADTEST_PORT=8781 scripts/loadtest.sh
#   LOADTEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pakrus_load scripts/loadtest.sh
#
# The database is a fresh SQLite file in a temporary folder unless LOADTEST_DATABASE_URL
# names a scratch PostgreSQL database (it is migrated, filled and written to).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${LOADTEST_PORT:-8781}"
DURATION="${LOADTEST_SECONDS:-30}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-16}"
THREADS="${LOADTEST_THREADS:-2}"
WORKERS="${LOADTEST_WORKERS:-2}"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

workdir=$(mktemp -d)
export PAKRUS_VAR_DIR="$workdir"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
# Plain HTTP on loopback: no HTTPS redirect, no HSTS, cookies over HTTP.
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SECURE_COOKIES=0
export API_THROTTLE_ANON=1000000/hour API_THROTTLE_USER=1000000/hour
export DJANGO_LOG_LEVEL=ERROR
if [ -n "${LOADTEST_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$LOADTEST_DATABASE_URL"
  echo "== load test on $DATABASE_URL"
else
  export DATABASE_URL="sqlite:///$workdir/db.sqlite3"
  echo "== load test on SQLite ($workdir/db.sqlite3)"
fi

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py load_demo -v0
export LOADTEST_PATHS="$workdir/paths.txt" LOADTEST_PEOPLE="$workdir/people.txt"
LOADTEST_TOKEN=$($PY manage.py shell -c "
import os
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from events.models import Agreement, Event
from pakrus_site.models import Topic
from people.models import Organization, Person
from publications.models import Publication

records = [
    *Event.objects.published(), *Agreement.objects.published(), *Publication.objects.published(),
    *Person.objects.published(), *Organization.objects.published(), *Topic.objects.all(),
]
lists = ['/', '/events/', '/agreements/', '/publications/', '/people/', '/organizations/',
         '/search/?q=energy', '/search/?q=russia', '/publications/?kind=book', '/people/?letter=K',
         '/events/calendar.ics', '/feeds/latest.xml', '/sitemap.xml']
api = ['/api/v1/' + name + '/' for name in ('events', 'agreements', 'publications', 'people', 'organizations', 'topics')]
api += ['/api/v1/people/?country=RU', '/api/v1/publications/?kind=book&page_size=50', '/api/v1/events/?ordering=-starts_at']
paths = lists + api + [record.get_absolute_url() for record in records]
paths += ['/api/v1/people/' + person.slug + '/' for person in Person.objects.published()]
with open(os.environ['LOADTEST_PATHS'], 'w') as handle:
    handle.write('\n'.join(paths) + '\n')
with open(os.environ['LOADTEST_PEOPLE'], 'w') as handle:
    handle.write('\n'.join(Person.objects.published().values_list('slug', flat=True)) + '\n')
user, _ = User.objects.get_or_create(username='loadtest-editor', defaults={'is_staff': True})
user.groups.add(Group.objects.get(name='Editors'))
print(Token.objects.get_or_create(user=user)[0].key)
" | tail -n 1 | tr -d "[:space:]")
export LOADTEST_TOKEN

.venv/bin/gunicorn pakrus_site.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --worker-class gthread --threads 4 --log-level warning --access-logfile "$workdir/access.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$workdir"' EXIT
$PY - "$PORT" <<'PY'
import sys
import time
import urllib.request

for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("the server did not start")
PY

echo "== wrk: $DURATION s, $CONNECTIONS connections, $THREADS threads, $(wc -l < "$LOADTEST_PATHS") paths, ~${LOADTEST_WRITE_PERCENT:-10}% writes"
wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "${DURATION}s" --timeout 10s \
  --latency --script scripts/loadtest.lua "http://127.0.0.1:$PORT" | tee "$workdir/wrk.txt"

summary=$(grep '^LOADTEST ' "$workdir/wrk.txt" | sed 's/^LOADTEST //')
server_errors=$(awk '$9 ~ /^5/' "$workdir/access.log" | wc -l)
$PY - "$summary" "$server_errors" <<'PY'
import json
import sys

summary, server_errors = json.loads(sys.argv[1]), int(sys.argv[2])
status, sockets = summary["status"], summary["socket_errors"]
print(
    f"== {summary['requests']} requests in {summary['seconds']:.0f} s ({summary['requests_per_second']:.0f}/s), "
    f"{summary['writes']} writes; latency p50 {summary['latency_ms']['p50']:.0f} ms, "
    f"p99 {summary['latency_ms']['p99']:.0f} ms; status {status}; socket errors {sockets}; "
    f"5xx in the server log: {server_errors}"
)
failed = status["4xx"] or status["5xx"] or any(sockets.values()) or server_errors or not summary["writes"]
if failed:
    sys.exit("load test FAILED: every response must be a 2xx or 3xx, with no socket error")
print("load test passed: no errors, no 5xx")
PY
