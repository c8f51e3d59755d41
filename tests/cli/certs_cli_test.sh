#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Integration test of `fedharness certs issue` and `fedharness certs check`.
#
#   sh tests/cli/certs_cli_test.sh <path-to-fedharness> <repo-root>
#
# Prints one TAP line per check ("ok N - ..." / "not ok N - ..." followed by
# "#" lines saying what was expected and what came), then the plan and a
# count. Exits 0 when every check passed, 1 when some failed, 2 on bad usage.
#
# Needs only sh, coreutils, grep, awk and the openssl CLI. The JSON report is
# read with grep -o on "code":"..." (no python or jq): finding objects are the
# only place that key occurs, requirement rows use "codes":[...] instead.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
fixtures=$root/fixtures/certs
# Globs are never wanted here; expected strings may contain [ or *.
set -f

# POSIX sh has no local variables: the helpers below name theirs with a
# leading underscore so that they cannot overwrite the caller's ($key, $dir,
# $want...). Their only deliberate output is $status, set by run.

# --- running the commands -----------------------------------------------------

# Finding codes of a JSON report, sorted, one line, space separated. A sorted
# list rather than a set: a code reported twice for one defect is a bug too.
codes_in() {
  grep -o '"code":"[A-Z_]*"' "$1" | sed 's/^"code":"\(.*\)"$/\1/' | sort | tr '\n' ' ' |
    sed 's/ $//'
}

# The same normal form for an expected list: comma separated, or "pass"/"-"
# for no findings; "(warning)" after a code that is a warning there.
normal_codes() {
  case $1 in
    pass | - | '') echo '' ;;
    *) echo "$1" | sed 's/(warning)//g' | tr ',' '\n' | sort | tr '\n' ' ' | sed 's/ $//' ;;
  esac
}

# The exit status certs check must give for these codes: 1 for any error,
# 0 when there are only warnings (CERT_EXPIRES_SOON, and those marked).
status_for_codes() {
  case $(echo "$1" | sed 's/[A-Z_]*(warning)//g' | normal_codes "$(cat)" |
    sed 's/CERT_EXPIRES_SOON//g' | tr -d ' ') in
    '') echo 0 ;;
    *) echo 1 ;;
  esac
}

# expect_check DESCRIPTION EXPECTED_CODES -- COMMAND...
# Runs a `certs check --format json` command and asserts the exact finding
# codes, the matching exit status (see status_for_codes), and a quiet stderr.
expect_check() {
  _desc=$1
  _want_codes=$(normal_codes "$2")
  _want_status=$(status_for_codes "$2")
  shift 3 # DESCRIPTION CODES --
  run "$@"
  _got_codes=$(codes_in "$tmp/stdout")
  if [ "$status" -eq "$_want_status" ] && [ "$_got_codes" = "$_want_codes" ] &&
    [ ! -s "$tmp/stderr" ]; then
    pass "$_desc"
  else
    fail "$_desc" "exit status $status, want $_want_status" \
      "codes [$_got_codes], want [$_want_codes]"
    [ -s "$tmp/stderr" ] && show "stderr (want empty)" "$tmp/stderr"
  fi
}

# check_against DIR [OPTION...]: runs certs check of DIR/edge-chain.pem
# against the seed topology, trusting DIR's own root and knowing DIR's own
# intermediate, as a partner of that lab PKI would.
# shellcheck disable=SC2317 # reached through run, which shellcheck does not follow
check_against() {
  _against=$tmp/$1
  shift
  "$fedharness" certs check --topology "$topology" --cert "$_against/edge-chain.pem" \
    --trust "$_against/root-ca.pem" --intermediates "$_against/intermediate-ca.pem" \
    --format json "$@"
}

# expect_no_key_leak DESCRIPTION KEYFILE FILE...: none of FILEs holds a line
# of KEYFILE's base64 body. Only lines of 20 or more characters are looked
# for; a short last line (e.g. "Wg==") could turn up anywhere by chance.
expect_no_key_leak() {
  _desc=$1
  _key=$2
  shift 2
  grep -E '^[A-Za-z0-9+/=]{20,}$' "$_key" >"$tmp/key-lines"
  if [ ! -s "$tmp/key-lines" ]; then
    fail "$_desc" "$_key has no base64 body to look for"
    return
  fi
  if cat "$@" | grep -qF -f "$tmp/key-lines"; then
    fail "$_desc" "a line of $_key's base64 body appears in the output"
  else
    pass "$_desc"
  fi
}

