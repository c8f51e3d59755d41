#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Input files and counts a careless user gives: a device, a FIFO with no
# writer, a folder, a file over its kind's limit, a folder without scenarios,
# workers past what the descriptor limit allows. Each is bad input: exit 2,
# one line naming the file (or option) and what is wrong, and nothing waits
# or reads for ever.
#
#   sh tests/cli/bad_files_test.sh <path-to-fedharness> <repo-root>

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
set -f
scenario=$root/scenarios/sip/federation-good.yaml

expect_bad_input "/dev/zero as --topology is a device" \
  "/dev/zero: is a device, expected a regular file" -- \
  "$fedharness" certs check --cert "$root/fixtures/certs/good.pem" --topology /dev/zero
expect_bad_input "/dev/zero as a certificate is a device" \
  "/dev/zero: is a device, expected a regular file" -- \
  "$fedharness" certs check --cert /dev/zero --topology "$topology"

mkfifo "$tmp/fifo"
# A FIFO no one writes to would block an open for ever: timeout says if it does.
expect_bad_input "a FIFO as --password-file is refused at once" \
  "$tmp/fifo: is a FIFO, expected a regular file" -- \
  timeout 10 "$fedharness" certs check --cert "$root/fixtures/certs/good.p12" --topology "$topology" \
  --password-file "$tmp/fifo"

head -c 5000000 /dev/zero | tr '\0' '#' >"$tmp/huge.yaml"
expect_bad_input "a 5 MB topology is over the limit" \
  "$tmp/huge.yaml: over the size limit of a topology (4 MiB at most)" -- \
  "$fedharness" certs check --cert "$root/fixtures/certs/good.pem" --topology "$tmp/huge.yaml"

mkdir "$tmp/empty"
expect_bad_input "run on a folder without scenarios" \
  "$tmp/empty: no scenario found" -- \
  "$fedharness" run "$tmp/empty"

expect_bad_input "run --jobs -1" "--jobs -1: expected a number of workers from 1 to" -- \
  "$fedharness" run "$scenario" --jobs -1
expect_bad_input "run --jobs 100000" "--jobs 100000: expected a number of workers from 1 to" -- \
  "$fedharness" run "$scenario" --jobs 100000
expect_bad_input "run --deadline with an unknown stage" \
  "--deadline ping=2: no stage 'ping'" -- \
  "$fedharness" run "$scenario" --deadline ping=2

# 17 copies of a root as --cert: a trust bundle where a credential goes.
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do
  cat "$root/fixtures/certs/root-ca.pem"
done >"$tmp/seventeen.pem"
expect_bad_input "a credential of 17 certificates" \
  "$tmp/seventeen.pem: 17 certificates, and a certificate with its chain holds 16 at most" -- \
  "$fedharness" certs check --cert "$tmp/seventeen.pem" --topology "$topology"

# A topology of 2,000 SIP and XMPP domains: a certificate no public CA
# issues and no OpenSSL peer accepts. It loads, with both warnings.
{
  echo "edge: {access_fqdn: sip.example.com, webconf_fqdn: webcon.example.com}"
  echo "sip_domains:"
  seq 2000 | sed 's/.*/  - partner-domain-&.example/'
  echo "xmpp_domains:"
  seq 2000 | sed 's/.*/  - partner-domain-&.example/'
} >"$tmp/many-domains.yaml"
run "$fedharness" certs issue "$tmp/many-domains.yaml" --out "$tmp/many-domains"
if [ "$status" -eq 0 ] &&
  grep -qF "fedharness: warning: $tmp/many-domains.yaml:3: sip_domains, xmpp_domains: the Edge certificate needs 4002 names" "$tmp/stderr" &&
  grep -qF "past the 100 KiB an OpenSSL peer accepts by default" "$tmp/stderr"; then
  pass "a topology of 4,002 names issues with two warnings on stderr"
else
  fail "a topology of 4,002 names issues with two warnings on stderr" "exit status $status"
  show stderr "$tmp/stderr"
fi

tap_finish
