#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Integration test of `fedharness probe sip` and `fedharness run` against a
# real Kamailio 5.6 (Debian kamailio + kamailio-tls-modules) on loopback:
#
#   sh tests/integration/kamailio_test.sh <path-to-fedharness> <repo-root>
#
# Kamailio is started by scripts/with-kamailio (templates in
# fixtures/kamailio/): it presents the lab Edge certificate and verifies
# client certificates with its tls module (verify_certificate and
# require_certificate), which is what the `openssl-default` policy stands
# for: chain and purpose checked by OpenSSL, no names. Each check gets a
# Kamailio of its own (about 0.2 s to start and stop), so that no check
# depends on another's connection.
#
# Prints one TAP line per check ("ok N - ..." / "not ok N - ..." followed by
# "#" lines saying what was expected and what came), then the plan and a
# count. Exits 0 when every check passed, 1 when some failed, 2 on bad usage.
#
# Needs sh, coreutils, grep, sed and Kamailio (scripts/install-deps installs
# it). The JSON is read with sed and grep -o (no python or jq): "code":"...",
# "side":"...", "result":"..." and "evidence":"..." in the path's "observed"
# object (each end's own object has them too), "outcome":"..." in the whole
# report: a probe reports one path, and every scenario below has one path.

set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 <path-to-fedharness> <repo-root>" >&2
  exit 2
fi
# shellcheck source=../lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
integration_setup with-kamailio "$1" "$2"
with_kamailio=$root/scripts/with-kamailio
set -f

# As in tests/cli/certs_cli_test.sh, helpers name their variables with a
# leading underscore; their deliberate output is $status, set by run.

# --- running against Kamailio -------------------------------------------------

# Commands run under scripts/with-kamailio are separate processes: they are
# written as small scripts, which learn the port from $KAMAILIO_PORT. Both
# keep Kamailio's log and pid for the checks below (the log as it stands when
# the command ends: Kamailio may log a refusal just after the client saw it,
# so it is shown on failure, never asserted on).
cat >"$tmp/keep-kamailio" <<'EOF'
cp "$KAMAILIO_LOG" "$KEEP/kamailio.log"
echo "$KAMAILIO_PID" >"$KEEP/kamailio.pid"
EOF

# probe [OPTION...]: fedharness probe sip to Kamailio, as the harness's
# partner: Kamailio's certificate is for sip.contoso.com from the lab root.
cat >"$tmp/probe" <<'EOF'
"$FEDHARNESS" probe sip "127.0.0.1:$KAMAILIO_PORT" --name sip.contoso.com \
  --trust "$KEEP/lab/root-ca.pem" --format json "$@"
status=$?
. "$KEEP/keep-kamailio"
exit "$status"
EOF

# run-scenario FILE: fedharness run of FILE with @KAMAILIO_PORT@ filled in
# (the port is known only once Kamailio runs).
cat >"$tmp/run-scenario" <<'EOF'
sed "s/@KAMAILIO_PORT@/$KAMAILIO_PORT/g" "$1" >"${1%.in}"
"$FEDHARNESS" run "${1%.in}" --format json
status=$?
. "$KEEP/keep-kamailio"
exit "$status"
EOF

FEDHARNESS=$fedharness
KEEP=$tmp
export FEDHARNESS KEEP

# against PKI_DIR COMMAND...: runs COMMAND under scripts/with-kamailio with
# PKI_DIR's certificate, key and roots.
against() {
  _pki=$1
  shift
  rm -f "$tmp/kamailio.log" "$tmp/kamailio.pid"
  run sh "$with_kamailio" "$_pki" -- "$@"
}

# Lines of the kept Kamailio log that say something (its start-up INFO lines
# are many and always the same).
show_kamailio_log() {
  if [ -f "$tmp/kamailio.log" ]; then
    grep -E 'ERROR|WARNING: tls|CRITICAL' "$tmp/kamailio.log" |
      grep -v 'tls_h_mod_init_f\|load_tm_api' >"$tmp/kamailio.errors"
    show "Kamailio's log (errors)" "$tmp/kamailio.errors"
  fi
}