# expect_no_private_key DESCRIPTION FILE...: no "PRIVATE KEY" in the output.
expect_no_private_key() {
  _desc=$1
  shift
  if cat "$@" | grep -q 'PRIVATE KEY'; then
    fail "$_desc" "output contains 'PRIVATE KEY'"
  else
    pass "$_desc"
  fi
}

# expect_status WANT DESCRIPTION: the last run ended with exit status WANT
# (so that the checks made on its output are not made on an error message).
expect_status() {
  if [ "$status" -eq "$1" ]; then
    pass "$2"
  else
    fail "$2" "exit status $status, want $1"
    show stderr "$tmp/stderr"
  fi
}

# expect_equal DESCRIPTION GOT WANT
expect_equal() {
  if [ "$2" = "$3" ]; then
    pass "$1"
  else
    fail "$1" "got  [$2]" "want [$3]"
  fi
}

# expect_openssl_verify PASS|FAIL PURPOSE DIR UNTRUSTED DESCRIPTION
# Checks DIR/edge.pem with the openssl CLI, our factory's certificates judged
# by a verifier we did not write. A failure must be for the purpose, not for
# some other reason (a missing issuer would also make verify fail).
expect_openssl_verify() {
  _want=$1 _purpose=$2 _dir=$tmp/$3 _untrusted=$4 _desc=$5
  run openssl verify -CAfile "$_dir/root-ca.pem" -untrusted "$_untrusted" -purpose "$_purpose" \
    "$_dir/edge.pem"
  cat "$tmp/stdout" "$tmp/stderr" >"$tmp/openssl-out"
  if [ "$_want" = PASS ] && [ "$status" -eq 0 ]; then
    pass "$_desc"
  elif [ "$_want" = FAIL ] && [ "$status" -ne 0 ] &&
    grep -q 'unsuitable certificate purpose' "$tmp/openssl-out"; then
    pass "$_desc"
  else
    fail "$_desc" "openssl verify exit status $status, want $_want" \
      "(a FAIL must say 'unsuitable certificate purpose')"
    show "openssl output" "$tmp/openssl-out"
  fi
}

# =============================================================================
# 1. certs issue of the seed topology: the files, their modes, no key on stdout
# =============================================================================

# umask 000 on purpose: the keys must come out 0600 because fedharness sets
# the mode, not because the caller's umask happens to be strict.
(umask 000 && "$fedharness" certs issue "$topology" --out "$tmp/good" --partner aol.com \
  </dev/null >"$tmp/issue.stdout" 2>"$tmp/issue.stderr")
status=$?
if [ "$status" -eq 0 ] && [ ! -s "$tmp/issue.stderr" ]; then
  pass "certs issue --partner aol.com: exit 0, nothing on stderr"
else
  fail "certs issue --partner aol.com: exit 0, nothing on stderr" "exit status $status"
  show stderr "$tmp/issue.stderr"
  echo "Bail out! cannot issue the seed lab PKI"
  exit 1
fi

# shellcheck disable=SC2012 # the names are ours and plain; ls -A is the simplest listing
expect_equal "certs issue --partner aol.com writes exactly the lab PKI files" \
  "$(ls -A "$tmp/good" | sort | tr '\n' ' ')" \
  "$(printf '%s\n' root-ca.pem intermediate-ca.pem edge.pem edge-chain.pem edge.key edge.p12 \
    partner-aol.com.pem partner-aol.com-chain.pem partner-aol.com.key | sort | tr '\n' ' ')"

# stat prints "MODE NAME"; all modes in one comparison, so the failure output
# shows every file whose mode is off.
expect_equal "keys and edge.p12 are mode 600, certificates 644 (under umask 000)" \
  "$(cd "$tmp/good" && stat -c '%a %n' edge.key edge.p12 partner-aol.com.key root-ca.pem \
    intermediate-ca.pem edge.pem edge-chain.pem partner-aol.com.pem partner-aol.com-chain.pem |
    tr '\n' ' ')" \
  "600 edge.key 600 edge.p12 600 partner-aol.com.key 644 root-ca.pem 644 intermediate-ca.pem 644 edge.pem 644 edge-chain.pem 644 partner-aol.com.pem 644 partner-aol.com-chain.pem "

