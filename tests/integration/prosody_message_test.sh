#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# End-to-end message paths through a real Prosody 0.12 (Debian prosody) and
# the simulated Edge, with `fedharness run`:
#
#   sh tests/integration/prosody_message_test.sh <path-to-fedharness> <repo-root>
#
# Prosody (scripts/with-prosody --c2s --dns) serves partner.example, takes
# client logins for alice and bob, and resolves through a real Knot DNS on
# loopback (scripts/with-knot), whose contoso.com and fabrikam.com zones
# publish _xmpp-server._tcp SRV records pointing at 127.0.0.2 and a port of
# no convention, where the simulated Edge listens: only the SRV record tells
# Prosody that port. Inbound, the harness logs in as alice (libstrophe) and
# sends to fedharness@contoso.com: Prosody itself discovers the Edge, opens
# its own server-to-server stream, is authenticated by the Edge and
# delivers; the Edge must receive the message. Outbound, the Edge opens a stream to
# Prosody's s2s port and sends to bob, who must receive it. Prosody checks the
# Edge's certificate (s2s_secure_auth): with the Edge certificate of the same
# lab PKI everything passes; with one from another lab, Prosody refuses it and
# nothing is delivered.
#
# Prints TAP; exits 0 when every check passed, 1 when some failed, 2 on bad
# usage. Needs sh, coreutils, grep, sed, Prosody and Knot (scripts/install-deps).

set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 <path-to-fedharness> <repo-root>" >&2
  exit 2
fi
# shellcheck source=../lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
integration_setup with-prosody "$1" "$2"
with_prosody=$root/scripts/with-prosody
require_tools knotd kdig
# shellcheck source=../../scripts/lib/loopback.sh
. "$root/scripts/lib/loopback.sh"

# The Edge's XMPP port, and the zones that send partners there.
edge_port=$(pick_port)
mkdir "$tmp/zones"
for domain in contoso.com fabrikam.com; do
  cat >"$tmp/zones/$domain.zone" <<ZONE
\$ORIGIN $domain.
\$TTL 60
@ SOA ns1 hostmaster 1 3600 600 86400 60
@ NS ns1
ns1 A 127.0.0.1
_xmpp-server._tcp SRV 0 0 $edge_port edge
edge A 127.0.0.2
ZONE
done

if ! "$fedharness" certs issue "$topology" --partner partner.example --out "$tmp/lab" \
  >/dev/null 2>"$tmp/stderr" ||
  ! "$fedharness" certs issue "$topology" --out "$tmp/other" >/dev/null 2>>"$tmp/stderr"; then
  show "certs issue" "$tmp/stderr"
  echo "Bail out! cannot issue the lab PKIs"
  exit 1
fi

# The scenario is written under with-prosody, which knows Prosody's ports and
# the accounts' password files; EDGE_CERTS names the folder of the Edge's
# certificate and key, SCENARIO where to write it. Paths of the scenario are
# absolute, so it may live anywhere.
cat >"$tmp/run-scenario" <<'EOF'
server="host: 127.0.0.1, s2s_port: $PROSODY_PORT, c2s_port: $PROSODY_C2S_PORT, trust: $LAB/root-ca.pem"
cat >"$SCENARIO" <<YAML
name: Messages cross the federation link between Prosody and the simulated Edge
topology: $TOPOLOGY
edge:
  simulated:
    certificate: {cert: $EDGE_CERTS/edge-chain.pem, key: $EDGE_CERTS/edge.key}
    partner_roots: $LAB/root-ca.pem
    listen: {host: 127.0.0.2, xmpp_port: $EDGE_PORT}
trust: $LAB/root-ca.pem
paths:
  - {id: message-in, protocol: xmpp, direction: inbound, kind: message,
     edge_domain: contoso.com, partner: partner.example, policy: prosody,
     partner_server: {$server, account: alice@partner.example,
                      password_file: $PROSODY_ACCOUNTS_DIR/alice.password},
     expect: $EXPECT_IN}
  - {id: message-out, protocol: xmpp, direction: outbound, kind: message,
     edge_domain: fabrikam.com, partner: partner.example, policy: prosody,
     partner_server: {$server, account: bob@partner.example,
                      password_file: $PROSODY_ACCOUNTS_DIR/bob.password},
     expect: $EXPECT_OUT}
  - {id: handshake-out, protocol: xmpp, direction: outbound, edge_domain: contoso.com,
     partner: partner.example, policy: prosody, partner_server: {$server},
     expect: $EXPECT_OUT}
