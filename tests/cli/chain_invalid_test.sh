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

sans="DNS:sip.contoso.com,DNS:webcon.contoso.com,DNS:sip.fabrikam.com,DNS:contoso.com,DNS:fabrikam.com"
cd "$tmp" || exit 2
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
# cert NAME ISSUER EXTENSIONS...: NAME.pem for NAME.key, signed by ISSUER
# (itself when ISSUER is -), with the extensions given in openssl's syntax.
cert() {
  _name=$1 _issuer=$2
  shift 2
  printf '%s\n' "[v3]" "$@" >"$_name.ext"
  openssl req -new -key "$_name.key" -subj "/O=fedharness test/CN=$_name" -out "$_name.csr" \
    2>/dev/null
  if [ "$_issuer" = - ]; then
    openssl x509 -req -in "$_name.csr" -signkey "$_name.key" -days 30 -extfile "$_name.ext" \
      -extensions v3 -out "$_name.pem" 2>/dev/null
  else
    openssl x509 -req -in "$_name.csr" -CA "$_issuer.pem" -CAkey "$_issuer.key" \
      -CAcreateserial -days 30 -extfile "$_name.ext" -extensions v3 -out "$_name.pem" 2>/dev/null
  fi
}
leaf_extensions="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$sans"
ca="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign"

for name in root int0 int1 int-nc notca leaf-long leaf-nc leaf-notca leaf-critical int; do
  key "$name"
done
cert root - "$ca"
# Path length: int0 allows no CA below it, int1 is one.
cert int0 root "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign"
cert int1 int0 "$ca"
cert leaf-long int1 "$leaf_extensions"
# Name constraints: the issuing CA may certify example.org only.
cert int-nc root "$ca" "nameConstraints=critical,permitted;DNS:example.org"
cert leaf-nc int-nc "$leaf_extensions"
# An "issuing CA" that is an end-entity certificate.
cert notca root "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature"
cert leaf-notca notca "$leaf_extensions"
# A critical extension of a private OID.
cert int root "$ca"
cert leaf-critical int "$leaf_extensions" "1.3.6.1.4.1.55555.1=critical,ASN1:UTF8String:private"

chain() { cat "$@" >"$tmp/chain.pem"; }
# judge DESCRIPTION PATTERN: certs check of chain.pem, and the handshake.
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
