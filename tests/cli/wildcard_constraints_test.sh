#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# A wildcard SAN that reaches into a subtree its issuing CA's name
# constraints exclude (RFC 5280 §4.2.1.10). OpenSSL checks the SAN as
# written ("*.contoso.com" is not within "sip.contoso.com") and accepts the
# chain; careful verifiers check the name the wildcard stood for. So
# partners whose policy matches wildcards (Teams Direct Routing) refuse the
# Edge's certificate for sip.contoso.com, naming the constraint, in the
# handshake and in the prediction, while an OpenSSL partner accepts it.
# Certificates by the openssl CLI.
#
#   sh tests/cli/wildcard_constraints_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools jq openssl

# shellcheck source=../lib/openssl_ca.sh
. "$root/tests/lib/openssl_ca.sh"
cd "$tmp" || exit 2
wildcard_leaf="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:*.contoso.com,DNS:contoso.com,DNS:fabrikam.com,DNS:sip.fabrikam.com"
cert root - "$ca_extensions"
cert constrained root "$ca_extensions" "nameConstraints=critical,excluded;DNS:sip.contoso.com"
cert open root "$ca_extensions"
cert leaf=sip.contoso.com constrained "$wildcard_leaf"
cat leaf.pem constrained.pem >constrained-chain.pem
# The same key under the CA without constraints (cert reuses a key file).
cp leaf.key open-leaf.key
cert open-leaf=sip.contoso.com open "$wildcard_leaf"
cat open-leaf.pem open.pem >open-chain.pem

# partners CHAIN: "TEAMS-INBOUND PREDICTED OPENSSL-INBOUND"
partners() {
  run "$fedharness" certs check --topology "$topology" --cert "$tmp/$1" --key "$tmp/leaf.key" \
    --trust "$tmp/root.pem" --partners teams-direct-routing,openssl-default --format json
  jq -r '[.partners[0].inbound | (.code // "pass"), (.predicted.code // "pass")]
    + [.partners[1].inbound | (.code // "pass")] | join(" ")' "$tmp/stdout"
}

got=$(partners constrained-chain.pem)
if [ "$got" = "NAME_MISMATCH NAME_MISMATCH pass" ] &&
  jq -e '.partners[0].inbound.evidence
    | test("the wildcard \\*.contoso.com would cover sip.contoso.com, but CN=constrained,O=fedharness test.s name constraints exclude sip.contoso.com")' \
    "$tmp/stdout" >/dev/null; then
  pass "wildcard into an excluded subtree: Teams refuses (handshake and prediction, naming the constraint), OpenSSL accepts"
else
  fail "wildcard into an excluded subtree: Teams refuses, OpenSSL accepts" "got [$got]"
  show stdout "$tmp/stdout"
fi

got=$(partners open-chain.pem)
if [ "$got" = "pass pass pass" ]; then
  pass "the same wildcard from a CA without constraints: every partner accepts"
else
  fail "the same wildcard from a CA without constraints: every partner accepts" "got [$got]"
  show stdout "$tmp/stdout"
fi

tap_finish
