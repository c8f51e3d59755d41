#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `certs whatif`: the partner matrix of the Edge certificate as it is, and as
# each renewal would make it, from real handshakes. The certificate is the
# seed's, with both EKUs, from the lab; its renewals come from another lab
# CA standing in for the public one. What 2026 brings: without clientAuth
# (serverauth-only), or from a serverAuth-only issuing CA, the partners
# that check the client purpose refuse the Edge when it connects, and
# nothing else changes; installed without the chain, partners cannot build
# the path; a new key type or a 47-day lifetime changes no verdict today,
# but the 47-day certificate has expired two months on (--at).
#
#   sh tests/cli/certs_whatif_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools jq openssl

issue lab || tap_finish
whatif() {
  run "$fedharness" certs whatif --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
    --key "$tmp/lab/edge.key" --trust "$tmp/lab/root-ca.pem" "$@"
}

whatif --renewal serverauth-only,serverauth-only-issuer,no-intermediate,rsa-2048+lifetime:47 \
  --format json
cp "$tmp/stdout" "$tmp/whatif.json"
policies=$(ls "$root/scenarios/policies" | grep -c '\.yaml$')
if [ "$status" -eq 1 ] && jq -e --argjson n "$policies" '(.before.partners | length) == $n
    and ([.before.partners[] | .inbound.result, .outbound.result] | unique) == ["pass"]
    and (.after | map(.renewal)) == ["serverauth-only", "serverauth-only-issuer",
      "no-intermediate", "rsa-2048+lifetime:47"]
    and all(.after[]; (.partners | length) == $n)' "$tmp/whatif.json" >/dev/null; then
  pass "every built-in policy accepts the certificate as it is; a matrix per renewal; exit 1 (a renewal breaks some)"
else
  fail "the matrix before and after each renewal" "exit status $status"
  show stderr "$tmp/stderr"
fi

