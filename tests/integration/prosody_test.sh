#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Integration test of `fedharness probe xmpp` against a real Prosody 0.12
# (Debian prosody) on loopback, as the receiving server of XMPP
# server-to-server federation:
#
#   sh tests/integration/prosody_test.sh <path-to-fedharness> <repo-root>
#
# Prosody is started by scripts/with-prosody (template in fixtures/prosody/):
# it serves partner.example with the lab's partner certificate and checks
# initiating servers with s2s_secure_auth (chain, and the certificate's names
# against the stream's `from`; the purpose ignored, as Prosody ships), or with
# the purpose enforced as well (--strict-eku). The harness plays the Edge of
# contoso.com: STARTTLS, XEP-0288 bidi, SASL EXTERNAL, then a ping, which
# Prosody answers over the same stream because it was asked for bidi. Each
# check gets a Prosody of its own (about 0.2 s to start and stop), so that no
# check depends on another's connection and each log holds one stream.
#
# How Prosody 0.12 refuses (mod_s2s, friendly_cert_error): after TLS, on the
# restarted stream, before any SASL feature, a stream error
# <not-authorized/> whose text is "Your server's certificate " followed by
# "is not valid for this name", "has expired", "is self-signed" (never seen
# with OpenSSL 3, which spells it "self-signed"), "could not be validated"
# (no certificate at all) or "is not trusted" (every other chain error,
# including "unsuitable certificate purpose" when the purpose is enforced).
#
# Prints one TAP line per check ("ok N - ..." / "not ok N - ..." followed by
# "#" lines saying what was expected and what came), then the plan and a
# count. Exits 0 when every check passed, 1 when some failed, 2 on bad usage.
#
# Needs sh, coreutils, grep, sed and Prosody (scripts/install-deps installs
# it). The JSON is read with grep and sed (no python or jq): a probe reports
# one path, and the fields asserted on ("result", "code", "side", "stage",
# "evidence") are read from its "observed" object only.

set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 <path-to-fedharness> <repo-root>" >&2
  exit 2
fi
# shellcheck source=../lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
integration_setup with-prosody "$1" "$2"
with_prosody=$root/scripts/with-prosody
set -f

# As in tests/integration/kamailio_test.sh, helpers name their variables with
# a leading underscore; their deliberate output is $status, set by run.

# --- running against Prosody --------------------------------------------------

# Commands run under scripts/with-prosody are separate processes: they are
# written as small scripts, which learn the port from $PROSODY_PORT. Both
# keep Prosody's log and pid for the checks below. Prosody writes its log a
# line at a time, and every line asserted on below is written before Prosody
# sends what the probe waits for (the stream error, <success/>, the ping's
# answer), so the copy made when the probe has ended holds it.
cat >"$tmp/keep-prosody" <<'EOF'
cp "$PROSODY_LOG" "$KEEP/prosody.log"
echo "$PROSODY_PID" >"$KEEP/prosody.pid"
EOF

# probe [OPTION...]: fedharness probe xmpp to Prosody, as contoso.com's Edge:
# Prosody's certificate is for partner.example from the lab root. With
# --direct-tls, to Prosody's direct TLS port (XEP-0368).
cat >"$tmp/probe" <<'EOF'
port=$PROSODY_PORT
case " $* " in
  *" --direct-tls "*) port=$PROSODY_TLS_PORT ;;
esac
"$FEDHARNESS" probe xmpp "127.0.0.1:$port" --as edge --from contoso.com --to partner.example \
  --trust "$KEEP/lab/root-ca.pem" --format json "$@"
status=$?
. "$KEEP/keep-prosody"
exit "$status"
EOF

FEDHARNESS=$fedharness
KEEP=$tmp
export FEDHARNESS KEEP

