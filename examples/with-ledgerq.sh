#!/bin/sh
# Runs a command against a fresh ledgerq, for test suites in any language:
#   examples/with-ledgerq.sh [--db URL] -- pytest tests/
# starts `ledgerq serve --port 0 --ready-file FILE` (in-memory SQLite unless --db says otherwise), waits for the URL,
# runs the command with LEDGERQ_URL and LEDGERQ_XML_ENDPOINT set, stops the server with SIGTERM and exits with the
# command's status.
set -eu
DB=sqlite::memory:
if [ "${1:-}" = "--db" ]; then DB=$2; shift 2; fi
if [ "${1:-}" = "--" ]; then shift; fi
LEDGERQ=${LEDGERQ:-npx ledgerq}
READY=$(mktemp -u "${TMPDIR:-/tmp}/ledgerq-ready.XXXXXX")
$LEDGERQ serve --db "$DB" --port 0 --workers 0 --ready-file "$READY" --log-format json >"$READY.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -f "$READY" "$READY.log"' EXIT
i=0
until [ -s "$READY" ]; do
  if ! kill -0 $SERVER 2>/dev/null; then cat "$READY.log" >&2; exit 1; fi
  i=$((i + 1)); [ $i -le 600 ] || { echo "ledgerq did not start" >&2; exit 1; }
  sleep 0.2
done
LEDGERQ_URL=$(cat "$READY")
export LEDGERQ_URL LEDGERQ_XML_ENDPOINT="$LEDGERQ_URL/ia/xml/xmlgw.phtml"
status=0
"$@" || status=$?
exit $status
