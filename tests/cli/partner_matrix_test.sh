#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `certs check --partners`: which kinds of partner accept an Edge
# certificate, in each direction, from real handshakes. The certificate is
# the seed's without clientAuth (the 2026 public CA shape): partners that
# check the client purpose refuse the Edge when it connects, the others
# accept it both ways.
#
#   sh tests/cli/partner_matrix_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools jq

issue lab --defect no-client-eku || tap_finish
check() {
  run "$fedharness" certs check --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
    --key "$tmp/lab/edge.key" --trust "$tmp/lab/root-ca.pem" "$@"
}

check --partners all --format json
policies=$(ls "$root/scenarios/policies" | grep -c '\.yaml$')
# row POLICY: "INBOUND OUTBOUND", each "pass" or the code, "=" when the
# prediction agrees.
row() {
  jq -r --arg p "$1" '.partners[] | select(.policy == $p)
    | [.inbound, .outbound] | map((.code // .result) + (if .predicted.code == .code then "=" else "!" end))
    | join(" ")' "$tmp/stdout"
}
if [ "$status" -eq 1 ] && [ "$(jq '.partners | length' "$tmp/stdout")" -eq "$policies" ]; then
  pass "--partners all: a row per built-in policy ($policies); the AOL requirement still fails the check"
else
  fail "--partners all: a row per built-in policy" "exit status $status"
  show stderr "$tmp/stderr"
fi
for case in "aol:pass= EKU_CLIENT_MISSING=" "lync:pass= pass=" \
  "openssl-default:pass= EKU_CLIENT_MISSING=" "xmpp-rfc6120:pass= EKU_CLIENT_MISSING=" \
  "prosody:pass= pass=" "ejabberd-25:pass= pass="; do
  policy=${case%%:*}
  want=${case#*:}
  got=$(row "$policy")
  if [ "$got" = "$want" ]; then
    pass "$policy: inbound and outbound as real partners of that kind, as predicted ($want)"
  else
    fail "$policy: inbound and outbound as real partners of that kind" "got [$got], want [$want]"
  fi
done

check --partners "lync,$root/scenarios/policies/aol.yaml"
if grep -q '^  aol  *sip  *pass  *fail EKU_CLIENT_MISSING$' "$tmp/stdout" &&
  grep -q '^  lync  *sip  *pass  *pass$' "$tmp/stdout"; then
  pass "--partners by name and by policy file: the text table"
else
  fail "--partners by name and by policy file: the text table" "exit status $status"
  show stdout "$tmp/stdout"
fi

expect_bad_input "--partners naming a policy that does not exist: exit 2, names it" \
  "--partners: policy 'nope' does not exist" -- \
  "$fedharness" certs check --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
  --key "$tmp/lab/edge.key" --partners lync,nope

tap_finish