# against [--strict-eku] PKI_DIR COMMAND...: runs COMMAND under
# scripts/with-prosody with PKI_DIR's partner certificate, key and roots.
against() {
  rm -f "$tmp/prosody.log" "$tmp/prosody.pid"
  run sh "$with_prosody" "$@"
}

# Lines of the kept Prosody log that say why (its debug lines are many).
show_prosody_log() {
  if [ -f "$tmp/prosody.log" ]; then
    grep -E '	(warn|error)	|certificate (error|chain|identity)|SASL|bidirectional' \
      "$tmp/prosody.log" | cut -f 2- >"$tmp/prosody.notable"
    show "Prosody's log (notable lines)" "$tmp/prosody.notable"
  fi
}

# observed: the "observed" object of the last stdout, empty if absent.
observed() {
  sed -n 's/.*"observed":\({[^}]*}\).*/\1/p' "$tmp/stdout"
}

# field NAME: the value of "NAME":"..." in the last stdout's "observed"
# object ("outcome": in the whole report), empty if absent; several values
# are joined with spaces.
field() {
  if [ "$1" = outcome ]; then
    cat "$tmp/stdout"
  else
    observed
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
    show_prosody_log
  fi
}

# expect_evidence DESCRIPTION NEEDLE: the last run's evidence contains NEEDLE
# (Prosody's own words, as the probe received them).
expect_evidence() {
  _evidence=$(field evidence)
  case $_evidence in
    *"$2"*) pass "$1" ;;
    *) fail "$1" "evidence [$_evidence], want it to contain [$2]" ;;
  esac
}

# expect_log DESCRIPTION NEEDLE: the kept Prosody log has a line containing
# NEEDLE (a fixed string).
expect_log() {
  if [ ! -f "$tmp/prosody.log" ]; then
    fail "$1" "the command under with-prosody did not keep Prosody's log"
  elif grep -qF -- "$2" "$tmp/prosody.log"; then
    pass "$1"
  else
    fail "$1" "no line of Prosody's log contains [$2]"
    show_prosody_log
  fi
}

# expect_no_log DESCRIPTION NEEDLE: no line of the kept Prosody log contains
# NEEDLE.
expect_no_log() {
  if [ ! -f "$tmp/prosody.log" ]; then
    fail "$1" "the command under with-prosody did not keep Prosody's log"
  elif grep -F -- "$2" "$tmp/prosody.log" >"$tmp/prosody.matches"; then
    fail "$1" "Prosody's log contains [$2]"
    show "matching lines" "$tmp/prosody.matches"
  else
    pass "$1"
  fi
}

