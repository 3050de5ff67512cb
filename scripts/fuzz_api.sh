#!/usr/bin/env bash
# Fuzz the partner API with schemathesis against its own live OpenAPI schema: a gunicorn
# server on loopback with the demo content, first as an anonymous client, then with an
# editor's token (so writes and deletes are exercised). Fails on any 5xx or any response
# that breaks the schema. FUZZ_SECONDS bounds each pass.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${FUZZ_PORT:-8765}"
SECONDS_PER_PASS="${FUZZ_SECONDS:-60}"

workdir=$(mktemp -d)
export PAKRUS_VAR_DIR="$workdir"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="fuzz-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export API_THROTTLE_ANON=1000000/hour API_THROTTLE_USER=1000000/hour
# Plain HTTP on loopback: production settings would otherwise redirect every request to HTTPS.
export DJANGO_SECURE_SSL_REDIRECT=0
if [ -n "${DATABASE_URL:-}" ]; then
  echo "fuzzing against DATABASE_URL"
fi

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py load_demo -v0
token=$($PY manage.py shell -c "
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username='fuzz-editor', defaults={'is_staff': True})
user.groups.add(Group.objects.get(name='Editors'))
print(Token.objects.get_or_create(user=user)[0].key)
" | tail -n 1 | tr -d "[:space:]")

# The fuzzer builds query strings far longer than gunicorn's default request-line limit; lift
# it so that every request reaches the application and its own validation is what answers.
.venv/bin/gunicorn pakrus_site.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning \
  --limit-request-line 0 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$workdir"' EXIT

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
schema="http://127.0.0.1:$PORT/api/schema/"

echo "== schemathesis: anonymous client"
.venv/bin/st run "$schema" --wait-for-schema 30 --checks "$checks" --max-time "$SECONDS_PER_PASS" \
  --request-timeout 10
echo "== schemathesis: editor token"
.venv/bin/st run "$schema" --wait-for-schema 30 --checks "$checks" --max-time "$SECONDS_PER_PASS" \
  --request-timeout 10 -H "Authorization: Token $token"