# field NAME: the value of "NAME":"..." in the last stdout's "observed"
# object ("outcome": in the whole report), empty if absent; several values
# (which none of these reports has) are joined with spaces.
field() {
  if [ "$1" = outcome ]; then
    cat "$tmp/stdout"
  else
    sed -n 's/.*"observed":\({[^}]*}\).*/\1/p' "$tmp/stdout"
  fi | grep -o "\"$1\":\"[^\"]*\"" | sed 's/^"[^"]*":"\(.*\)"$/\1/' | tr '\n' ' ' |
    sed 's/ $//'
}

# expect_fields DESCRIPTION STATUS NAME=VALUE...: the last run ended with
# STATUS and its JSON holds each NAME with exactly VALUE ("" for absent), and
# stderr is empty.
expect_fields() {
  _desc=$1
  _want_status=$2
  shift 2
  _problems=
  [ "$status" -eq "$_want_status" ] || _problems="exit status $status, want $_want_status"
  for _pair in "$@"; do
    _name=${_pair%%=*}
    _want=${_pair#*=}
    _got=$(field "$_name")
    [ "$_got" = "$_want" ] ||
      _problems="${_problems:+$_problems; }$_name [$_got], want [$_want]"
  done
  [ -s "$tmp/stderr" ] && _problems="${_problems:+$_problems; }stderr not empty"
  if [ -z "$_problems" ]; then
    pass "$_desc"
  else
    fail "$_desc" "$_problems"
    show stdout "$tmp/stdout"
    [ -s "$tmp/stderr" ] && show stderr "$tmp/stderr"
    show_kamailio_log
  fi
}

# expect_evidence DESCRIPTION NEEDLE: the last run's evidence contains NEEDLE
# (how the refusal looked on the wire: which alert Kamailio sent).
expect_evidence() {
  _evidence=$(field evidence)
  case $_evidence in
    *"$2"*) pass "$1" ;;
    *) fail "$1" "evidence [$_evidence], want it to contain [$2]" ;;
  esac
}