# expect_prosody_gone DESCRIPTION: no process of the last Prosody's process
# group is left (zombies aside: they have exited, and init reaps them).
expect_prosody_gone() {
  _desc=$1
  if [ ! -s "$tmp/prosody.pid" ]; then
    fail "$_desc" "the command under with-prosody did not record Prosody's pid"
    return
  fi
  _group=$(cat "$tmp/prosody.pid")
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

# lab: Prosody's certificate (partner.example, from the lab root) and the
# Edge's (SANs sip.contoso.com, webcon.contoso.com, sip.fabrikam.com,
# contoso.com, fabrikam.com; both EKUs), from the same root.
issue lab --partner partner.example
# Edge certificates with defects. Each `certs issue` makes a new root, so
# these are other labs: missing-san's Edge certificate lacks contoso.com
# among its SANs, no-client-eku's is serverAuth only.
issue missing-san --defect missing-san:contoso.com
issue no-client-eku --defect no-client-eku
# stranger: a good Edge certificate from a root Prosody does not trust.
issue stranger

# What Prosody is given: the lab's partner certificate and key, and as its
# cafile the roots of lab, missing-san and no-client-eku (not stranger's), so
# that each defect certificate is judged on its defect alone.
mkdir "$tmp/prosody-pki"
cp "$tmp/lab/partner-partner.example-chain.pem" "$tmp/lab/partner-partner.example.key" \
  "$tmp/prosody-pki/"
cat "$tmp/lab/root-ca.pem" "$tmp/missing-san/root-ca.pem" "$tmp/no-client-eku/root-ca.pem" \
  >"$tmp/prosody-pki/root-ca.pem"

# =============================================================================
# 1. scripts/with-prosody itself
# =============================================================================

# shellcheck disable=SC2016 # expanded by the sh under with-prosody
against "$tmp/prosody-pki" -- sh -c '. "$KEEP/keep-prosody"; exit 3'
if [ "$status" -eq 3 ] && [ ! -s "$tmp/stderr" ]; then
  pass "with-prosody starts Prosody, runs the command and exits with its status (3)"
else
  fail "with-prosody starts Prosody, runs the command and exits with its status (3)" \
    "exit status $status, want 3; stderr should be empty"
  show stderr "$tmp/stderr"
  echo "Bail out! Prosody cannot be run here (scripts/install-deps installs it)"
  exit 1
fi
expect_prosody_gone "with-prosody leaves no Prosody process behind"
expect_log "with-prosody: Prosody listens for s2s on 127.0.0.1 only" \
  "Activated service 's2s' on [127.0.0.1]:"
expect_no_log "with-prosody: Prosody opens no c2s port" "Activated service 'c2s'"
expect_no_log "with-prosody: Prosody logs no error at start" "	error	"

run sh "$with_prosody" "$tmp/no-such-pki" -- true
if [ "$status" -eq 2 ] && grep -q 'no-such-pki/partner-partner.example-chain.pem' "$tmp/stderr"; then
  pass "with-prosody with a missing PKI_DIR: exit 2, names the file"
else
  fail "with-prosody with a missing PKI_DIR: exit 2, names the file" "exit status $status"
  show stderr "$tmp/stderr"
fi

run sh "$with_prosody" --strict-eku "$tmp/prosody-pki" true
if [ "$status" -eq 2 ] && grep -q '^usage: ' "$tmp/stderr"; then
  pass "with-prosody without -- before the command: exit 2, usage"
else
  fail "with-prosody without -- before the command: exit 2, usage" "exit status $status"
  show stderr "$tmp/stderr"
fi

# =============================================================================
# 2. probe xmpp, Prosody as Debian ships it (s2s_secure_auth; purpose ignored)
# =============================================================================

lab=$tmp/lab

against "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody \
  --cert "$lab/edge-chain.pem" --key "$lab/edge.key"
expect_fields "the lab Edge certificate: pass (SASL EXTERNAL success, ping answered)" 0 \
  outcome=pass result=pass code= \
  evidence="STARTTLS, SASL EXTERNAL <success/>, ping answered"
expect_log "the lab Edge certificate: Prosody accepted SASL EXTERNAL for contoso.com" \
  "Accepting SASL EXTERNAL identity from contoso.com"

# Without bidi Prosody answers over a new connection to contoso.com (it logs
# "opening a new outgoing connection for this stanza", then resolves
# _xmpps-server._tcp.contoso.com) and the probe times out.
expect_log "the lab Edge certificate: the probe asked for a bidirectional stream (XEP-0288)" \
  "Requested bidirectional stream"
expect_no_log "the lab Edge certificate: Prosody answered on the probe's stream, not a new one" \
  "opening a new outgoing connection"

# Direct TLS (XEP-0368): TLS from the first byte, offering ALPN xmpp-server
# and SNI partner.example; then the same stream as after STARTTLS. Prosody
# 0.12.3 picks its certificate by SNI but selects no ALPN protocol (found
# here: the handshake ends with none agreed), which RFC 7301 §3.2 allows a
# server that ignores the extension.
against "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody --direct-tls \
  --cert "$lab/edge-chain.pem" --key "$lab/edge.key"
expect_fields "direct TLS: pass (Prosody agrees no ALPN protocol)" 0 \
  outcome=pass result=pass code= \
  evidence="direct TLS (no ALPN), SASL EXTERNAL <success/>, ping answered"
expect_prosody_gone "no Prosody process left after a passing probe"

# The stream's `from` (contoso.com) is not among the SANs: util/x509 finds no
# DNS-ID, SRV-ID or XmppAddr for it (the CN is not used when SANs exist).
against "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody \
  --cert "$tmp/missing-san/edge-chain.pem" --key "$tmp/missing-san/edge.key"
expect_fields "Edge certificate without the contoso.com SAN: NAME_MISMATCH, remote" 1 \
  result=fail code=NAME_MISMATCH side=remote stage=sasl
expect_evidence "Edge certificate without the contoso.com SAN: Prosody's text" \
  "<not-authorized/>: Your server's certificate is not valid for this name"

# Prosody sets lsec_ignore_purpose: a serverAuth-only certificate federates,
# as the `prosody` policy predicts.
against "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody \
  --cert "$tmp/no-client-eku/edge-chain.pem" --key "$tmp/no-client-eku/edge.key"
expect_fields "serverAuth-only Edge certificate: pass (Prosody ignores the purpose)" 0 \
  outcome=pass result=pass code=

# Prosody's log says "certificate error(s) at depth 1: unable to get local
# issuer certificate" (the probe sends the intermediate; its root is unknown).
against "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody \
  --cert "$tmp/stranger/edge-chain.pem" --key "$tmp/stranger/edge.key"
expect_fields "Edge certificate from an untrusted root: CHAIN_UNTRUSTED, remote" 1 \
  result=fail code=CHAIN_UNTRUSTED side=remote stage=sasl
expect_evidence "Edge certificate from an untrusted root: Prosody's text" \
  "<not-authorized/>: Your server's certificate is not trusted"

# No certificate: Prosody requests one but does not require it in TLS; after
# TLS it logs "No certificate provided by contoso.com" and closes the stream
# with "could not be validated", which names no cause the probe maps.
against "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody
expect_fields "no certificate: not-authorized after TLS, CLIENT_CERT_MISSING, remote" 1 \
  result=fail code=CLIENT_CERT_MISSING side=remote stage=sasl
expect_evidence "no certificate: Prosody's text" \
  "<not-authorized/>: Your server's certificate could not be validated"
expect_log "no certificate: Prosody's log says none was presented" \
  "No certificate provided by contoso.com"
expect_prosody_gone "no Prosody process left after the refused probes"

# =============================================================================
# 3. probe xmpp, Prosody with the purpose enforced (--strict-eku)
# =============================================================================

against --strict-eku "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody-strict-eku \
  --cert "$lab/edge-chain.pem" --key "$lab/edge.key"
expect_fields "strict EKU, the lab Edge certificate (both EKUs): pass" 0 \
  outcome=pass result=pass code=

# OpenSSL's sslclient check on the leaf: Prosody logs "certificate error(s)
# at depth 0: unsuitable certificate purpose" but tells the initiator only
# "is not trusted", its text for every chain error but expiry.
against --strict-eku "$tmp/prosody-pki" -- sh "$tmp/probe" --policy prosody-strict-eku \
  --cert "$tmp/no-client-eku/edge-chain.pem" --key "$tmp/no-client-eku/edge.key"
expect_fields "strict EKU, serverAuth-only Edge certificate: EKU_CLIENT_MISSING, remote" 1 \
  result=fail code=EKU_CLIENT_MISSING side=remote stage=sasl
expect_evidence "strict EKU, serverAuth-only Edge certificate: Prosody's text" \
  "<not-authorized/>: Your server's certificate is not trusted"
expect_log "strict EKU, serverAuth-only Edge certificate: Prosody's log names the purpose" \
  "certificate error(s) at depth 0: unsuitable certificate purpose"
expect_prosody_gone "no Prosody process left after the strict-EKU probes"

# =============================================================================

tap_finish