expect_no_private_key "certs issue prints no private key" "$tmp/issue.stdout" "$tmp/issue.stderr"

# The seed issue without --partner writes only the Edge side.
# shellcheck disable=SC2012 # as above
issue seed &&
  expect_equal "certs issue without --partner writes exactly the six Edge files" \
    "$(ls -A "$tmp/seed" | sort | tr '\n' ' ')" \
    "$(printf '%s\n' root-ca.pem intermediate-ca.pem edge.pem edge-chain.pem edge.key edge.p12 |
      sort | tr '\n' ' ')"

# Issuing again over a world-readable edge.key must not keep the old mode.
mkdir "$tmp/reissue" && echo placeholder >"$tmp/reissue/edge.key" &&
  chmod 644 "$tmp/reissue/edge.key"
issue reissue &&
  expect_equal "certs issue over an existing 644 edge.key leaves it 600" \
    "$(stat -c %a "$tmp/reissue/edge.key")" 600

# edge-chain.pem is what the Edge presents: the leaf, then the issuing CA.
expect_equal "edge-chain.pem is edge.pem followed by intermediate-ca.pem" \
  "$(cat "$tmp/good/edge.pem" "$tmp/good/intermediate-ca.pem" | cksum)" \
  "$(cksum <"$tmp/good/edge-chain.pem")"

# =============================================================================
# 2. The openssl CLI agrees with our factory
# =============================================================================

expect_openssl_verify PASS sslserver good "$tmp/good/intermediate-ca.pem" \
  "openssl: good edge.pem verifies for sslserver"
expect_openssl_verify PASS sslclient good "$tmp/good/intermediate-ca.pem" \
  "openssl: good edge.pem verifies for sslclient"

if issue no-client-eku --defect no-client-eku; then
  expect_openssl_verify PASS sslserver no-client-eku "$tmp/no-client-eku/intermediate-ca.pem" \
    "openssl: --defect no-client-eku verifies for sslserver"
  expect_openssl_verify FAIL sslclient no-client-eku "$tmp/no-client-eku/intermediate-ca.pem" \
    "openssl: --defect no-client-eku fails sslclient"
fi

if issue no-server-eku --defect no-server-eku; then
  expect_openssl_verify FAIL sslserver no-server-eku "$tmp/no-server-eku/intermediate-ca.pem" \
    "openssl: --defect no-server-eku fails sslserver"
  expect_openssl_verify PASS sslclient no-server-eku "$tmp/no-server-eku/intermediate-ca.pem" \
    "openssl: --defect no-server-eku verifies for sslclient"
fi

# With server-only-issuer the leaf itself allows both purposes; its issuing CA
# is the second certificate of edge-chain.pem and intermediate-ca.pem, and
# OpenSSL's sslclient check refuses it for its serverAuth-only EKU.
if issue server-only-issuer --defect server-only-issuer; then
  issuer=$tmp/server-only-issuer/issuing-ca.pem
  awk 'after_leaf { print } /^-----END CERTIFICATE-----$/ { after_leaf = 1 }' \
    "$tmp/server-only-issuer/edge-chain.pem" >"$issuer"
  expect_equal "--defect server-only-issuer: edge-chain.pem holds exactly one issuing CA" \
    "$(grep -c '^-----BEGIN CERTIFICATE-----$' "$issuer")" 1
  expect_equal "--defect server-only-issuer: intermediate-ca.pem is the CA that issued edge.pem" \
    "$(cmp -s "$issuer" "$tmp/server-only-issuer/intermediate-ca.pem" && echo same)" same
  expect_openssl_verify FAIL sslclient server-only-issuer \
    "$tmp/server-only-issuer/intermediate-ca.pem" \
    "openssl: --defect server-only-issuer with -untrusted intermediate-ca.pem fails sslclient for the purpose (error 26)"
  expect_openssl_verify PASS sslserver server-only-issuer "$issuer" \
    "openssl: --defect server-only-issuer verifies for sslserver"
  expect_openssl_verify FAIL sslclient server-only-issuer "$issuer" \
    "openssl: --defect server-only-issuer fails sslclient"
fi