# expect_kamailio_gone DESCRIPTION: no process of the last Kamailio's
# process group is left (zombies aside: they have exited, and init reaps
# them).
expect_kamailio_gone() {
  _desc=$1
  if [ ! -s "$tmp/kamailio.pid" ]; then
    fail "$_desc" "the command under with-kamailio did not record Kamailio's pid"
    return
  fi
  _group=$(cat "$tmp/kamailio.pid")
  _left=
  _seen=0
  set +f # the glob below; globs are off in this script otherwise
  for _proc in /proc/[0-9]*; do
    read -r _stat 2>/dev/null <"$_proc/stat" || continue
    _seen=$((_seen + 1))
    _stat=${_stat##*) }
    # shellcheck disable=SC2086 # split into fields on purpose
    set -- $_stat # state ppid pgrp ...
    if [ "$3" = "$_group" ] && [ "$1" != Z ]; then
      _left="$_left ${_proc#/proc/}"
    fi
  done
  set -f
  if [ "$_seen" -eq 0 ]; then
    fail "$_desc" "no process found under /proc at all: cannot tell"
  elif [ -z "$_left" ]; then
    pass "$_desc"
  else
    fail "$_desc" "processes of group $_group still running:$_left"
  fi
}

# =============================================================================
# The PKIs
# =============================================================================

# lab: Kamailio's own certificate (the Edge's, sip.contoso.com) and a good
# partner certificate (partner.example, both EKUs) from the same root.
issue_or_bail lab --partner partner.example
# Client certificates with defects. Each `certs issue` makes a new root, so
# these are other labs: no-client-eku's Edge certificate is serverAuth only,
# server-only-issuer's is issued by a CA whose EKU is serverAuth only.
issue_or_bail no-client-eku --defect no-client-eku
issue_or_bail server-only-issuer --defect server-only-issuer
# stranger: a good partner certificate from a root Kamailio does not trust.
issue_or_bail stranger --partner partner.example

# What Kamailio is given: the lab's certificate and key, and as ca_list the
# roots of lab, no-client-eku and server-only-issuer (not stranger's). One
# Kamailio trusting three roots is the simplest way to have the defect
# certificates judged on their purpose alone: their chains are then trusted,
# as a partner's would be under a public CA, and OpenSSL's sslclient check is
# what refuses them. (A Kamailio per lab would test the same with more
# processes; the defects cannot be put on the lab's partner certificate, as
# `certs issue --defect` applies to the Edge certificate only.)
mkdir "$tmp/kamailio-pki"
cp "$tmp/lab/edge-chain.pem" "$tmp/lab/edge.key" "$tmp/kamailio-pki/"
cat "$tmp/lab/root-ca.pem" "$tmp/no-client-eku/root-ca.pem" \
  "$tmp/server-only-issuer/root-ca.pem" >"$tmp/kamailio-pki/root-ca.pem"

# =============================================================================
# 1. scripts/with-kamailio itself
# =============================================================================

# shellcheck disable=SC2016 # expanded by the sh under with-kamailio
against "$tmp/kamailio-pki" sh -c '. "$KEEP/keep-kamailio"; exit 3'
if [ "$status" -eq 3 ] && [ ! -s "$tmp/stderr" ]; then
  pass "with-kamailio starts Kamailio, runs the command and exits with its status (3)"
else
  fail "with-kamailio starts Kamailio, runs the command and exits with its status (3)" \
    "exit status $status, want 3; stderr should be empty"
  show stderr "$tmp/stderr"
  echo "Bail out! Kamailio cannot be run here (scripts/install-deps installs it)"
  exit 1
fi
expect_kamailio_gone "with-kamailio leaves no Kamailio process behind"

run sh "$with_kamailio" "$tmp/no-such-pki" -- true
if [ "$status" -eq 2 ] && grep -q 'no-such-pki/edge-chain.pem' "$tmp/stderr"; then
  pass "with-kamailio with a missing PKI_DIR: exit 2, names the file"
else
  fail "with-kamailio with a missing PKI_DIR: exit 2, names the file" "exit status $status"
  show stderr "$tmp/stderr"
fi

# =============================================================================
# 2. probe sip: Kamailio's tls module verifies the client certificate
# =============================================================================

lab=$tmp/lab

against "$tmp/kamailio-pki" sh "$tmp/probe" --policy openssl-default --from partner.example \
  --cert "$lab/partner-partner.example-chain.pem" --key "$lab/partner-partner.example.key"
expect_fields "good partner certificate from the trusted root: pass (OPTIONS 200 OK)" 0 \
  result=pass code= evidence="OPTIONS 200 OK"
expect_kamailio_gone "no Kamailio process left after a passing probe"

# OpenSSL's sslclient purpose on the leaf: error 26 (unsupported certificate
# purpose), alert 43. With TLS 1.3 the client's handshake completes before
# the server has verified it, so the alert arrives on the first read (stage
# "sip response"); Kamailio's log says only "certificate verify failed".
against "$tmp/kamailio-pki" sh "$tmp/probe" --policy openssl-default --from contoso.com \
  --cert "$tmp/no-client-eku/edge-chain.pem" --key "$tmp/no-client-eku/edge.key"
expect_fields "serverAuth-only client certificate (trusted root): EKU_CLIENT_MISSING, remote" 1 \
  result=fail code=EKU_CLIENT_MISSING side=remote
expect_evidence "serverAuth-only client certificate: Kamailio sent alert 43" \
  "unsupported_certificate (43)"

# The same check walks the chain: the leaf has both EKUs, its issuing CA is
# serverAuth only (2026's public hierarchies).
against "$tmp/kamailio-pki" sh "$tmp/probe" --policy openssl-default --from contoso.com \
  --cert "$tmp/server-only-issuer/edge-chain.pem" --key "$tmp/server-only-issuer/edge.key"
expect_fields "client certificate from a serverAuth-only issuing CA: EKU_CLIENT_MISSING, remote" 1 \
  result=fail code=EKU_CLIENT_MISSING side=remote
expect_evidence "serverAuth-only issuing CA: Kamailio sent alert 43" \
  "unsupported_certificate (43)"

# require_certificate: TLS 1.3 has an alert for it (certificate_required,
# 116); TLS 1.2 servers send handshake_failure (40). The TLS 1.2 case uses a
# copy of the openssl-default policy capped at 1.2.
against "$tmp/kamailio-pki" sh "$tmp/probe" --policy openssl-default --from partner.example
expect_fields "no client certificate, TLS 1.3: CLIENT_CERT_MISSING, remote" 1 \
  result=fail code=CLIENT_CERT_MISSING side=remote
expect_evidence "no client certificate, TLS 1.3: Kamailio sent alert 116" \
  "certificate_required (116)"

sed 's/^\( *max_version: *\)"1.3"/\1"1.2"/' "$root/scenarios/policies/openssl-default.yaml" \
  >"$tmp/openssl-default-tls12.yaml"
if grep -q 'max_version: *"1.2"' "$tmp/openssl-default-tls12.yaml"; then
  against "$tmp/kamailio-pki" sh "$tmp/probe" --policy "$tmp/openssl-default-tls12.yaml" \
    --from partner.example
  expect_fields "no client certificate, TLS 1.2: CLIENT_CERT_MISSING, remote" 1 \
    result=fail code=CLIENT_CERT_MISSING side=remote
  expect_evidence "no client certificate, TLS 1.2: Kamailio sent alert 40" \
    "handshake_failure (40)"
else
  fail "openssl-default.yaml can be capped at TLS 1.2" \
    "no 'max_version: \"1.3\"' line in scenarios/policies/openssl-default.yaml to change"
fi

# A good certificate from a root outside ca_list: error 20 (unable to get
# local issuer certificate), alert 48.
against "$tmp/kamailio-pki" sh "$tmp/probe" --policy openssl-default --from partner.example \
  --cert "$tmp/stranger/partner-partner.example-chain.pem" \
  --key "$tmp/stranger/partner-partner.example.key"
expect_fields "client certificate from an untrusted root: CHAIN_UNTRUSTED, remote" 1 \
  result=fail code=CHAIN_UNTRUSTED side=remote
expect_evidence "client certificate from an untrusted root: Kamailio sent alert 48" \
  "unknown_ca (48)"

# No names: the partner certificate covers partner.example and
# sip.partner.example, From says wrong.example, and Kamailio answers all the
# same. That is what openssl-default predicts (names: none); an RFC 5922
# server would refuse.
against "$tmp/kamailio-pki" sh "$tmp/probe" --policy openssl-default --from wrong.example \
  --cert "$lab/partner-partner.example-chain.pem" --key "$lab/partner-partner.example.key"
expect_fields "From domain not among the client certificate's SANs: pass (no name check)" 0 \
  result=pass code=
expect_kamailio_gone "no Kamailio process left after the probes"

# =============================================================================
# 3. fedharness run with Kamailio as a real Edge
# =============================================================================

# For a simulated partner, `fedharness run` issues the partner certificate
# from a lab PKI of its own, made afresh for every run: a real Edge cannot
# trust that root. So a real-Edge scenario names the partner certificate
# files the Edge trusts (partner_certificate: {cert, key}); a real-Edge path
# without them is refused as a bad scenario, which the second case pins down.

cat >"$tmp/real-edge.yaml.in" <<EOF
name: Kamailio as the Edge, with a partner certificate it trusts
topology: $topology
edge: {address: {host: 127.0.0.1, sip_port: @KAMAILIO_PORT@}}
trust: $lab/root-ca.pem
paths:
  - id: inbound
    protocol: sip
    direction: inbound
    edge_domain: contoso.com
    partner: partner.example
    policy: openssl-default
    partner_certificate:
      cert: $lab/partner-partner.example-chain.pem
      key: $lab/partner-partner.example.key
    expect: pass
EOF
against "$tmp/kamailio-pki" sh "$tmp/run-scenario" "$tmp/real-edge.yaml.in"
expect_fields "run: real Edge (Kamailio), partner certificate from its lab: exit 0, pass" 0 \
  outcome=pass result=pass code=

# A real Edge's known-failures list: a path listed there that fails is an
# expected-fail; one that passes is an unexpected-pass, failing the run, so
# that the list stays true.
cat >"$tmp/kamailio-known-failures.yaml" <<EOF
known_failures:
  - path: inbound
    reason: listed by mistake, it passes
  - path: no-certificate
    code: CLIENT_CERT_MISSING
    reason: partners without a certificate are refused on purpose
EOF
cat >"$tmp/real-edge-known.yaml.in" <<EOF
name: Kamailio as the Edge, with a list of its known failures
topology: $topology
edge:
  address: {host: 127.0.0.1, sip_port: @KAMAILIO_PORT@,
            known_failures: $tmp/kamailio-known-failures.yaml}
trust: $lab/root-ca.pem
paths:
  - id: inbound
    protocol: sip
    direction: inbound
    edge_domain: contoso.com
    partner: partner.example
    policy: openssl-default
    partner_certificate:
      cert: $lab/partner-partner.example-chain.pem
      key: $lab/partner-partner.example.key
    expect: pass
  - id: no-certificate
    protocol: sip
    direction: inbound
    edge_domain: contoso.com
    partner: partner.example
    policy: openssl-default
    partner_certificate: none
    expect: pass
EOF
against "$tmp/kamailio-pki" sh "$tmp/run-scenario" "$tmp/real-edge-known.yaml.in"
expect_fields "run: real Edge, known failures: the listed failure is expected, the listed pass is not (exit 1)" 1 \
  outcome="unexpected-pass expected-fail" code=CLIENT_CERT_MISSING
if grep -q 'unexpected pass: listed as a known failure (.*kamailio-known-failures.yaml:2: listed by mistake, it passes); take it off the list' "$tmp/stdout" &&
  grep -q 'failed with CLIENT_CERT_MISSING as known: .*kamailio-known-failures.yaml:4: partners without a certificate are refused on purpose' "$tmp/stdout"; then
  pass "run: each known-failure verdict names the list's file, line and reason"
else
  fail "run: each known-failure verdict names the list's file, line and reason"
  show stdout "$tmp/stdout"
fi

cat >"$tmp/real-edge-lab-partner.yaml" <<EOF
name: A real Edge cannot trust the run's own lab partner certificate
topology: $topology
edge: {address: {host: 127.0.0.1, sip_port: 5061}}
trust: $lab/root-ca.pem
paths:
  - id: inbound
    protocol: sip
    direction: inbound
    edge_domain: contoso.com
    partner: partner.example
    policy: openssl-default
    expect: pass
EOF
run "$fedharness" run "$tmp/real-edge-lab-partner.yaml"
if [ "$status" -eq 2 ] && [ ! -s "$tmp/stdout" ] && [ "$(wc -l <"$tmp/stderr")" -eq 1 ] &&
  grep -q 'real-edge-lab-partner.yaml:6: paths\[0\]: a real Edge trusts only partner certificates it knows' "$tmp/stderr"; then
  pass "run: a real-Edge path with a lab partner certificate is a bad scenario (exit 2, file:line)"
else
  fail "run: a real-Edge path with a lab partner certificate is a bad scenario (exit 2, file:line)" \
    "exit status $status"
  show stderr "$tmp/stderr"
fi
expect_kamailio_gone "no Kamailio process left after the runs"

# =============================================================================

tap_finish
