#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Certificates as Windows exports them: PKCS#12 bundles made by the openssl
# CLI each way a Windows server may have exported one (RC2-40 with a SHA-1
# MAC, `-legacy`, as before Server 2019; 3DES with a SHA-1 MAC; AES-256 with
# PBKDF2, OpenSSL 3's and Server 2019's default), with the password saved by
# Notepad (CRLF at the end) or without a line break. Each loads in `certs
# check`, which names the certificate as Windows does (thumbprint, serial),
# and the legacy one serves a real handshake from `fedharness edge`.
#
#   sh tests/cli/windows_pfx_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
edge_pid=
# shellcheck disable=SC2317 # reached through the EXIT trap
cleanup() {
  [ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
require_tools openssl

issue lab --partner partner.example || tap_finish
lab=$tmp/lab
printf 'S3cret pfx!\r\n' >"$tmp/notepad.password"
printf 'S3cret pfx!' >"$tmp/bare.password"
printf 'not it\n' >"$tmp/wrong.password"

# bundle NAME OPTION...: the lab's Edge certificate, chain and key as NAME.pfx.
bundle() {
  _name=$1
  shift
  if ! openssl pkcs12 -export "$@" -in "$lab/edge-chain.pem" -inkey "$lab/edge.key" \
    -passout 'pass:S3cret pfx!' -out "$tmp/$_name.pfx" 2>"$tmp/openssl.err"; then
    fail "openssl pkcs12 -export $*" "$(cat "$tmp/openssl.err")"
    tap_finish
  fi
}
bundle legacy -legacy
bundle 3des -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1
bundle aes

for name in legacy 3des aes; do
  for password in notepad bare; do
    run "$fedharness" certs check --topology "$topology" --cert "$tmp/$name.pfx" \
      --password-file "$tmp/$password.password" --trust "$lab/root-ca.pem" --format json
    if [ "$status" -eq 0 ] && jq -e '.errors == 0' "$tmp/stdout" >/dev/null; then
      pass "certs check loads the $name bundle, $password password file"
    else
      fail "certs check loads the $name bundle, $password password file" "exit status $status"
      show stderr "$tmp/stderr"
    fi
  done
done

# The certificate as Windows names it, the same as the openssl CLI reads it
# (the last document checked: the AES bundle's).
thumbprint=$(openssl x509 -in "$lab/edge-chain.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
sha256=$(openssl x509 -in "$lab/edge-chain.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g')
serial=$(openssl x509 -in "$lab/edge-chain.pem" -noout -serial | sed 's/serial=//')
if jq -e --arg t "$thumbprint" --arg s "$sha256" --arg n "$serial" \
  '.certificate.sha1_thumbprint == $t and .certificate.sha256_fingerprint == $s
   and .certificate.serial == $n and (.certificate.not_after | test("^[0-9-]{10}T[0-9:]{8}Z$"))' \
  "$tmp/stdout" >/dev/null; then
  pass "certs check names the certificate by thumbprint, SHA-256, serial and ISO 8601 dates"
else
  fail "certs check names the certificate by thumbprint, SHA-256, serial and ISO 8601 dates" \
    "openssl says thumbprint $thumbprint, serial $serial"
  show json "$tmp/stdout"
fi
run "$fedharness" certs check --topology "$topology" --cert "$tmp/legacy.pfx" \
  --password-file "$tmp/bare.password" --trust "$lab/root-ca.pem"
if grep -q "thumbprint (SHA-1) $thumbprint, serial $serial" "$tmp/stdout"; then
  pass "certs check's text shows the thumbprint and serial"
else
  fail "certs check's text shows the thumbprint and serial" "no line with $thumbprint"
  show stdout "$tmp/stdout"
fi

expect_bad_input "a legacy bundle with the wrong password: exit 2, file and reason" \
  legacy.pfx "wrong password" -- \
  "$fedharness" certs check --topology "$topology" --cert "$tmp/legacy.pfx" \
  --password-file "$tmp/wrong.password"

# The legacy bundle's key and chain in a real handshake: the simulated Edge
# serves them, a partner of the lab connects and verifies them.
"$fedharness" edge --topology "$topology" --listen 127.0.0.1:0 --cert "$tmp/legacy.pfx" \
  --password-file "$tmp/notepad.password" --trust "$lab/root-ca.pem" --connections 1 \
  </dev/null >"$tmp/edge.out" 2>&1 &
edge_pid=$!
if ! await_output "$edge_pid" "$tmp/edge.out" 's/.*listening for SIP\/TLS on .*:\([0-9]*\) .*/\1/p'; then
  fail "fedharness edge serves the legacy bundle" "$(cat "$tmp/edge.out")"
  tap_finish
fi
run "$fedharness" probe sip "127.0.0.1:$found" --name sip.contoso.com --from partner.example \
  --cert "$lab/partner-partner.example-chain.pem" --key "$lab/partner-partner.example.key" \
  --trust "$lab/root-ca.pem" --format json
if [ "$status" -eq 0 ] && jq -e '.outcome == "pass"' "$tmp/stdout" >/dev/null; then
  pass "the legacy bundle's key and chain pass a real mutual-TLS handshake"
else
  fail "the legacy bundle's key and chain pass a real mutual-TLS handshake" "exit status $status"
  show stdout "$tmp/stdout"
  show stderr "$tmp/stderr"
fi

tap_finish
