#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness edge` tells each verdict when it is reached, not when the
# connection closes: a partner (openssl s_client with the lab's partner
# certificate) that keeps its connection open sees the handshake's line and
# its OPTIONS request's line printed while the connection is still open; a
# second request on the same connection gets a line of its own; the closing
# line comes with the duration. The same as JSON lines with --format json.
#
#   sh tests/cli/edge_events_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools openssl jq

edge_pid=
client_pid=
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  exec 3>&- 2>/dev/null
  [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null
  [ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# options FROM-DOMAIN CSEQ: an OPTIONS request from FROM-DOMAIN to contoso.com.
options() {
  printf 'OPTIONS sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1;branch=z9hG4bK%s\r\n' "$2"
  printf 'From: <sip:%s>;tag=%s\r\nTo: <sip:contoso.com>\r\nCall-ID: events-%s\r\n' "$1" "$2" "$2"
  printf 'CSeq: %s OPTIONS\r\nContent-Length: 0\r\n\r\n' "$2"
}

# start_edge FORMAT: the simulated Edge on a free port, its lab in $tmp/lab,
# its output in $tmp/edge.out; a connection may wait a minute between requests.
start_edge() {
  rm -rf "$tmp/lab"
  "$fedharness" edge --topology "$topology" --listen 127.0.0.1:0 --lab-out "$tmp/lab" \
    --deadline request=60 --format "$1" </dev/null >"$tmp/edge.out" 2>&1 &
  edge_pid=$!
  if ! await_output "$edge_pid" "$tmp/edge.out" 's/.*listening.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p'; then
    fail "fedharness edge --format $1 listens" "$(cat "$tmp/edge.out")"
    tap_finish
  fi
  port=$found
}

# connect: a partner connected to the Edge, with its certificate, reading
# what to send from a FIFO held open on descriptor 3.
connect() {
  rm -f "$tmp/to-edge"
  mkfifo "$tmp/to-edge"
  openssl s_client -quiet -connect "127.0.0.1:$port" -CAfile "$tmp/lab/root-ca.pem" \
    -cert "$tmp/lab/partner-partner.example-chain.pem" \
    -cert_chain "$tmp/lab/partner-partner.example-chain.pem" \
    -key "$tmp/lab/partner-partner.example.key" <"$tmp/to-edge" >"$tmp/client.out" 2>&1 &
  client_pid=$!
  exec 3>"$tmp/to-edge"
}

# await_line PATTERN: waits up to 10 s for a line of the Edge matching the
# extended regular expression PATTERN.
await_line() {
  _tries=0
  while [ "$_tries" -lt 100 ]; do
    grep -Eq "$1" "$tmp/edge.out" && return 0
    _tries=$((_tries + 1))
    sleep 0.1
  done
  return 1
}

# still_open: the partner's connection has not ended.
still_open() {
  kill -0 "$client_pid" 2>/dev/null
}

start_edge text
connect
options partner.example 1 >&3
if await_line ' sip handshake pass: TLSv1\.[23] .*certificate CN=sip\.partner\.example' &&
  await_line ' sip request pass: OPTIONS sip:contoso\.com answered 200 OK' &&
  still_open; then
  pass "the handshake's and the request's verdicts are printed while the connection is open"
else
  fail "the handshake's and the request's verdicts are printed while the connection is open" \
    "$(cat "$tmp/edge.out")"
fi
if grep -q 'closed after' "$tmp/edge.out"; then
  fail "no closing line while the connection is open" "$(cat "$tmp/edge.out")"
else
  pass "no closing line while the connection is open"
fi
options fabrikam.net 2 >&3
if await_line ' sip request fail NAME_MISMATCH refused by the Edge: OPTIONS .* answered 403 Forbidden: our verifier: .*fabrikam\.net' &&
  still_open; then
  pass "a second request on the same connection gets its own line (403, NAME_MISMATCH)"
else
  fail "a second request on the same connection gets its own line (403, NAME_MISMATCH)" \
    "$(cat "$tmp/edge.out")"
fi
if grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z 127\.0\.0\.1:[0-9]+ sip request' "$tmp/edge.out"; then
  pass "each line starts with the time (ISO 8601 UTC) and the partner's address and port"
else
  fail "each line starts with the time (ISO 8601 UTC) and the partner's address and port" \
    "$(cat "$tmp/edge.out")"
fi
# The partner goes (s_client -quiet ignores the end of its input).
exec 3>&-
kill "$client_pid"
if await_line ' sip closed after [0-9]+\.[0-9]{2} s: pass \(CN=sip\.partner\.example'; then
  pass "the connection's end is a line with its duration and its verdict"
else
  fail "the connection's end is a line with its duration and its verdict" "$(cat "$tmp/edge.out")"
fi
kill "$edge_pid" 2>/dev/null
wait "$edge_pid" 2>/dev/null
edge_pid=

start_edge json
connect
options partner.example 1 >&3
if await_line '"event":"request"' && still_open; then
  pass "--format json: the request's event is printed while the connection is open"
else
  fail "--format json: the request's event is printed while the connection is open" \
    "$(cat "$tmp/edge.out")"
fi
exec 3>&-
kill "$client_pid"
await_line '"event":"closed"' || true
if jq -se 'length == 4
    and .[0].event == "listening" and .[0].service == "SIP/TLS"
    and .[1].event == "handshake" and .[1].passed and .[1].side == "edge"
    and .[2].event == "request" and .[2].passed and .[2].code == null
    and (.[2].evidence | test("answered 200 OK"))
    and .[3].event == "closed" and .[3].passed and (.[3].duration_seconds | type) == "number"
    and all(.[]; .time | test("^[0-9-]{10}T[0-9:]{8}Z$"))
    and all(.[1:][]; .peer | test("^127\\.0\\.0\\.1:[0-9]+$"))' "$tmp/edge.out" >/dev/null; then
  pass "--format json: one JSON object a line, listening, handshake, request, closed"
else
  fail "--format json: one JSON object a line, listening, handshake, request, closed" \
    "$(cat "$tmp/edge.out")"
fi

tap_finish
