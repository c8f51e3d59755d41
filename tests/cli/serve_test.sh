#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness serve` as an operator runs it: the schedule fires, a run asked
# for over the API starts (202) unless one runs (409), every run's document
# and reports come back, /metrics passes `promtool check metrics`, the
# history survives a restart and a kill -9 in the middle of a run (which is
# then `unfinished`), a token guards everything but /healthz, and bad options
# are bad input. The slow run is a path to an Edge that is stopped (SIGSTOP):
# its kernel accepts the connection and nothing answers, so the path lasts
# its TLS deadline.
#
#   sh tests/cli/serve_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools curl jq promtool xmllint

serve_pid=
all_serve_pids=
edge_pid=
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  for _pid in $all_serve_pids; do
    kill -9 "$_pid" 2>/dev/null
  done
  if [ -n "$edge_pid" ]; then
    kill -CONT "$edge_pid" 2>/dev/null
    kill "$edge_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_serve ARG...: `fedharness serve ARG...` on a free port, its stderr
# in $tmp/serve.err; sets $serve_pid and $base (http://127.0.0.1:PORT).
start_serve() {
  "$fedharness" serve --listen 127.0.0.1:0 "$@" </dev/null >"$tmp/serve.out" 2>"$tmp/serve.err" &
  serve_pid=$!
  all_serve_pids="$all_serve_pids $serve_pid"
  if ! await_output "$serve_pid" "$tmp/serve.err" 's|^fedharness serve: listening on \(http://127.0.0.1:[0-9]*\)/ .*|\1|p'; then
    fail "fedharness serve $* starts" "$(cat "$tmp/serve.err")"
    tap_finish
  fi
  base=$found
}

# stop_serve SIGNAL: stops it, and waits for it to end; its status in $status.
stop_serve() {
  kill "-$1" "$serve_pid"
  # The shell's own "Killed" line is not ours to show.
  { wait "$serve_pid"; } 2>/dev/null
  status=$?
  serve_pid=
}

# http METHOD PATH [CURL-ARG...]: the status in $code, the body in $tmp/body.
http() {
  _method=$1
  _path=$2
  shift 2
  code=$(curl -s -m 10 -o "$tmp/body" -w '%{http_code}' -X "$_method" "$@" "$base$_path")
}

