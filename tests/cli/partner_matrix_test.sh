#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `certs check --partners`: which kinds of partner accept an Edge
# certificate, in each direction, from real handshakes. The certificate is
# the seed's without clientAuth (the 2026 public CA shape): partners that
# check the client purpose refuse the Edge when it connects, the others
# accept it both ways. And --at: the same questions as of a later date,
# when the certificate (180 days, the lab's) has expired.
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

# --at: 200 days on, the certificate has expired; every verifier says so,
# the lab's own certificates (the partners') being issued around that date.
later=$(date -u -d '+200 days' +%Y-%m-%d)
check --partners lync --at "$later" --format json
if [ "$status" -eq 1 ] && jq -e --arg at "${later}T00:00:00Z" '.judged_at == $at
    and ([.findings[] | select(.code == "CERT_EXPIRED")] | length) == 1
    and .partners[0].inbound.code == "CERT_EXPIRED" and .partners[0].outbound.code == "CERT_EXPIRED"
    and .partners[0].inbound.predicted.code == "CERT_EXPIRED"' "$tmp/stdout" >/dev/null; then
  pass "--at $later: the check, the handshakes and the prediction all judge the date"
else
  fail "--at $later: the check, the handshakes and the prediction all judge the date" \
    "exit status $status"
  show stdout "$tmp/stdout"
fi
run "$fedharness" run "$root/scenarios/sip/federation-good.yaml" --at "$later" --format json
if [ "$status" -eq 0 ] && jq -e --arg at "${later}T00:00:00Z" '.run.judged_at == $at' \
  "$tmp/stdout" >/dev/null; then
  pass "run --at: the lab's certificates are issued around the date, the report says it"
else
  fail "run --at: the lab's certificates are issued around the date, the report says it" \
    "exit status $status"
  show stderr "$tmp/stderr"
fi
for bad in 2027-02-30 2027-13-01 tomorrow 2027-03-01T25:00:00Z; do
  expect_bad_input "--at $bad: exit 2, names the option" "--at '$bad'" "ISO 8601" -- \
    "$fedharness" certs check --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
    --key "$tmp/lab/edge.key" --at "$bad"
done

expect_bad_input "--partners naming a policy that does not exist: exit 2, names it" \
  "--partners: policy 'nope' does not exist" -- \
  "$fedharness" certs check --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
  --key "$tmp/lab/edge.key" --partners lync,nope

tap_finish
