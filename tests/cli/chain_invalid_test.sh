#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Chains invalid in themselves get CHAIN_INVALID with OpenSSL's reason and a
# fix, not CHAIN_UNTRUSTED ("use a public CA") nor TLS_HANDSHAKE_FAILED: a
# CA's path length exceeded, a name outside an issuing CA's name
# constraints, an "issuing CA" that is not a CA, a critical extension
# nobody understands. The chains are made by the openssl CLI, independent
# of our PKI code; each is judged by certs check and by a real handshake
# with a partner that verifies it (--partners openssl-default, inbound).
#
#   sh tests/cli/chain_invalid_test.sh <path-to-fedharness> <repo-root>
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
# Path length: int0 allows no CA below it, int1 is one.
cert int0 root "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign"
cert int1 int0 "$ca_extensions"
cert leaf-long=sip.contoso.com int1 "$leaf_extensions"
# Name constraints: the issuing CA may certify example.org only.
cert int-nc root "$ca_extensions" "nameConstraints=critical,permitted;DNS:example.org"
cert leaf-nc=sip.contoso.com int-nc "$leaf_extensions"
# An "issuing CA" that is an end-entity certificate.
cert notca root "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature"
cert leaf-notca=sip.contoso.com notca "$leaf_extensions"
# A critical extension of a private OID.
cert int root "$ca_extensions"
cert leaf-critical=sip.contoso.com int "$leaf_extensions" "1.3.6.1.4.1.55555.1=critical,ASN1:UTF8String:private"

chain() { cat "$@" >"$tmp/chain.pem"; }
# judge DESCRIPTION LEAF PATTERN: certs check of chain.pem, and the handshake.
judge() {
  run "$fedharness" certs check --topology "$topology" --cert "$tmp/chain.pem" \
    --key "$tmp/$2.key" --trust "$tmp/root.pem" --partners openssl-default --format json
  if [ "$status" -eq 1 ] && jq -e --arg p "$3" '
      ([.findings[] | select(.code == "CHAIN_INVALID") | .evidence | test($p)] | any)
      and ([.findings[] | select(.code == "CHAIN_UNTRUSTED" or .code == "TLS_HANDSHAKE_FAILED")]
        | length) == 0
      and .partners[0].inbound.code == "CHAIN_INVALID"
      and (.partners[0].inbound.evidence | test($p))' "$tmp/stdout" >/dev/null; then
    pass "$1: CHAIN_INVALID in the check and the handshake, the reason and its fix in the evidence"
  else
    fail "$1: CHAIN_INVALID in the check and the handshake" "exit status $status"
    show stdout "$tmp/stdout"
    show stderr "$tmp/stderr"
  fi
}
chain leaf-long.pem int1.pem int0.pem
judge "a CA's path length exceeded" leaf-long "pathLenConstraint.*fix: present the chain"
chain leaf-nc.pem int-nc.pem
judge "a name outside the issuing CA's name constraints" leaf-nc "name constraints permit.*fix:"
chain leaf-notca.pem notca.pem
judge "an issuer that is not a CA" leaf-notca "is not a CA.*fix: present the issuing CA"
chain leaf-critical.pem int.pem
judge "a critical extension not understood" leaf-critical "critical extension.*fix:"

run "$fedharness" explain CHAIN_INVALID
if [ "$status" -eq 0 ] && grep -q 'RFC 5280 §6' "$tmp/stdout"; then
  pass "explain CHAIN_INVALID"
else
  fail "explain CHAIN_INVALID" "exit status $status"
fi

tap_finish