# await_status ID: waits up to 30 s for run ID to end; its status in $run_status.
await_status() {
  _tries=0
  while [ "$_tries" -lt 300 ]; do
    http GET "/api/runs?limit=100"
    run_status=$(jq -r --argjson id "$1" '.runs[] | select(.id == $id) | .status' "$tmp/body")
    case "$run_status" in
      '' | running) ;;
      *) return 0 ;;
    esac
    _tries=$((_tries + 1))
    sleep 0.1
  done
  return 1
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds (its output
# dropped); else fails showing the last body.
check() {
  _desc=$1
  shift
  if "$@" >/dev/null 2>&1; then
    pass "$_desc"
  else
    fail "$_desc" "got: $(head -c 600 "$tmp/body")"
  fi
}

# verdict DESCRIPTION STATUS: passes when STATUS (of a condition just
# tested) is 0; else fails showing the last body.
verdict() {
  if [ "$2" -eq 0 ]; then
    pass "$1"
  else
    fail "$1" "got: $(head -c 600 "$tmp/body")"
  fi
}

# The schedule and the API, on the SIP scenarios (5 paths, all passing).
state=$tmp/state
start_serve --scenarios "$root/scenarios/sip" --every 2s --state "$state"
http GET /healthz
[ "$code" = 200 ] && grep -qx ok "$tmp/body"
verdict "GET /healthz answers ok" $?
if await_status 1 && [ "$run_status" = passed ]; then
  pass "the first scheduled run passes"
else
  fail "the first scheduled run passes" "status '$run_status'"
  show stderr "$tmp/serve.err"
fi
check "it was started by the schedule and met 5 of 5" \
  jq -e '.runs[0].trigger == "schedule" and .runs[0].paths_met == 5' "$tmp/body"
if await_status 2; then
  pass "the schedule fires again after --every"
else
  fail "the schedule fires again after --every" "no run 2 in 30 s"
fi

http POST /api/runs
location=$(jq -r .location "$tmp/body")
requested=$(jq -r .id "$tmp/body")
if [ "$code" = 409 ]; then
  # The schedule's own run was under way: ask again once it has ended.
  await_status "$(jq -r .running "$tmp/body")"
  http POST /api/runs
  location=$(jq -r .location "$tmp/body")
  requested=$(jq -r .id "$tmp/body")
fi
[ "$code" = 202 ] && [ "$location" = "/api/runs/$requested" ]
verdict "POST /api/runs starts a run: 202 and its location" $?
await_status "$requested"
http GET "$location"
check "GET /api/runs/{id} is its fedharness-run/1 document" \
  jq -e '.schema == "fedharness-run/1" and (.scenarios[0].paths | length) == 5' "$tmp/body"
cp "$tmp/body" "$tmp/document-before.json"
http GET "$location/report.html"
check "GET /api/runs/{id}/report.html is its HTML report" \
  grep -q '<h1>fedharness run report</h1>' "$tmp/body"
http GET "$location/report.junit.xml"
check "GET /api/runs/{id}/report.junit.xml is well-formed JUnit XML" \
  xmllint --noout --xpath '/testsuites/testsuite/testcase' "$tmp/body"
http GET "/api/runs?limit=1"
check "GET /api/runs pages newest first, with the next page's link" \
  jq -e '(.runs | length) == 1 and .runs[0].id >= 3 and (.next | startswith("/api/runs?offset=1"))' \
  "$tmp/body"
http GET "/api/runs?limit=0"
check "a page of 0 runs is 400" [ "$code" = 400 ]
http GET /api/runs/999
check "a run that does not exist is 404" [ "$code" = 404 ]

http GET /metrics
cp "$tmp/body" "$tmp/metrics.txt"
if promtool check metrics <"$tmp/metrics.txt" >"$tmp/promtool.out" 2>&1; then
  pass "promtool check metrics accepts GET /metrics"
else
  fail "promtool check metrics accepts GET /metrics" "$(cat "$tmp/promtool.out")"
fi
ok_paths=$(grep -c '^fedharness_path_ok{scenario="federation-good",.*} 1$' "$tmp/metrics.txt")
check "/metrics says each of the 5 paths met its expectation" [ "$ok_paths" -eq 5 ]
check "/metrics gives the Edge certificate's expiry" \
  grep -q '^fedharness_certificate_not_after_timestamp_seconds{role="edge",subject="CN=sip.contoso.com,' "$tmp/metrics.txt"
check "/metrics counts the runs by result" \
  grep -q '^fedharness_runs_total{result="passed"} [1-9]' "$tmp/metrics.txt"

http GET /api/certificates
check "GET /api/certificates lists the Edge certificate each run saw" \
  jq -e '[.certificates[] | select(.role == "edge" and (.subject | startswith("CN=sip.contoso.com")))] | length >= 1' \
  "$tmp/body"
http GET /
check "GET / is the dashboard, with its strict Content-Security-Policy" \
  grep -q '<h1>fedharness serve</h1>' "$tmp/body"
csp=$(curl -s -m 10 -D - -o /dev/null "$base/" | tr -d '\r' | sed -n 's/^Content-Security-Policy: //p')
case "$csp" in
  "default-src 'none';"*"script-src 'sha256-"*) pass "the dashboard's policy allows its own script only" ;;
  *) fail "the dashboard's policy allows its own script only" "Content-Security-Policy: $csp" ;;
esac

stop_serve TERM
check "SIGTERM stops serve with status 0" [ "$status" -eq 0 ]
start_serve --scenarios "$root/scenarios/sip" --every 0 --state "$state"
http GET "$location"
if [ "$code" = 200 ] && cmp -s "$tmp/body" "$tmp/document-before.json"; then
  pass "after a restart, a run's document is the same"
else
  fail "after a restart, a run's document is the same" "status $code"
fi
stop_serve TERM

# A run that lasts: the path's Edge is stopped, so its TLS handshake waits
# for the tls deadline.
"$fedharness" edge --topology "$topology" --listen 127.0.0.1:0 --lab-out "$tmp/lab" </dev/null >"$tmp/edge.out" 2>&1 &
edge_pid=$!
if ! await_output "$edge_pid" "$tmp/edge.out" 's/.*listening for SIP\/TLS on .*:\([0-9]*\) .*/\1/p'; then
  fail "fedharness edge listens" "$(cat "$tmp/edge.out")"
  tap_finish
fi
kill -STOP "$edge_pid"
mkdir "$tmp/slow"
cat >"$tmp/slow/stalled-edge.yaml" <<EOF
name: An Edge that accepts and never answers
topology: $topology
edge:
  address: {host: 127.0.0.1, sip_port: $found}
trust: $tmp/lab/root-ca.pem
paths:
  - id: in
    protocol: sip
    direction: inbound
    edge_domain: contoso.com
    partner: partner.example
    policy: lync
    partner_certificate:
      cert: $tmp/lab/partner-partner.example-chain.pem
      key: $tmp/lab/partner-partner.example.key
    expect: pass
