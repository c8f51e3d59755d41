#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Integration test of `fedharness probe xmpp` against a real ejabberd 23.01
# (Debian ejabberd) on loopback, as the receiving server of XMPP
# server-to-server federation:
#
#   sh tests/integration/ejabberd_test.sh <path-to-fedharness> <repo-root>
#
# ejabberd is started by scripts/with-ejabberd (templates in
# fixtures/ejabberd/): it serves partner.example with the lab's partner
# certificate and checks initiating servers at SASL EXTERNAL <auth>: the chain
# against its s2s_cafile for OpenSSL's sslclient purpose, and the
# certificate's names (DNS-ID, XmppAddr, CN) against the stream's `from`. The
# harness plays the Edge of contoso.com: STARTTLS, SASL EXTERNAL, then a ping.
# ejabberd starts in about 1 s and stops in about 2 s, so one ejabberd serves
# every probe: its cafile holds the roots of the lab, missing-san and
# no-client-eku PKIs (not stranger's), so that each defect certificate is
# judged on its defect alone. Each probe opens a stream of its own.
#
# How ejabberd 23.01 refuses: it requests a client certificate without
# requiring one, always offers EXTERNAL after STARTTLS, and answers <auth>
# with <failure><not-authorized/><text>...</text></failure> (the stream stays
# open), the text being OpenSSL's verify error ("unsupported certificate
# purpose", "unable to get local issuer certificate") or "Certificate host
# name mismatch".
#
# ejabberd 23.01 has no XEP-0288 bidi: it answers a ping over a new
# outgoing s2s connection to contoso.com. with-ejabberd --edge-address
# 127.0.0.3 makes its DNS say _xmpp-server._tcp.contoso.com is 127.0.0.3:5269.
# The probe listens nowhere, so it passes on the authentication (checked in
# ejabberd's log too) and says the return path was not tested, rather than
# waiting for an answer that cannot come; `fedharness run`, whose simulated
# Edge listens on 127.0.0.3:5269, authenticates ejabberd's stream back and
# takes the answer there, and the path passes as the ejabberd policy
# predicts.
#
# Prints one TAP line per check, then the plan and a count. Exits 0 when
# every check passed, 1 when some failed, 2 on bad usage. Must run as root
# (ejabberdctl runs the node as the ejabberd user).

set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 <path-to-fedharness> <repo-root>" >&2
  exit 2
fi
# shellcheck source=../lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
# The ejabberd user must reach the run folder of with-ejabberd, made under
# TMPDIR: keep that /tmp-like, and this test's own files private.
integration_setup with-ejabberd "$1" "$2"
with_ejabberd=$root/scripts/with-ejabberd
set -f

# --- the probes, all under one ejabberd -----------------------------------------

# probes: runs under scripts/with-ejabberd; for each CASE (a PKI folder of
# $KEEP, or "none"), keeps the probe's stdout, stderr and status as
# $KEEP/CASE.{stdout,stderr,status}, then ejabberd's log and tag.
cat >"$tmp/probes" <<'EOF'
# First the run whose Edge takes ejabberd's answer over ejabberd's own stream
# (before any probe, whose lost answers would make ejabberd wait before
# connecting to contoso.com again).
sed "s/@EJABBERD_PORT@/$EJABBERD_PORT/" "$KEEP/connect-back.yaml.in" >"$KEEP/connect-back.yaml"
"$FEDHARNESS" run "$KEEP/connect-back.yaml" --format json \
  </dev/null >"$KEEP/connect-back.stdout" 2>"$KEEP/connect-back.stderr"
echo "$?" >"$KEEP/connect-back.status"
# The probe as the Edge's server too (--listen where ejabberd's DNS sends
# contoso.com): the ping's answer comes back over ejabberd's own stream.
"$FEDHARNESS" probe xmpp "127.0.0.1:$EJABBERD_PORT" --as edge --from contoso.com \
  --to partner.example --policy ejabberd --listen 127.0.0.3:5269 \
  --cert "$KEEP/lab/edge-chain.pem" --key "$KEEP/lab/edge.key" \
  --trust "$KEEP/lab/root-ca.pem" --format json \
  </dev/null >"$KEEP/listen.stdout" 2>"$KEEP/listen.stderr"