run openssl pkcs12 -in "$tmp/good/edge.p12" -passin pass:fedharness -nokeys
if [ "$status" -eq 0 ] && grep -q 'BEGIN CERTIFICATE' "$tmp/stdout"; then
  pass "openssl: edge.p12 opens with the lab password fedharness"
else
  fail "openssl: edge.p12 opens with the lab password fedharness" "exit status $status"
  show stderr "$tmp/stderr"
fi

run openssl pkcs12 -in "$tmp/good/edge.p12" -passin pass:not-the-password -nokeys
if [ "$status" -ne 0 ]; then
  pass "openssl: edge.p12 does not open with a wrong password"
else
  fail "openssl: edge.p12 does not open with a wrong password" "exit status 0"
fi

expect_equal "openssl: partner-aol.com.pem has SANs sip.aol.com and aol.com" \
  "$(openssl x509 -in "$tmp/good/partner-aol.com.pem" -noout -ext subjectAltName |
    grep -v 'Subject Alternative Name' | tr -d ' ')" \
  "DNS:sip.aol.com,DNS:aol.com"

# =============================================================================
# 3. certs check finds exactly the defect that was issued
# =============================================================================

expect_check "certs check: good lab PKI, no findings, exit 0" pass -- check_against good

# defect  expected codes. The folder name is the defect with ':' made '_'.
while read -r defect want; do
  dir=defect-$(echo "$defect" | tr ':' '_')
  issue "$dir" --defect "$defect" || continue
  expect_check "certs check --defect $defect: exactly $want" "$want" -- check_against "$dir"
done <<'EOF'
no-client-eku                 EKU_CLIENT_MISSING
no-server-eku                 EKU_SERVER_MISSING
missing-san:sip.fabrikam.com  SAN_MISSING
missing-san:fabrikam.com      SAN_MISSING
subject-not-in-san            SUBJECT_NOT_IN_SAN
expired                       CERT_EXPIRED
not-yet-valid                 CERT_NOT_YET_VALID
expires-soon                  CERT_EXPIRES_SOON
self-signed                   CERT_SELF_SIGNED
untrusted-ca                  CHAIN_UNTRUSTED
weak-key                      KEY_TOO_WEAK
sha1                          SIGNATURE_WEAK
server-only-issuer            EKU_CLIENT_MISSING
no-intermediate               CHAIN_INCOMPLETE
EOF

# The lab password with no trailing newline, as a password file holds it.
printf 'fedharness' >"$tmp/lab.password"
expect_check "certs check: good edge.p12 with its password file, no findings" pass -- \
  "$fedharness" certs check --topology "$topology" --cert "$tmp/good/edge.p12" \
  --password-file "$tmp/lab.password" --trust "$tmp/good/root-ca.pem" \
  --intermediates "$tmp/good/intermediate-ca.pem" --format json

# The key of another lab PKI (issued above) does not belong to good's leaf.
expect_check "certs check: good edge-chain.pem with another PKI's edge.key, KEY_MISMATCH" \
  KEY_MISMATCH -- check_against good --key "$tmp/seed/edge.key"

expect_check "certs check: good edge-chain.pem with its own edge.key, no findings" pass -- \
  check_against good --key "$tmp/good/edge.key"

# =============================================================================
# 4. The openssl-made fixtures (fixtures/certs/expected.tsv)
# =============================================================================

tab=$(printf '\t')
cases=0
while IFS=$tab read -r file want; do
  case $file in '#'* | '') continue ;; esac
  cases=$((cases + 1))
  expect_check "fixture $file: exactly $want" "$want" -- \
    "$fedharness" certs check --topology "$topology" --cert "$fixtures/$file" \
    --trust "$fixtures/root-ca.pem" --intermediates "$fixtures/intermediate-ca.pem" \
    --password-file "$fixtures/good.p12.password" --format json
done <"$fixtures/expected.tsv"
# An empty or misread table must not pass by checking nothing.
if [ "$cases" -gt 0 ]; then
  pass "expected.tsv lists $cases fixtures"
else
  fail "expected.tsv lists some fixtures" "no case read from $fixtures/expected.tsv"
fi

# =============================================================================
# 5. Bad input: exit 2, nothing on stdout, one line on stderr naming the culprit
# =============================================================================

