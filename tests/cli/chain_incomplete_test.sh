#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# A missing intermediate told from an untrusted chain. The leaf comes
# without its issuing CA: when the leaf names where its issuer is published
# (AIA caIssuers), or --intermediates holds the issuer, the chain was sent
# incomplete (CHAIN_INCOMPLETE, "send the intermediate"), in the check and
# in the handshake; only when nothing says the issuer exists is it
# CHAIN_UNTRUSTED. The evidence names where the issuer was found. A leaf-only
# file (DER) checked with --intermediates is a warning: the Edge must send
# the issuer, which the file cannot show. Certificates by the openssl CLI.
#
#   sh tests/cli/chain_incomplete_test.sh <path-to-fedharness> <repo-root>
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
cert root - "$ca_extensions"
cert issuing root "$ca_extensions"
cert leaf-aia=sip.contoso.com issuing "$leaf_extensions" "authorityInfoAccess=caIssuers;URI:http://ca.example/issuing.crt"
cert leaf=sip.contoso.com issuing "$leaf_extensions"
openssl x509 -in leaf.pem -outform DER -out leaf.der

# check LEAF FILE [OPTION...]: certs check of FILE (LEAF's certificate) with
# its key, partners trusting root.pem, and the handshake of openssl-default.
check() {
  _leaf=$1 _file=$2
  shift 2
  run "$fedharness" certs check --topology "$topology" --cert "$tmp/$_file" --key "$tmp/$_leaf.key" \
    --trust "$tmp/root.pem" --format json "$@"
}
# codes: "CHECK-CODES | HANDSHAKE-CODE" of the chain requirement.
codes() {
  jq -r '([.findings[] | select(.code | startswith("CHAIN")) | "\(.code)/\(.severity)"] | join(","))
    + " | " + (.partners[0].inbound.code // "pass")' "$tmp/stdout"
}

check leaf-aia leaf-aia.pem --partners openssl-default
if [ "$(codes)" = "CHAIN_INCOMPLETE/error | CHAIN_INCOMPLETE" ] &&
  jq -e '[(.findings[] | select(.code == "CHAIN_INCOMPLETE")), .partners[0].inbound
    | .evidence | test("http://ca.example/issuing.crt \\(AIA caIssuers\\) but was not sent")]
    | all' \
    "$tmp/stdout" >/dev/null; then
  pass "issuer named by AIA caIssuers, not sent: CHAIN_INCOMPLETE in the check and the handshake, naming the URL"
else
  fail "issuer named by AIA caIssuers, not sent: CHAIN_INCOMPLETE" "got [$(codes)]"
  show stdout "$tmp/stdout"
fi

check leaf leaf.pem --partners openssl-default
if [ "$(codes)" = "CHAIN_UNTRUSTED/error | CHAIN_UNTRUSTED" ]; then
  pass "issuer unknown and unnamed: CHAIN_UNTRUSTED in the check and the handshake"
else
  fail "issuer unknown and unnamed: CHAIN_UNTRUSTED" "got [$(codes)]"
  show stdout "$tmp/stdout"
fi

check leaf leaf.pem --intermediates "$tmp/issuing.pem"
if [ "$status" -eq 1 ] && [ "$(codes)" = "CHAIN_INCOMPLETE/error | pass" ] &&
  jq -e '.findings[] | select(.code == "CHAIN_INCOMPLETE") | .evidence
    | test("CN=issuing,O=fedharness test \\(known to the verifier only from [^)]*/issuing\\.pem\\)")' \
    "$tmp/stdout" \
    >/dev/null; then
  pass "issuer in --intermediates, not sent: CHAIN_INCOMPLETE naming issuing.pem, not the root file"
else
  fail "issuer in --intermediates, not sent: CHAIN_INCOMPLETE naming issuing.pem" \
    "exit status $status, got [$(codes)]"
  show stdout "$tmp/stdout"
fi

check leaf leaf.der --intermediates "$tmp/issuing.pem"
if [ "$status" -eq 0 ] && [ "$(codes)" = "CHAIN_INCOMPLETE/warning | pass" ] &&
  jq -e '.findings[] | select(.code == "CHAIN_INCOMPLETE") | .evidence
    | test("holds the leaf only: make sure the Edge sends it")' "$tmp/stdout" >/dev/null; then
  pass "a DER leaf with --intermediates: a warning that the Edge must send the issuer, not a pass"
else
  fail "a DER leaf with --intermediates: a warning" "exit status $status, got [$(codes)]"
  show stdout "$tmp/stdout"
fi

tap_finish