echo "$?" >"$KEEP/listen.status"
for case in lab missing-san no-client-eku stranger; do
  "$FEDHARNESS" probe xmpp "127.0.0.1:$EJABBERD_PORT" --as edge --from contoso.com \
    --to partner.example --policy ejabberd \
    --cert "$KEEP/$case/edge-chain.pem" --key "$KEEP/$case/edge.key" \
    --trust "$KEEP/lab/root-ca.pem" --format json \
    </dev/null >"$KEEP/$case.stdout" 2>"$KEEP/$case.stderr"
  echo "$?" >"$KEEP/$case.status"
done
# ejabberd writes its log through a logger process: a moment for the last lines.
sleep 0.3
cp "$EJABBERD_LOG" "$KEEP/ejabberd.log"
echo "$EJABBERD_TAG" >"$KEEP/ejabberd.tag"
EOF

FEDHARNESS=$fedharness
KEEP=$tmp
export FEDHARNESS KEEP

# field CASE NAME: the value of "NAME":"..." in CASE's "observed" object
# ("outcome": in the whole report).
field() {
  if [ "$2" = outcome ]; then
    cat "$tmp/$1.stdout"
  else
    sed -n 's/.*"observed":\({[^}]*}\).*/\1/p' "$tmp/$1.stdout"
  fi | grep -o "\"$2\":\"[^\"]*\"" | sed 's/^"[^"]*":"\(.*\)"$/\1/' | tr '\n' ' ' |
    sed 's/ $//'
}

# problems CASE STATUS NAME=VALUE...: prints what differs, nothing if all match.
problems() {
  _case=$1
  _want_status=$2
  shift 2
  _status=$(cat "$tmp/$_case.status" 2>/dev/null || echo none)
  _p=
  [ "$_status" = "$_want_status" ] || _p="exit status $_status, want $_want_status"
  for _pair in "$@"; do
    _name=${_pair%%=*}
    _want=${_pair#*=}
    _got=$(field "$_case" "$_name")
    [ "$_got" = "$_want" ] || _p="${_p:+$_p; }$_name [$_got], want [$_want]"
  done
  [ -s "$tmp/$_case.stderr" ] && _p="${_p:+$_p; }stderr not empty"
  printf '%s' "$_p"
}

expect_fields() {
  _desc=$1
  _case=$2
  shift 2
  _p=$(problems "$_case" "$@")
  if [ -z "$_p" ]; then
    pass "$_desc"
  else
    fail "$_desc" "$_p"
    show stdout "$tmp/$_case.stdout"
    [ -s "$tmp/$_case.stderr" ] && show stderr "$tmp/$_case.stderr"
    show_ejabberd_log
  fi
}

expect_evidence() {
  _evidence=$(field "$2" evidence)
  case $_evidence in
    *"$3"*) pass "$1" ;;
    *) fail "$1" "evidence [$_evidence], want it to contain [$3]" ;;
  esac
}

show_ejabberd_log() {
  if [ -f "$tmp/ejabberd.log" ]; then
    grep -E 's2s|\[(warning|error)\]' "$tmp/ejabberd.log" | cut -d ' ' -f 2- |
      sed 's/<[0-9.]*>@//' >"$tmp/ejabberd.notable"
    show "ejabberd's log (notable lines)" "$tmp/ejabberd.notable"
  fi
}

expect_log() {
  if [ ! -f "$tmp/ejabberd.log" ]; then
    fail "$1" "the command under with-ejabberd did not keep ejabberd's log"
  elif grep -qF -- "$2" "$tmp/ejabberd.log"; then
    pass "$1"
  else
    fail "$1" "no line of ejabberd's log contains [$2]"
    show_ejabberd_log
  fi
}

expect_no_log() {
  if [ ! -f "$tmp/ejabberd.log" ]; then
    fail "$1" "the command under with-ejabberd did not keep ejabberd's log"
  elif grep -F -- "$2" "$tmp/ejabberd.log" >"$tmp/ejabberd.matches"; then
    fail "$1" "ejabberd's log contains [$2]"
    show "matching lines" "$tmp/ejabberd.matches"
  else
    pass "$1"
  fi
}

