#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness serve`'s dashboard in a real browser: headless Chromium,
# driven over WebDriver (chromedriver, W3C WebDriver's HTTP API with curl),
# opens the page, which follows /api/events; a run started elsewhere (curl)
# and one started by the page's own button show up in the open page without
# a reload, and the page's strict Content-Security-Policy lets its script run.
#
#   sh tests/cli/dashboard_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools curl jq chromium chromedriver

serve_pid=
driver_pid=
session=
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  [ -n "$session" ] && curl -s -m 10 -X DELETE "$driver/session/$session" >/dev/null
  [ -n "$driver_pid" ] && kill "$driver_pid" 2>/dev/null
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

"$fedharness" serve --listen 127.0.0.1:0 --scenarios "$root/scenarios/sip" --every 0 \
  --state "$tmp/state" </dev/null >"$tmp/serve.out" 2>"$tmp/serve.err" &
serve_pid=$!
if ! await_output "$serve_pid" "$tmp/serve.err" 's|^fedharness serve: listening on \(http://127.0.0.1:[0-9]*\)/ .*|\1|p'; then
  fail "fedharness serve starts" "$(cat "$tmp/serve.err")"
  tap_finish
fi
base=$found

# runs_ended N: waits up to 30 s for serve to have N runs, none running.
runs_ended() {
  _tries=0
  while [ "$_tries" -lt 300 ]; do
    if curl -s -m 10 "$base/api/runs" |
      jq -e --argjson n "$1" '.total == $n and all(.runs[]; .status != "running")' >/dev/null; then
      return 0
    fi
    _tries=$((_tries + 1))
    sleep 0.1
  done
  return 1
}

curl -s -m 10 -X POST "$base/api/runs" >/dev/null
runs_ended 1 || { fail "the first run ends" "$(cat "$tmp/serve.err")"; tap_finish; }

chromedriver --port=0 >"$tmp/driver.out" 2>&1 &
driver_pid=$!
if ! await_output "$driver_pid" "$tmp/driver.out" 's/.*started successfully on port \([0-9]*\).*/\1/p'; then
  fail "chromedriver starts" "$(cat "$tmp/driver.out")"
  tap_finish
fi
driver=http://127.0.0.1:$found

# webdriver METHOD PATH [JSON]: a WebDriver command; its response's value in $value.
webdriver() {
  value=$(curl -s -m 60 -X "$1" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$driver$2" | jq -c .value)
}

# page SCRIPT: what the JavaScript expression SCRIPT is in the open page, in $value.
page() {
  webdriver POST "/session/$session/execute/sync" \
    "$(jq -cn --arg script "return $1;" '{script: $script, args: []}')"
}

# page_until SCRIPT: waits up to 20 s for SCRIPT to be true in the page.
page_until() {
  _tries=0
  while [ "$_tries" -lt 200 ]; do
    page "$1"
    [ "$value" = true ] && return 0
    _tries=$((_tries + 1))
    sleep 0.1
  done
  return 1
}

# The probe's flags (.library's env notes): no background fetches, which this
# machine's closed network would refuse.
capabilities=$(jq -cn --arg profile "$tmp/profile" '{capabilities: {alwaysMatch: {
  browserName: "chrome",
  "goog:chromeOptions": {binary: "/usr/bin/chromium", args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--user-data-dir=\($profile)"]}}}}')
webdriver POST /session "$capabilities"
session=$(printf '%s' "$value" | jq -r '.sessionId // empty')
if [ -z "$session" ]; then
  session=
  fail "chromedriver starts headless Chromium" "$value"
  tap_finish
fi

webdriver POST "/session/$session/url" "$(jq -cn --arg url "$base/" '{url: $url}')"
page "document.querySelectorAll('section.runs tbody tr').length"
if [ "$value" = 1 ]; then
  pass "the dashboard opens with the one run there is"
else
  fail "the dashboard opens with the one run there is" "rows: $value"
fi
page "document.querySelectorAll('section.scenario table.matrix tbody tr').length"
if [ "$value" = 5 ]; then
  pass "it shows the scenario's 5 paths"
else
  fail "it shows the scenario's 5 paths" "rows: $value"
fi

# A mark on the page's window goes with a reload: it must still be there.
page "(window.fedharnessTestMark = 'kept')"
curl -s -m 10 -X POST "$base/api/runs" >/dev/null
if page_until "document.querySelectorAll('section.runs tbody tr').length === 2 &&
               document.getElementById('status').textContent.startsWith('Run 2 passed')"; then
  pass "a run started elsewhere appears in the open page when it ends"
else
  page "document.getElementById('status').textContent"
  fail "a run started elsewhere appears in the open page when it ends" "status: $value"
fi
page "window.fedharnessTestMark === 'kept'"
if [ "$value" = true ]; then
  pass "the page was updated, not reloaded"
else
  fail "the page was updated, not reloaded" "the mark is gone"
fi

webdriver POST "/session/$session/element" '{"using": "css selector", "value": "#run-now"}'
button=$(printf '%s' "$value" | jq -r 'to_entries[0].value')
webdriver POST "/session/$session/element/$button/click" '{}'
if page_until "document.querySelectorAll('section.runs tbody tr').length === 3 &&
               document.getElementById('status').textContent.startsWith('Run 3 passed')"; then
  pass "the page's Run now button starts a run, which the page then shows"
else
  page "document.getElementById('status').textContent"
  fail "the page's Run now button starts a run, which the page then shows" "status: $value"
fi
if runs_ended 3 && curl -s -m 10 "$base/api/runs" | jq -e '.runs[0].trigger == "request"' >/dev/null; then
  pass "serve recorded the page's run as requested"
else
  fail "serve recorded the page's run as requested" "$(curl -s -m 10 "$base/api/runs")"
fi

tap_finish
