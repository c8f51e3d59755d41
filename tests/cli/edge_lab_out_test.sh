#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness edge --lab-out` writes the material a partner needs to reach
# the simulated Edge (the root, a partner certificate per --partner, its key
# 0600), and `probe sip --cert` with that certificate passes without --from:
# the probe takes its From domain from the certificate, as a partner's
# server would send it. With a From the certificate does not cover, the
# Edge refuses it (NAME_MISMATCH).
#
#   sh tests/cli/edge_lab_out_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools jq

edge_pid=
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  [ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

lab=$tmp/lab
"$fedharness" edge --topology "$topology" --listen 127.0.0.1:0 --connections 2 \
  --lab-out "$lab" --partner fabrikam.net </dev/null >"$tmp/edge.out" 2>&1 &
edge_pid=$!
if ! await_output "$edge_pid" "$tmp/edge.out" 's/.*listening for SIP\/TLS on .*:\([0-9]*\) .*/\1/p'; then
  fail "fedharness edge listens" "$(cat "$tmp/edge.out")"
  tap_finish
fi
port=$found

if [ -f "$lab/partner-fabrikam.net-chain.pem" ] &&
  [ "$(stat -c %a "$lab/partner-fabrikam.net.key")" = 600 ] && [ -f "$lab/root-ca.pem" ]; then
  pass "edge --lab-out --partner fabrikam.net writes the partner's certificate, chain and key (0600)"
else
  fail "edge --lab-out --partner writes the partner's certificate, chain and key (0600)" \
    "$(ls -l "$lab" 2>&1)"
fi

probe() {
  run "$fedharness" probe sip "127.0.0.1:$port" --name sip.contoso.com \
    --cert "$lab/partner-fabrikam.net-chain.pem" --key "$lab/partner-fabrikam.net.key" \
    --trust "$lab/root-ca.pem" --format json "$@"
}
probe
if [ "$status" -eq 0 ] && jq -e '.outcome == "pass"' "$tmp/stdout" >/dev/null; then
  pass "probe sip --cert without --from: From is the certificate's domain, and the Edge accepts it"
else
  fail "probe sip --cert without --from passes" "exit status $status"
  show stdout "$tmp/stdout"
  show stderr "$tmp/stderr"
fi
probe --from other.example
if [ "$status" -eq 1 ] && grep -q 'NAME_MISMATCH' "$tmp/stdout" "$tmp/edge.out"; then
  pass "probe sip --from a domain the certificate does not cover: the Edge refuses it (NAME_MISMATCH)"
else
  fail "probe sip --from a domain the certificate does not cover is refused" "exit status $status"
  show stdout "$tmp/stdout"
  show "edge output" "$tmp/edge.out"
fi
wait "$edge_pid"
edge_pid=

expect_bad_input "edge --partner that is not a domain: exit 2, names it" \
  "--partner not_a_domain: not a fully qualified domain name" -- \
  "$fedharness" edge --topology "$topology" --listen 127.0.0.1:0 --partner not_a_domain

tap_finish