# expect_ejabberd_gone DESCRIPTION: no live process has the kept tag as its
# EJABBERD_CONFIG_PATH, and no beam.smp or epmd of the ejabberd user is left.
expect_ejabberd_gone() {
  if [ ! -s "$tmp/ejabberd.tag" ]; then
    fail "$1" "the command under with-ejabberd did not record ejabberd's tag"
    return
  fi
  _tag=$(cat "$tmp/ejabberd.tag")
  _uid=$(id -u ejabberd)
  _left=
  set +f
  for _proc in /proc/[0-9]*; do
    read -r _stat 2>/dev/null <"$_proc/stat" || continue
    _stat=${_stat##*) }
    [ "${_stat%% *}" = Z ] && continue
    if tr '\0' '\n' 2>/dev/null <"$_proc/environ" | grep -qxF "EJABBERD_CONFIG_PATH=$_tag"; then
      _left="$_left ${_proc#/proc/}($(cat "$_proc/comm" 2>/dev/null))"
      continue
    fi
    case $(cat "$_proc/comm" 2>/dev/null) in
      beam.smp | epmd)
        if grep -q "^Uid:[[:space:]]*${_uid}[[:space:]]" "$_proc/status" 2>/dev/null; then
          _left="$_left ${_proc#/proc/}($(cat "$_proc/comm" 2>/dev/null))"
        fi
        ;;
    esac
  done
  set -f
  if [ -z "$_left" ]; then
    pass "$1"
  else
    fail "$1" "processes still running:$_left"
  fi
}

# =============================================================================
# The PKIs
# =============================================================================

if [ "$(id -u)" -ne 0 ]; then
  echo "1..0 # SKIP ejabberdctl must run as root (it runs the node as the ejabberd user)"
  exit 0
fi

issue_or_bail lab --partner partner.example
issue_or_bail missing-san --defect missing-san:contoso.com
issue_or_bail no-client-eku --defect no-client-eku
issue_or_bail stranger

mkdir "$tmp/ejabberd-pki"
cp "$tmp/lab/partner-partner.example-chain.pem" "$tmp/lab/partner-partner.example.key" \
  "$tmp/ejabberd-pki/"
cat "$tmp/lab/root-ca.pem" "$tmp/missing-san/root-ca.pem" "$tmp/no-client-eku/root-ca.pem" \
  >"$tmp/ejabberd-pki/root-ca.pem"

# =============================================================================
# 1. scripts/with-ejabberd itself
# =============================================================================

run sh "$with_ejabberd" "$tmp/no-such-pki" -- true
if [ "$status" -eq 2 ] && grep -q 'no-such-pki/partner-partner.example-chain.pem' "$tmp/stderr"; then
  pass "with-ejabberd with a missing PKI_DIR: exit 2, names the file"
else
  fail "with-ejabberd with a missing PKI_DIR: exit 2, names the file" "exit status $status"
  show stderr "$tmp/stderr"
fi

run sh "$with_ejabberd" "$tmp/ejabberd-pki" true
if [ "$status" -eq 2 ] && grep -q '^usage: ' "$tmp/stderr"; then
  pass "with-ejabberd without -- before the command: exit 2, usage"
else
  fail "with-ejabberd without -- before the command: exit 2, usage" "exit status $status"
  show stderr "$tmp/stderr"
fi

# One ejabberd for every probe; the command's status is with-ejabberd's.
cat >"$tmp/connect-back.yaml.in" <<EOF
name: ejabberd 23.01 answers the Edge's ping over its own stream back to the Edge
topology: $topology
edge:
  simulated:
    certificate: {cert: $tmp/lab/edge-chain.pem, key: $tmp/lab/edge.key}
    partner_roots: $tmp/lab/root-ca.pem
    listen: {host: 127.0.0.3, xmpp_port: 5269}
trust: lab
paths:
  - {id: outbound-ejabberd, protocol: xmpp, direction: outbound, edge_domain: contoso.com,
     partner: partner.example, policy: ejabberd,
     partner_server: {host: 127.0.0.1, s2s_port: @EJABBERD_PORT@}, expect: pass}
EOF
run sh "$with_ejabberd" --edge-address 127.0.0.3 "$tmp/ejabberd-pki" -- \
  sh -c '. "$KEEP/probes"; exit 3'
if [ "$status" -eq 3 ] && [ ! -s "$tmp/stderr" ]; then
  pass "with-ejabberd starts ejabberd, runs the command and exits with its status (3)"
else
  fail "with-ejabberd starts ejabberd, runs the command and exits with its status (3)" \
    "exit status $status, want 3; stderr should be empty"
  show stderr "$tmp/stderr"
  echo "Bail out! ejabberd cannot be run here (scripts/install-deps installs it)"
  exit 1
fi
expect_ejabberd_gone "with-ejabberd leaves no ejabberd process (beam.smp, epmd, port programs) behind"
expect_log "with-ejabberd: ejabberd listens for s2s on 127.0.0.1 only" \
  "Start accepting TCP connections at 127.0.0.1:"
