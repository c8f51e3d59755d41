#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `--transcript DIR`: what each path's two ends said and did, in one file.
#
#   sh tests/cli/transcript_test.sh <path-to-fedharness> <repo-root>
#
# Runs a passing SIP and a passing XMPP scenario and two catalogue entries
# that fail as expected with --transcript, and checks the files' content: the
# OPTIONS request and its 200, the XMPP stream header and the SASL EXTERNAL
# exchange, the SNI and TLS version, and for the failing paths the alert and
# the verify result with its depth. Then `fedharness edge` and `probe sip`
# against it, each with --transcript and --keylog. TAP output, as
# tests/lib/tap.sh prints it; exits 0 when every check passed, 1 when some
# failed, 2 on bad usage. Needs jq (scripts/install-deps).

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
edge_pid=
trap '[ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

unset TEST_SHARD_INDEX TEST_TOTAL_SHARDS TEST_SHARD_STATUS_FILE SSLKEYLOGFILE
cd "$root" || exit 2

# has DESCRIPTION FILE PATTERN...: every PATTERN (an extended regular
# expression) matches a line of FILE.
has() {
  _desc=$1
  _file=$2
  shift 2
  _missing=
  for _pattern in "$@"; do
    grep -Eq -e "$_pattern" "$_file" 2>/dev/null || _missing="${_missing:+$_missing; }no line matches '$_pattern'"
  done
  if [ -z "$_missing" ]; then
    pass "$_desc"
  else
    fail "$_desc" "$_missing"
    [ -f "$_file" ] && show "${_file#"$tmp"/}" "$_file"
  fi
}

if ! command -v jq >/dev/null; then
  fail "jq is installed" "run scripts/install-deps"
  tap_finish
fi

out=$tmp/transcripts
catalogue=scenarios/catalogue
run "$fedharness" run scenarios/sip/federation-good.yaml scenarios/xmpp/xmpp-federation-good.yaml \
  $catalogue/openssl-edge-refuses-partner-renewed-without-client-eku.yaml \
  $catalogue/edge-refuses-partner-that-sends-no-certificate.yaml \
  --transcript "$out" --report-json "$tmp/run.json"
if [ "$status" -eq 0 ]; then
  pass "run --transcript meets every expectation"
else
  fail "run --transcript meets every expectation" "exit status $status"
  show stderr "$tmp/stderr"
fi

# One file per path, named by the scenario and path ids of the report.
jq -r '.scenarios[] | .id as $scenario | .paths[] | "\($scenario)/\(.id).txt"' "$tmp/run.json" |
  sort >"$tmp/expected-files"
(cd "$out" && find . -type f | sed 's|^\./||' | sort) >"$tmp/files"
if [ -s "$tmp/expected-files" ] && cmp -s "$tmp/expected-files" "$tmp/files"; then
  pass "one transcript per path, DIR/<scenario id>/<path id>.txt"
else
  fail "one transcript per path, DIR/<scenario id>/<path id>.txt" \
    "$(diff "$tmp/expected-files" "$tmp/files" | tr '\n' ' ')"
fi