# certs_check CERT [OPTION...]: runs certs check of CERT against the good lab
# PKI.
# shellcheck disable=SC2317 # reached through run, which shellcheck does not follow
certs_check() {
  _cert=$1
  shift
  "$fedharness" certs check --topology "$topology" --cert "$_cert" \
    --trust "$tmp/good/root-ca.pem" --intermediates "$tmp/good/intermediate-ca.pem" "$@"
}

expect_bad_input "missing cert file" "$tmp/no-such.pem" "cannot read" -- \
  certs_check "$tmp/no-such.pem"

head -c 300 /dev/urandom >"$tmp/random.pem"
expect_bad_input "cert file of random bytes" "$tmp/random.pem" -- \
  certs_check "$tmp/random.pem"

# The first 5 lines: BEGIN and base64, no END. The block starts on line 1.
head -n 5 "$tmp/good/edge.pem" >"$tmp/truncated.pem"
expect_bad_input "truncated PEM" "$tmp/truncated.pem:1:" "no END line" -- \
  certs_check "$tmp/truncated.pem"

# Line 6 of the PEM (in the middle of the base64) made of non-base64 characters.
sed '6s/.*/!!!!corrupted*base64@@@@/' "$tmp/good/edge.pem" >"$tmp/corrupted.pem"
expect_bad_input "PEM with corrupted base64 in the middle" "$tmp/corrupted.pem" -- \
  certs_check "$tmp/corrupted.pem"

: >"$tmp/empty.pem"
expect_bad_input "empty cert file" "$tmp/empty.pem" -- certs_check "$tmp/empty.pem"

expect_bad_input "PKCS#12 with the wrong password" "$fixtures/good.p12" "wrong password" -- \
  certs_check "$fixtures/good.p12" --password-file "$fixtures/wrong.password"

expect_bad_input "PKCS#12 without --password-file" "$fixtures/good.p12" "--password-file" -- \
  certs_check "$fixtures/good.p12"

# The seed topology with one mistake each, at a known line.
cat >"$tmp/typo.yaml" <<'EOF'
edge:
  access_fqdn: sip.contoso.com
  webconf_fqdn: webcon.contoso.com
sip_domains: [contoso.com, fabrikam.com]
xmpp_domain: [contoso.com, fabrikam.com]
public_im: [aol]
EOF
expect_bad_input "certs check: topology with unknown key xmpp_domain" \
  "$tmp/typo.yaml:5:" "xmpp_domain" -- \
  "$fedharness" certs check --topology "$tmp/typo.yaml" --cert "$tmp/good/edge-chain.pem"
expect_bad_input "certs issue: topology with unknown key xmpp_domain" \
  "$tmp/typo.yaml:5:" "xmpp_domain" -- \
  "$fedharness" certs issue "$tmp/typo.yaml" --out "$tmp/from-typo"
expect_equal "certs issue of a bad topology creates no --out folder" \
  "$(ls -d "$tmp/from-typo" 2>/dev/null)" ""

cat >"$tmp/not-fqdn.yaml" <<'EOF'
edge:
  access_fqdn: sip.contoso.com
  webconf_fqdn: webcon.contoso.com
sip_domains: [contoso.com, fabrikam]
xmpp_domains: [contoso.com, fabrikam.com]
EOF
expect_bad_input "topology with a non-FQDN domain" "$tmp/not-fqdn.yaml:4:" "fabrikam" -- \
  "$fedharness" certs check --topology "$tmp/not-fqdn.yaml" --cert "$tmp/good/edge-chain.pem"

# One bracket too many on line 3: YAML cannot parse it at all.
cat >"$tmp/broken.yaml" <<'EOF'
edge:
  access_fqdn: sip.contoso.com
sip_domains: [contoso.com, fabrikam.com]]
xmpp_domains: [contoso.com]
EOF
expect_bad_input "topology that is not YAML" "$tmp/broken.yaml:3:" "YAML syntax error" -- \
  "$fedharness" certs check --topology "$tmp/broken.yaml" --cert "$tmp/good/edge-chain.pem"

expect_bad_input "missing topology file" "$tmp/no-such.yaml" -- \
  "$fedharness" certs check --topology "$tmp/no-such.yaml" --cert "$tmp/good/edge-chain.pem"

# The message must list the known defects, so the user can pick one.
expect_bad_input "certs issue --defect bogus" "bogus" "no-client-eku" "missing-san:NAME" \
  "no-intermediate" -- \
  "$fedharness" certs issue "$topology" --out "$tmp/bogus" --defect bogus