YAML
# shellcheck disable=SC2086 # RUN_OPTIONS is a list of options, split on purpose
"$FEDHARNESS" run "$SCENARIO" --report-json "$REPORT" ${RUN_OPTIONS-}
EOF

FEDHARNESS=$fedharness
TOPOLOGY=$topology
LAB=$tmp/lab
SCENARIO=$tmp/messages.yaml
REPORT=$tmp/report.json
EDGE_PORT=$edge_port
WITH_PROSODY=$with_prosody
export FEDHARNESS TOPOLOGY LAB SCENARIO REPORT EDGE_PORT WITH_PROSODY

# with_lab_dns ARG...: with-prosody ARG... inside with-knot serving the zones,
# Prosody's resolver pointed at it.
with_lab_dns() {
  run "$root/scripts/with-knot" "$tmp/zones" -- \
    sh -c 'exec sh "$WITH_PROSODY" --dns "127.0.0.1@$KNOT_PORT" "$@"' with-lab-dns "$@"
}

# path_line ID: the matrix row of path ID in the last run's report.
path_line() {
  grep -E "^  $1 " "$tmp/stdout"
}

# expect_run DESCRIPTION STATUS ID=OUTCOME...: the last run exited with STATUS
# and each path's row shows its OUTCOME (and CODE, if given as OUTCOME:CODE).
expect_run() {
  _desc=$1
  _want_status=$2
  shift 2
  _problems=
  [ "$status" -eq "$_want_status" ] || _problems="exit status $status, want $_want_status"
  for _pair in "$@"; do
    _id=${_pair%%=*}
    _want=${_pair#*=}
    _line=$(path_line "$_id")
    for _word in $(echo "$_want" | tr ':' ' '); do
      case " $_line " in
        *" $_word "*) ;;
        *) _problems="${_problems:+$_problems; }$_id: [$_line] lacks [$_word]" ;;
      esac
    done
  done
  if [ -z "$_problems" ]; then
    pass "$_desc"
  else
    fail "$_desc" "$_problems"
    show stdout "$tmp/stdout"
    [ -s "$tmp/stderr" ] && show stderr "$tmp/stderr"
  fi
}

# The Edge serves the lab's own certificate: Prosody trusts it.
EDGE_CERTS=$tmp/lab EXPECT_IN=pass EXPECT_OUT=pass \
  with_lab_dns --c2s "$tmp/lab" -- sh "$tmp/run-scenario"
expect_run "messages cross both ways between Prosody and the simulated Edge" 0 \
  message-in=pass message-out=pass handshake-out=pass
if grep -q "received from alice@partner.example" "$REPORT"; then
  pass "the Edge names who sent the message it received"
else
  fail "the Edge names who sent the message it received" \
    "no 'received from alice@partner.example' in the report"
fi

# The Edge serves a certificate from another lab: Prosody refuses it both
# when it connects to the Edge and when the Edge connects to it.
# A message that cannot come is waited for the path's budget: 8 s instead of
# 30 is ample for one that could (it comes within a second here).
EDGE_CERTS=$tmp/other EXPECT_IN='{fail: XMPP_MESSAGE_NOT_DELIVERED}' \
  EXPECT_OUT='{fail: CHAIN_UNTRUSTED}' RUN_OPTIONS='--deadline path=8' \
  with_lab_dns --c2s "$tmp/lab" -- sh "$tmp/run-scenario"
expect_run "Prosody refuses an Edge certificate it does not trust; nothing is delivered" 0 \
  message-in=expected-fail:XMPP_MESSAGE_NOT_DELIVERED \
  message-out=expected-fail:CHAIN_UNTRUSTED handshake-out=expected-fail:CHAIN_UNTRUSTED

echo "1..$checks"
echo "# $((checks - failures)) of $checks checks passed"
[ "$failures" -eq 0 ]
