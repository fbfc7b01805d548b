#!/usr/bin/env bash
# The API under load and the web UI's memory per session, on this machine (docs/performance.md, "Load").
#   bench/load/run.sh            # builds tandem.jar if needed; needs wrk (apt-get install wrk), curl and a JDK's jcmd
# Starts Tandem on a fresh TANDEM_HOME, signs up a company with the demo data (LEADS leads), then:
#  1. wrk against three API routes — a cheap one (/api/v1/me), the dashboard's metrics over twelve months, and the
#     insights feed — at several concurrency levels: requests per second, p50 and p99 latency;
#  2. SESSIONS browser first visits (the page and Vaadin's init request: an HTTP session and a bootstrapped UI, no view
#     yet), then SIGNED_IN signed-in sessions showing the dashboard (bench/load/vaadin_sessions.py speaks Vaadin's
#     protocol as the browser does: login route, login form, dashboard, polls until the figures are shown): for each,
#     the heap in use after a full GC, before and after, divided by the number of sessions.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18080}
LEADS=${LEADS:-5000}
SESSIONS=${SESSIONS:-500}
SIGNED_IN=${SIGNED_IN:-200}
DURATION=${DURATION:-15s}
JAR=web-ui/target/tandem.jar
[ -f "$JAR" ] || mvn -B -q -DskipTests package
HOME_DIR=$(mktemp -d)
BASE=http://127.0.0.1:$PORT
TANDEM_HOME=$HOME_DIR MICRONAUT_SERVER_PORT=$PORT java -Xmx1g -jar "$JAR" > "$HOME_DIR/tandem.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
until curl -fs "$BASE/api/health/readiness" > /dev/null 2>&1; do sleep 1; done

json() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
curl -fs -H 'Content-Type: application/json' -d '{"company":"Load Co","name":"Lou","email":"lou@load.test","password":"correct horse battery"}' \
  "$BASE/api/v1/signup" > /dev/null
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"lou@load.test","password":"correct horse battery"}' "$BASE/api/v1/login" | json access_token)
curl -fs -X POST -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/demo-data?leads=$LEADS" > /dev/null
FROM=$(date -u -d '12 months ago' +%Y-%m-%d); TO=$(date -u +%Y-%m-%d)
echo "Tandem $(git rev-parse --short HEAD), demo company with $LEADS leads, $(nproc) cores, wrk -t2 (one thread for one connection) -d$DURATION"
echo "route | connections | requests/s | p50 | p99"
for route in "/api/v1/me" "/api/v1/metrics?from=$FROM&to=$TO" "/api/v1/insights"; do
  curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE$route"   # warm
  for connections in 1 8 32 64; do
    threads=$(( connections < 2 ? 1 : 2 ))
    out=$(wrk -t$threads -c$connections -d$DURATION --latency -H "Authorization: Bearer $TOKEN" "$BASE$route")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    timeouts=$(echo "$out" | awk '/Socket errors/ {gsub(",", "", $NF); print $NF}')
    echo "${route%%\?*} | $connections | $rps | $p50 | $p99${errors:+ | non-2xx: $errors}${timeouts:+ | timeouts (over 2 s): $timeouts}"
  done
done

heap() { jcmd $PID GC.run > /dev/null; sleep 1; jcmd $PID GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i+1); exit}}' | tr -d 'K'; }
before=$(heap)
JARS=$(mktemp -d)
for i in $(seq 1 "$SESSIONS"); do
  # A browser's first visit: the page, then the init request that makes the session and its UI (the router's
  # navigation to the login view is a later request, not made here).
  curl -fs -c "$JARS/$i" -b "$JARS/$i" -o /dev/null "$BASE/login"
  curl -fs -c "$JARS/$i" -b "$JARS/$i" -o /dev/null "$BASE/?v-r=init&location=login&query="
done
after=$(heap)
rm -rf "$JARS"
# That the visits made what they should: one HTTP session and one Vaadin UI each.
jcmd $PID GC.class_histogram | awk '$4 == "com.vaadin.flow.component.UI" || $4 == "org.apache.catalina.session.StandardSession" {print "live " $4 ": " $2}'
echo "first visits: $SESSIONS; heap used after GC: ${before} KB before, ${after} KB after; $(( (after - before) / SESSIONS )) KB per session"

# Signed-in sessions on the dashboard, kept open (the script holds every session until it has made them all).
python3 bench/load/vaadin_sessions.py "$BASE" lou@load.test "correct horse battery" "$SIGNED_IN" | tail -1
signed=$(heap)
jcmd $PID GC.class_histogram | awk '$4 ~ /DashboardView$/ || $4 == "com.vaadin.flow.component.UI" {print "live " $4 ": " $2}'
echo "signed-in dashboard sessions: $SIGNED_IN; heap used after GC: ${after} KB before, ${signed} KB after; $(( (signed - after) / SIGNED_IN )) KB per session"