expect_bad_input "certs issue --defect missing-san:example.org (not on the certificate)" \
  "missing-san:example.org" -- \
  "$fedharness" certs issue "$topology" --out "$tmp/example-org" --defect missing-san:example.org

expect_bad_input "certs issue --key rsa-512" "--key rsa-512" -- \
  "$fedharness" certs issue "$topology" --out "$tmp/rsa-512" --key rsa-512

expect_bad_input "certs check without --topology" "--topology" -- \
  "$fedharness" certs check --cert "$tmp/good/edge-chain.pem"

expect_bad_input "certs check --format xml" "--format xml" -- \
  certs_check "$tmp/good/edge-chain.pem" --format xml

: >"$tmp/a-file"
expect_bad_input "certs issue --out an existing regular file" "$tmp/a-file" -- \
  "$fedharness" certs issue "$topology" --out "$tmp/a-file"

# =============================================================================
# 6. The private key never leaks into the output
# =============================================================================

key=$tmp/good/edge.key
expect_no_key_leak "certs issue output holds no line of edge.key" "$key" \
  "$tmp/issue.stdout" "$tmp/issue.stderr"
expect_no_key_leak "certs issue output holds no line of partner-aol.com.key" \
  "$tmp/good/partner-aol.com.key" "$tmp/issue.stdout" "$tmp/issue.stderr"

for format in text json; do
  run certs_check "$tmp/good/edge-chain.pem" --key "$key" --format $format
  expect_status 0 "certs check --key edge.key --format $format: exit 0"
  cp "$tmp/stdout" "$tmp/keyed.stdout"
  cp "$tmp/stderr" "$tmp/keyed.stderr"
  expect_no_private_key "certs check --key edge.key --format $format prints no private key" \
    "$tmp/keyed.stdout" "$tmp/keyed.stderr"
  expect_no_key_leak "certs check --key edge.key --format $format holds no line of the key" \
    "$key" "$tmp/keyed.stdout" "$tmp/keyed.stderr"
done

# A PEM holding the chain and then the key, given as --cert: the key is read
# from it (no findings means it was found and matched) and not echoed.
cat "$tmp/good/edge-chain.pem" "$key" >"$tmp/chain-and-key.pem"
expect_check "certs check --cert <chain and key in one PEM>, no findings" pass -- \
  certs_check "$tmp/chain-and-key.pem" --format json
cp "$tmp/stdout" "$tmp/combined.stdout"
cp "$tmp/stderr" "$tmp/combined.stderr"
expect_no_key_leak "certs check --cert <chain and key in one PEM> holds no line of the key" \
  "$key" "$tmp/combined.stdout" "$tmp/combined.stderr"

# KEY_MISMATCH is the finding that is about keys; its evidence must describe
# the keys, not quote them.
run certs_check "$tmp/good/edge-chain.pem" --key "$tmp/seed/edge.key" --format text
expect_status 1 "certs check --key <another PKI's key> --format text: exit 1"
cp "$tmp/stdout" "$tmp/mismatch.stdout"
cp "$tmp/stderr" "$tmp/mismatch.stderr"
cat "$tmp/seed/edge.key" "$key" >"$tmp/both.keys"
expect_no_key_leak "certs check KEY_MISMATCH report holds no line of either key" \
  "$tmp/both.keys" "$tmp/mismatch.stdout" "$tmp/mismatch.stderr"
expect_no_private_key "certs check KEY_MISMATCH report prints no private key" \
  "$tmp/mismatch.stdout" "$tmp/mismatch.stderr"

# An error about a broken key file may name the block type ("PRIVATE KEY"),
# but must not quote the key. Line 2 (base64) gets 4 bad characters; the other
# lines are the real key's.
sed '2s/^..../****/' "$key" >"$tmp/broken.key"
expect_bad_input "certs check --key <corrupted key>" "$tmp/broken.key" -- \
  certs_check "$tmp/good/edge-chain.pem" --key "$tmp/broken.key"
expect_no_key_leak "certs check --key <corrupted key> error holds no line of the key" \
  "$tmp/broken.key" "$tmp/stdout" "$tmp/stderr"

# =============================================================================

tap_finish