# Every event line: time from the path's start, the end, the direction.
bad=$(grep -hv -E '^(#|    |\+[0-9]+\.[0-9]{6} (edge   |partner) [→←·] )' "$out"/*/*.txt | head -3)
if [ -z "$bad" ]; then
  pass "every line is a comment, an event (+seconds, end, direction) or an indented body"
else
  fail "every line is a comment, an event (+seconds, end, direction) or an indented body" "$bad"
fi

sip=$out/federation-good/inbound-contoso.txt
has "SIP: the partner's ClientHello names the Edge's SRV target, TLS 1.3 is agreed" "$sip" \
  '^\+[0-9.]+ partner → TLS ClientHello SNI=sip\.contoso\.com versions=TLSv1\.3' \
  '^\+[0-9.]+ edge    ← TLS ClientHello SNI=sip\.contoso\.com' \
  '^\+[0-9.]+ partner · TLS handshake complete: TLSv1\.3 TLS_' \
  '^\+[0-9.]+ partner · TLS verify depth 0 .*CN=sip\.contoso\.com.*: ok$'
has "SIP: the OPTIONS request and its 200, both ways, with the message text" "$sip" \
  '^\+[0-9.]+ partner → SIP OPTIONS sip:contoso\.com SIP/2\.0$' \
  '^\+[0-9.]+ edge    ← SIP OPTIONS sip:contoso\.com SIP/2\.0$' \
  '^    From: ' '^    Content-Length: 0$' \
  '^\+[0-9.]+ edge    → SIP SIP/2\.0 200 OK$' \
  '^\+[0-9.]+ partner ← SIP SIP/2\.0 200 OK$'
# The partner's OPTIONS comes before the Edge's 200 (one time line).
order=$(grep -E '(partner → SIP OPTIONS|edge    → SIP SIP/2.0 200)' "$sip" | awk '{print $2}')
if [ "$order" = "partner
edge" ]; then
  pass "SIP: both ends in time order"
else
  fail "SIP: both ends in time order" "$(echo "$order" | tr '\n' '|')"
fi

xmpp=$out/xmpp-federation-good/inbound-contoso.txt
has "XMPP: the stream header in jabber:server, STARTTLS, the SNI and TLS version" "$xmpp" \
  "^\\+[0-9.]+ partner → XMPP <\\?xml version='1\\.0'\\?><stream:stream xmlns='jabber:server'" \
  "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'" \
  '^\+[0-9.]+ partner → TLS ClientHello SNI=contoso\.com ' \
  '^\+[0-9.]+ edge    · TLS handshake complete: TLSv1\.3 '
has "XMPP: the SASL EXTERNAL exchange" "$xmpp" \
  "^\\+[0-9.]+ edge    → XMPP .*<mechanism>EXTERNAL</mechanism>" \
  "^\\+[0-9.]+ partner → XMPP <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>" \
  "^\\+[0-9.]+ edge    → XMPP <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" \
  "^\\+[0-9.]+ partner ← XMPP <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"

eku=$out/openssl-edge-refuses-partner-renewed-without-client-eku/sip-inbound.txt
has "refused: the Edge's verify result at depth 0 and its alert, seen by both" "$eku" \
  '^# expected-fail: failed with EKU_CLIENT_MISSING as expected' \
  '^\+[0-9.]+ edge    · TLS verify depth 0 .*: error 26 \(unsuitable certificate purpose\)$' \
  '^\+[0-9.]+ edge    → TLS alert unsupported_certificate \(fatal\)$' \
  '^\+[0-9.]+ partner ← TLS alert unsupported_certificate \(fatal\)$'

none=$out/edge-refuses-partner-that-sends-no-certificate/no-certificate.txt
has "refused: no certificate presented, certificate_required" "$none" \
  '^\+[0-9.]+ partner ← TLS CertificateRequest$' \
  '^\+[0-9.]+ partner → TLS Certificate: empty, no certificate presented$' \
  '^\+[0-9.]+ edge    → TLS alert certificate_required \(fatal\)$'

if grep -l 'PRIVATE KEY' "$out"/*/*.txt >/dev/null; then
  fail "no transcript holds a private key" "$(grep -l 'PRIVATE KEY' "$out"/*/*.txt)"
else
  pass "no transcript holds a private key"
fi

: >"$tmp/file"
expect_bad_input "a --transcript folder that cannot be made is bad input naming it" \
  "$tmp/file/transcripts" -- \
  "$fedharness" run scenarios/sip/federation-good.yaml --transcript "$tmp/file/transcripts"

# `fedharness edge` for one connection, and `probe sip` to it without a
# certificate: a transcript from each side of the same refusal.
"$fedharness" edge --topology scenarios/topologies/contoso.yaml --listen 127.0.0.1:0 \
  --connections 1 --lab-out "$tmp/lab" --transcript "$tmp/edge" --keylog "$tmp/edge.keys" \
  </dev/null >"$tmp/edge.stdout" 2>"$tmp/edge.stderr" &
edge_pid=$!
if ! await_output "$edge_pid" "$tmp/edge.stdout" \
  's/.*listening for SIP\/TLS on 127\.0\.0\.1:\([0-9]*\) .*/\1/p'; then
  fail "fedharness edge listens"
  show stderr "$tmp/edge.stderr"
  tap_finish
fi
port=$found
run "$fedharness" probe sip "127.0.0.1:$port" --name sip.contoso.com \
  --trust "$tmp/lab/root-ca.pem" --transcript "$tmp/probe" --keylog "$tmp/probe.keys"
if [ "$status" -eq 1 ]; then
  pass "probe sip without a certificate fails"
else
  fail "probe sip without a certificate fails" "exit status $status, want 1"
  show stderr "$tmp/stderr"
fi
wait "$edge_pid"
edge_pid=

has "probe --transcript: one file, the probe's side of the refusal" \
  "$tmp/probe/probe-sip-127.0.0.1_$port.txt" \
  '^# fedharness transcript: scenario probe, path probe' \
  '^\+[0-9.]+ partner → TLS ClientHello SNI=sip\.contoso\.com ' \
  '^\+[0-9.]+ partner ← TLS alert certificate_required \(fatal\)$'
edge_file=$(find "$tmp/edge" -name '0001-sip-127.0.0.1-*.txt')
has "edge --transcript: one file per connection, the Edge's side" "${edge_file:-$tmp/edge/none}" \
  '^# fedharness edge: sip connection 1' \
  '^\+[0-9.]+ edge ← TLS ClientHello SNI=sip\.contoso\.com ' \
  '^\+[0-9.]+ edge ← TLS Certificate: empty, no certificate presented$' \
  '^\+[0-9.]+ edge → TLS alert certificate_required \(fatal\)$'
if grep -q '^CLIENT_HANDSHAKE_TRAFFIC_SECRET ' "$tmp/probe.keys" 2>/dev/null &&
  grep -q '^CLIENT_HANDSHAKE_TRAFFIC_SECRET ' "$tmp/edge.keys" 2>/dev/null; then
  pass "probe and edge --keylog write the secrets"
else
  fail "probe and edge --keylog write the secrets"
fi

tap_finish