EOF
slow_state=$tmp/slow-state
start_serve --scenarios "$tmp/slow" --every 0 --state "$slow_state" --deadline tls=20
http POST /api/runs
first=$code
http POST /api/runs
[ "$first,$code" = 202,409 ] && jq -e '.running == 1' "$tmp/body" >/dev/null
verdict "POST /api/runs while a run is in progress is 409" $?
stop_serve KILL
start_serve --scenarios "$tmp/slow" --every 0 --state "$slow_state"
http GET /api/runs/1
[ "$code" = 404 ] && jq -e '.run.status == "unfinished"' "$tmp/body" >/dev/null
verdict "a run in progress when serve was killed is unfinished after the restart" $?
check "serve says so when it starts" grep -q '1 run left unfinished' "$tmp/serve.err"
stop_serve TERM

# A token guards every request but /healthz.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/token"
start_serve --scenarios "$root/scenarios/sip" --every 0 --state "$tmp/token-state" \
  --token-file "$tmp/token"
http GET /api/runs
check "without the token: 401" [ "$code" = 401 ]
http GET /api/runs -H "Authorization: Bearer $(cat "$tmp/token")"
check "with the token: 200" [ "$code" = 200 ]
http GET /healthz
check "/healthz needs no token" [ "$code" = 200 ]
stop_serve TERM

# At scale: two serve processes each run half of the catalogue (--shard,
# as two machines of a Kubernetes Indexed Job would), and a third imports
# their documents as one batch, which it merges into one run of every path.
"$fedharness" run "$root/scenarios/catalogue" --format json >"$tmp/whole.json"
for index in 1 2; do
  start_serve --scenarios "$root/scenarios/catalogue" --every 0 --state "$tmp/shard$index" \
    --shard "$index/2"
  http POST /api/runs
  await_status 1
  http GET /api/runs/1
  cp "$tmp/body" "$tmp/shard$index.json"
  stop_serve TERM
done
start_serve --scenarios "$root/scenarios/sip" --every 0 --state "$tmp/central"
http POST "/api/runs/import?batch=ci-42" --data-binary "@$tmp/shard1.json"
[ "$code" = 202 ] && jq -e '.received == 1 and .of == 2' "$tmp/body" >/dev/null
verdict "the first shard of a batch waits for the other (202)" $?
http POST "/api/runs/import?batch=ci-42" --data-binary "@$tmp/shard1.json"
[ "$code" = 409 ]
verdict "the same shard again is 409" $?
http POST "/api/runs/import?batch=ci-42" --data-binary "@$tmp/shard2.json"
merged=$(jq -r .location "$tmp/body")
[ "$code" = 201 ]
verdict "the last shard makes the batch one run (201)" $?
http GET "$merged"
jq -r '.scenarios[] | .id as $s | .paths[] | "\($s) \(.id) \(.outcome)"' "$tmp/body" | sort >"$tmp/merged.paths"
jq -r '.scenarios[] | .id as $s | .paths[] | "\($s) \(.id) \(.outcome)"' "$tmp/whole.json" | sort >"$tmp/whole.paths"
if [ -s "$tmp/whole.paths" ] && cmp -s "$tmp/merged.paths" "$tmp/whole.paths"; then
  pass "the merged run has every path of an unsharded run, with the same outcomes"
else
  fail "the merged run has every path of an unsharded run, with the same outcomes" \
    "$(diff "$tmp/whole.paths" "$tmp/merged.paths" | head -5)"
fi
http GET /api/runs
jq -e '.runs[0].trigger == "import"' "$tmp/body" >/dev/null
verdict "it is listed as imported" $?
http POST "/api/runs/import" --data-binary "@$tmp/shard1.json"
[ "$code" = 400 ]
verdict "a shard without ?batch is 400" $?
http POST "/api/runs/import" --data-binary "@$tmp/whole.json"
[ "$code" = 201 ]
verdict "a whole run's document is one run at once (201)" $?
http POST "/api/runs/import" --data-binary "not json"
[ "$code" = 422 ] && grep -q "the request's body" "$tmp/body"
verdict "a body that is not a run document is 422, saying why" $?
stop_serve TERM

expect_bad_input "--every that is not a duration is bad input" "--every" "15m" -- \
  "$fedharness" serve --scenarios "$root/scenarios/sip" --every soon
expect_bad_input "a listener off loopback needs --token-file" "0.0.0.0:0" "--token-file" -- \
  "$fedharness" serve --scenarios "$root/scenarios/sip" --listen 0.0.0.0:0
echo short >"$tmp/short-token"
expect_bad_input "a short token is bad input" "short-token" "at least 32" -- \
  "$fedharness" serve --scenarios "$root/scenarios/sip" --token-file "$tmp/short-token"
printf 'name: broken\npaths: 3\n' >"$tmp/broken.yaml"
expect_bad_input "a broken scenario stops serve at start" "broken.yaml" -- \
  "$fedharness" serve --scenarios "$tmp/broken.yaml" --state "$tmp/never"

tap_finish