expect_no_log "with-ejabberd: ejabberd opens no c2s port" "for ejabberd_c2s"
expect_no_log "with-ejabberd: ejabberd opens no HTTP port" "for ejabberd_http"
expect_no_log "with-ejabberd: ejabberd logs no error" "[error]"

# =============================================================================
# 2. probe xmpp against ejabberd 23.01
# =============================================================================

expect_log "the lab Edge certificate: ejabberd accepted SASL EXTERNAL for contoso.com" \
  "Accepted inbound s2s EXTERNAL authentication contoso.com -> partner.example"
# The ejabberd policy predicts a pass for this certificate, and ejabberd's
# log above shows the authentication it accepted. A ping could not be
# answered here: ejabberd 23.01 has no bidi (XEP-0288) and answers over a
# new s2s connection to contoso.com, and a probe listens nowhere (the run
# below does, and passes). So the probe passes on the authentication and
# says the return path went untested; the day ejabberd gains bidi, the
# evidence check below says so.
expect_fields "the lab Edge certificate: authenticated, a pass without waiting for an answer that cannot come" \
  lab 0 result=pass code= stage=done
expect_evidence "the lab Edge certificate: the return path was not tested, and why" lab \
  "the return path was not tested: partner.example offers no bidi (XEP-0288)"
expect_fields "probe --listen: the ping answered over ejabberd's own stream back (pass)" \
  listen 0 result=pass code=
expect_evidence "probe --listen: the answer came over ejabberd's stream, authenticated by the probe" \
  listen "ping answered over its own stream (partner.example authenticated with SASL EXTERNAL"
if grep -q '"direction":"outbound","edge_domain":"contoso.com","partner":"partner.example"' \
  "$tmp/lab.stdout"; then
  pass "probe --as edge: the path reads outbound, from the Edge's contoso.com to partner.example"
else
  fail "probe --as edge: the path reads outbound, from the Edge's contoso.com to partner.example"
  show stdout "$tmp/lab.stdout"
fi
expect_log "run: ejabberd sends the ping's answer over a new connection" \
  "Outbound s2s connection started: partner.example -> contoso.com"

# The run: the Edge's stream to ejabberd, and ejabberd's stream back to the
# Edge, each authenticated by SASL EXTERNAL.
expect_fields "run: the Edge's ping is answered over ejabberd's own stream back (pass)" \
  connect-back 0 outcome=pass result=pass code=
expect_evidence "run: the answer came over ejabberd's stream, authenticated by the Edge" \
  connect-back "ping answered over its own stream (partner.example authenticated with SASL EXTERNAL"
expect_log "run: ejabberd resolved contoso.com to the Edge and authenticated it" \
  "Accepted outbound s2s EXTERNAL authentication partner.example -> contoso.com (127.0.0.3)"

expect_fields "Edge certificate without the contoso.com SAN: NAME_MISMATCH, remote" missing-san 1 \
  result=fail code=NAME_MISMATCH side=remote stage=sasl
expect_evidence "Edge certificate without the contoso.com SAN: ejabberd's text" missing-san \
  "<failure><not-authorized/>: Certificate host name mismatch"
expect_log "Edge certificate without the contoso.com SAN: ejabberd's log says why" \
  "Failed inbound s2s EXTERNAL authentication contoso.com -> partner.example (127.0.0.1): Certificate host name mismatch"

expect_fields "serverAuth-only Edge certificate: EKU_CLIENT_MISSING, remote" no-client-eku 1 \
  result=fail code=EKU_CLIENT_MISSING side=remote stage=sasl
expect_evidence "serverAuth-only Edge certificate: ejabberd's text" no-client-eku \
  "<failure><not-authorized/>: unsupported certificate purpose"
expect_log "serverAuth-only Edge certificate: ejabberd's log says why" \
  "Failed inbound s2s EXTERNAL authentication contoso.com -> partner.example (127.0.0.1): unsupported certificate purpose"

# The probe sends its intermediate, so OpenSSL's error is about the issuer of
# the intermediate, not "unable to verify the first certificate".
expect_fields "Edge certificate from an untrusted root: CHAIN_UNTRUSTED, remote" stranger 1 \
  result=fail code=CHAIN_UNTRUSTED side=remote stage=sasl
expect_evidence "Edge certificate from an untrusted root: ejabberd's text" stranger \
  "<failure><not-authorized/>: unable to get local issuer certificate"
expect_log "Edge certificate from an untrusted root: ejabberd's log says why" \
  "Failed inbound s2s EXTERNAL authentication contoso.com -> partner.example (127.0.0.1): unable to get local issuer certificate"

# =============================================================================

tap_finish
