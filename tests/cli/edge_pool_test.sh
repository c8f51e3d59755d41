#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# A real Edge given as a pool: every inbound path runs against every member,
# and a member presenting another certificate than the first is
# POOL_CERT_MISMATCH.
#
#   sh tests/cli/edge_pool_test.sh <path-to-fedharness> <repo-root>
#
# Three `fedharness edge` processes stand for the members of the scaled DNS
# load-balanced Edge (scenarios/topologies/scaled-edge-dns.yaml): the first
# two serve the certificate of one lab PKI, the third that of another, both
# roots trusted by the partner, so that each handshake passes on its own and
# only the comparison tells the third member apart. TAP output, as
# tests/lib/tap.sh prints it; exits 0 when every check passed, 1 when some
# failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
members=
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  for _pid in $members; do
    kill "$_pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

topology=$root/scenarios/topologies/scaled-edge-dns.yaml
for lab in a b; do
  if ! "$fedharness" certs issue "$topology" --out "$tmp/$lab" --partner partner.example \
    >/dev/null 2>"$tmp/issue.stderr"; then
    fail "certs issue for lab $lab" "$(cat "$tmp/issue.stderr")"
    tap_finish
  fi
done
cat "$tmp/a/root-ca.pem" "$tmp/b/root-ca.pem" >"$tmp/both-roots.pem"

# start_member N LAB: a `fedharness edge` serving LAB's Edge certificate on a
# free port, for one connection; its port in $port.
start_member() {
  "$fedharness" edge --topology "$topology" --listen 127.0.0.1:0 \
    --cert "$tmp/$2/edge-chain.pem" --key "$tmp/$2/edge.key" --trust "$tmp/a/root-ca.pem" \
    --connections 1 </dev/null >"$tmp/member$1.out" 2>&1 &
  members="$members $!"
  if ! await_output "$!" "$tmp/member$1.out" 's/.* on 127\.0\.0\.1:\([0-9]*\) .*/\1/p'; then
    fail "member $1 listens" "$(cat "$tmp/member$1.out")"
    tap_finish
  fi
  port=$found
}
start_member 1 a
port1=$port
start_member 2 a
port2=$port
start_member 3 b
port3=$port

cat >"$tmp/pool.yaml" <<EOF
name: Every member of the Edge pool presents the same certificate
topology: $topology
edge:
  address:
    host: 127.0.0.1
    sip_port: $port1
    pool: [{host: 127.0.0.1, sip_port: $port2}, {host: 127.0.0.1, sip_port: $port3}]
trust: $tmp/both-roots.pem
paths:
  - id: in
    protocol: sip
    direction: inbound
    edge_domain: contoso.com
    partner: partner.example
    policy: lync
    partner_certificate:
      cert: $tmp/a/partner-partner.example-chain.pem
      key: $tmp/a/partner-partner.example.key
    expect: pass
EOF
run "$fedharness" run "$tmp/pool.yaml" --format json

# outcome_of ID: the path's outcome and observed code.
outcome_of() {
  jq -r --arg id "$1" \
    '.scenarios[0].paths[] | select(.id == $id) | "\(.outcome) \(.observed.code // "-")"' \
    "$tmp/stdout"
}
if [ "$status" -eq 1 ]; then
  pass "a pool with a differing member fails the run (exit 1)"
else
  fail "a pool with a differing member fails the run (exit 1)" "exit status $status"
  show stderr "$tmp/stderr"
fi
for case in "in:pass -" "in@127.0.0.1:$port2:pass -" \
  "in@127.0.0.1:$port3:fail POOL_CERT_MISMATCH"; do
  id=${case%:*}
  want=${case##*:}
  got=$(outcome_of "$id")
  if [ "$got" = "$want" ]; then
    pass "path $id: $want"
  else
    fail "path $id: $want" "got [$got]"
  fi
done
evidence=$(jq -r '.scenarios[0].paths[2].observed.evidence' "$tmp/stdout")
case $evidence in
  "127.0.0.1:$port3 presents CN=sip.contoso.com"*"SHA-256 "*"; 127.0.0.1:$port1 presents "*"; the handshake itself: pass")
    pass "the evidence names both members, their certificates' fingerprints, and the handshake's own verdict"
    ;;
  *)
    fail "the evidence names both members, their certificates' fingerprints, and the handshake's own verdict" \
      "$evidence"
    ;;
esac

# A pool for a topology whose Edge is one server is a bad scenario.
sed "s|scaled-edge-dns.yaml|single-edge.yaml|" "$tmp/pool.yaml" >"$tmp/no-pool.yaml"
run "$fedharness" run "$tmp/no-pool.yaml"
if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] &&
  grep -q "no-pool.yaml:7: edge.address.pool: the topology has no edge.pool" "$tmp/stderr"; then
  pass "a pool against a single-server topology: exit 2, file:line: field"
else
  fail "a pool against a single-server topology: exit 2, file:line: field" "exit status $status"
  show stderr "$tmp/stderr"
fi

tap_finish