thumbprint=$(openssl x509 -in "$tmp/lab/edge.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
if jq -e --arg t "$thumbprint" '.certificate.sha1_thumbprint == $t
    and all(.after[]; .certificate.subject == $t0.certificate.subject
      and .certificate.dns_names == $t0.certificate.dns_names
      and .certificate.sha1_thumbprint != $t)' --argjson t0 "$(cat "$tmp/whatif.json")" \
  "$tmp/whatif.json" >/dev/null; then
  pass "the certificate is named by its thumbprint; every renewal keeps its subject and SANs, with a thumbprint of its own"
else
  fail "the certificate is named by its thumbprint; every renewal keeps its subject and SANs" \
    "want thumbprint $thumbprint"
fi

# changes RENEWAL: "POLICY DIRECTION AFTER" for each changed cell, sorted.
changes() {
  jq -r --arg r "$1" '.after[] | select(.renewal == $r) | .changes[]
    | "\(.policy) \(.direction) \(.after)\(if .breaks then "" else " (not a break)" end)"' \
    "$tmp/whatif.json" | sort
}
# The built-in policies that check a connecting Edge's client purpose, from
# certs check's warning about a certificate without clientAuth.
issue noclient --defect no-client-eku || tap_finish
run "$fedharness" certs check --topology "$topology" --cert "$tmp/noclient/edge-chain.pem" \
  --key "$tmp/noclient/edge.key" --trust "$tmp/noclient/root-ca.pem" --partners all --format json
checkers=$(jq -r '.partners[] | select(.outbound.code == "EKU_CLIENT_MISSING")
  | "\(.policy) outbound fail EKU_CLIENT_MISSING"' "$tmp/stdout" | sort)
for renewal in serverauth-only serverauth-only-issuer; do
  got=$(changes "$renewal")
  if [ -n "$checkers" ] && [ "$got" = "$checkers" ]; then
    pass "$renewal: exactly the partners that check the client purpose break, outbound, with EKU_CLIENT_MISSING"
  else
    fail "$renewal: exactly the partners that check the client purpose break" \
      "got [$got], want [$checkers]"
  fi
done
if jq -e '(.after[0].certificate.eku == ["serverAuth"])
    and (.after[1].certificate.eku == ["serverAuth", "clientAuth"])
    and (.after[1].certificate.issuer | test("ServerAuth-only"))' "$tmp/whatif.json" >/dev/null; then
  pass "serverauth-only drops clientAuth from the leaf; serverauth-only-issuer keeps it and changes the issuer"
else
  fail "serverauth-only drops clientAuth from the leaf; serverauth-only-issuer keeps it" \
    "$(jq -c '[.after[0:2][] | .certificate | {eku, issuer}]' "$tmp/whatif.json")"
fi
if jq -e '.after[2] | .chain_presented == false
    and ([.changes[] | select(.direction == "inbound")] | length) == ($n | tonumber)
    and all(.changes[]; .after == "fail CHAIN_INCOMPLETE" and .breaks)' --arg n "$policies" \
  "$tmp/whatif.json" >/dev/null; then
  pass "no-intermediate: every partner refuses the Edge's server certificate with CHAIN_INCOMPLETE"
else
  fail "no-intermediate: every partner refuses the Edge's server certificate with CHAIN_INCOMPLETE" \
    "$(jq -c '.after[2].changes' "$tmp/whatif.json")"
fi
if jq -e '.after[3] | (.changes | length) == 0 and .certificate.key == "RSA 2048"
    and ((.certificate.not_after | fromdateiso8601) - (.certificate.not_before | fromdateiso8601))
      == 47 * 86400' "$tmp/whatif.json" >/dev/null; then
  pass "rsa-2048+lifetime:47: an RSA key, 47 days, and no verdict changes"
else
  fail "rsa-2048+lifetime:47: an RSA key, 47 days, and no verdict changes" \
    "$(jq -c '.after[3] | {changes, certificate}' "$tmp/whatif.json")"
fi

# The text: one table, before and after side by side, a changed cell red.
whatif --renewal serverauth-only --partners openssl-default,lync --color always
esc=$(printf '\033')
if [ "$status" -eq 1 ] &&
  grep -q '^  policy  *before  *serverauth-only$' "$tmp/stdout" &&
  grep -q "^  openssl-default  *outbound  *pass  *${esc}\[31mfail EKU_CLIENT_MISSING \*${esc}\[0m$" \
    "$tmp/stdout" &&
  grep -q '^  lync  *inbound  *pass  *pass$' "$tmp/stdout" &&
  grep -q '^serverauth-only changes 1 verdict, 1 from pass to fail$' "$tmp/stdout" &&
  grep -q '^  pass -> fail EKU_CLIENT_MISSING (1): openssl-default outbound$' "$tmp/stdout" &&
  grep -q '^    openssl-default outbound: .*unsuitable certificate purpose at depth 0' \
    "$tmp/stdout"; then
  pass "text: before and after side by side, the change in red, then its evidence"
else
  fail "text: before and after side by side, the change in red, then its evidence" \
    "exit status $status"
  show stdout "$tmp/stdout"
fi
whatif --renewal serverauth-only --partners openssl-default
if ! grep -q "$esc" "$tmp/stdout" && grep -q 'fail EKU_CLIENT_MISSING \*' "$tmp/stdout"; then
  pass "text to a pipe: no colour, the change still marked"
else
  fail "text to a pipe: no colour, the change still marked"
  show stdout "$tmp/stdout"
fi

whatif --renewal rsa-2048 --partners lync,prosody
if [ "$status" -eq 0 ] && grep -q "^rsa-2048 changes no partner's verdict$" "$tmp/stdout"; then
  pass "exit 0 when no renewal breaks a partner"
else
  fail "exit 0 when no renewal breaks a partner" "exit status $status"
  show stdout "$tmp/stdout"
fi

# --at: two months on, the 47-day renewal (issued now) has expired, while the
# certificate as it is (the lab's 180 days) still passes.
later=$(date -u -d '+60 days' +%Y-%m-%d)
whatif --renewal lifetime:47 --partners lync --at "$later" --format json
if [ "$status" -eq 1 ] && jq -e --arg at "${later}T00:00:00Z" '.judged_at == $at
    and .before.partners[0].inbound.result == "pass"
    and ([.after[0].changes[] | .after] | unique) == ["fail CERT_EXPIRED"]
    and (.after[0].changes | length) == 2' "$tmp/stdout" >/dev/null; then
  pass "--at $later: the 47-day renewal has expired then, the certificate as it is has not"
else
  fail "--at $later: the 47-day renewal has expired then" "exit status $status"
  show stdout "$tmp/stdout"
fi

expect_no_private_key() {
  if cat "$tmp/stdout" "$tmp/stderr" | grep -q 'PRIVATE KEY'; then
    fail "$1" "output contains 'PRIVATE KEY'"
  else
    pass "$1"
  fi
}
expect_no_private_key "certs whatif prints no private key"

expect_bad_input "an unknown shape: exit 2, names it and the known ones" \
  "--renewal serverauth-only+clientauth: unknown shape 'clientauth'" "lifetime:DAYS" -- \
  "$fedharness" certs whatif --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
  --key "$tmp/lab/edge.key" --renewal serverauth-only+clientauth
expect_bad_input "lifetime:0: exit 2" "--renewal lifetime:0" "from 1 to" -- \
  "$fedharness" certs whatif --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
  --key "$tmp/lab/edge.key" --renewal lifetime:0
expect_bad_input "a certificate without its key: exit 2, asks for --key" \
  "edge-chain.pem: no private key" "--key" -- \
  "$fedharness" certs whatif --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
  --renewal serverauth-only --partners lync

tap_finish
