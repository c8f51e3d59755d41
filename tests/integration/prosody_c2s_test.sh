#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Integration test of the client side of end-to-end message paths against a
# real Prosody 0.12 (Debian prosody) taking client logins on loopback:
#
#   sh tests/integration/prosody_c2s_test.sh <fedharness> <c2s_check> <repo-root>
#
# scripts/with-prosody --c2s starts Prosody serving partner.example with the
# lab's partner certificate, with two accounts, alice and bob, whose random
# passwords it writes to $PROSODY_ACCOUNTS_DIR; --dns points Prosody's
# resolver at a real Knot DNS on loopback (scripts/with-knot) whose
# contoso.com zone sends XMPP to an address and port where nothing listens. c2s_check (tests/integration/c2s_check.cpp) drives
# xmpp::C2sClient, libstrophe 0.12 underneath: log in (STARTTLS with the
# certificate verified, SASL, resource binding, initial presence), send a
# message, wait for one.
#
# Prints one TAP line per check and exits 0 when all pass, 1 otherwise, 2
# for bad arguments. Needs sh, coreutils, grep, sed, Prosody and Knot
# (scripts/install-deps installs them).

set -u

if [ $# -ne 3 ]; then
  echo "usage: sh $0 <path-to-fedharness> <path-to-c2s_check> <repo-root>" >&2
  exit 2
fi
# shellcheck source=../lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
integration_setup with-prosody "$1" "$3"
with_prosody=$root/scripts/with-prosody
c2s_check=$(absolute "$2")
if [ ! -x "$c2s_check" ]; then
  echo "$0: $c2s_check is not executable" >&2
  exit 2
fi
set -f
require_tools knotd kdig
# shellcheck source=../../scripts/lib/loopback.sh
. "$root/scripts/lib/loopback.sh"

# expect_line DESCRIPTION FILE PATTERN: FILE has a line matching the basic
# regular expression PATTERN.
expect_line() {
  if grep -q -e "$3" "$2"; then
    pass "$1"
  else
    fail "$1" "no line matches: $3"
    show "$(basename "$2")" "$2"
  fi
}

# expect_status DESCRIPTION STATUS_FILE WANT OUTPUT_FILE
expect_status() {
  _got=$(cat "$2" 2>/dev/null)
  if [ "$_got" = "$3" ]; then
    pass "$1"
  else
    fail "$1" "exit status '$_got', want $3"
    show "$(basename "$4")" "$4"
  fi
}

# Lines of the kept Prosody log that say why (its debug lines are many).
expect_log() {
  if grep -qF -e "$2" "$tmp/prosody.log"; then
    pass "$1"
  else
    fail "$1" "Prosody's log has no line with: $2"
    grep -E '	(info|warn|error)	' "$tmp/prosody.log" | cut -f 2- >"$tmp/prosody.notable"
    show "Prosody's log (info and up)" "$tmp/prosody.notable"
  fi
}

# The lab: Prosody's certificate for partner.example and the Edge's, from one
# root. stranger: another root, which Prosody's certificate does not chain to.
issue lab --partner partner.example
issue stranger
printf 'not-the-password\n' >"$tmp/wrong.password"

# The lab DNS: contoso.com's XMPP service at 127.0.0.201 on a free port,
# where nothing listens, for Prosody's outgoing s2s to try.
edge_address=127.0.0.201
dead_port=$(pick_port)
mkdir "$tmp/zones"
cat >"$tmp/zones/contoso.com.zone" <<ZONE
\$ORIGIN contoso.com.
\$TTL 60
@ SOA ns1 hostmaster 1 3600 600 86400 60
@ NS ns1
ns1 A 127.0.0.1
_xmpp-server._tcp SRV 0 0 $dead_port edge
edge A $edge_address
ZONE
WITH_PROSODY=$with_prosody
export WITH_PROSODY

# with_lab_dns ARG...: with-prosody ARG... inside with-knot serving the
# zone, Prosody's resolver pointed at it; the port in $KEEP/knot-port.
with_lab_dns() {
  run "$root/scripts/with-knot" "$tmp/zones" -- sh -c \
    'echo "$KNOT_PORT" >"$KEEP/knot-port"; exec sh "$WITH_PROSODY" --dns "127.0.0.1@$KNOT_PORT" "$@"' \
    with-lab-dns "$@"
}

# =============================================================================
# 1. scripts/with-prosody --c2s --dns
# =============================================================================

# What the command under with-prosody sees, kept for the checks below.
cat >"$tmp/keep" <<'EOF'
printf '%s\n' "$PROSODY_PORT" >"$KEEP/s2s-port"
printf '%s\n' "${PROSODY_C2S_PORT-}" >"$KEEP/c2s-port"
printf '%s\n' "${PROSODY_ACCOUNTS_DIR-}" >"$KEEP/accounts-dir"
ls -ln "$PROSODY_ACCOUNTS_DIR" >"$KEEP/accounts-modes"
cp "$PROSODY_ACCOUNTS_DIR/alice.password" "$PROSODY_ACCOUNTS_DIR/bob.password" "$KEEP/"
cp "$(dirname "$PROSODY_LOG")/prosody.cfg.lua" "$KEEP/prosody.cfg.lua"
cp "$PROSODY_LOG" "$KEEP/prosody.log"
EOF
KEEP=$tmp
export KEEP

with_lab_dns --c2s "$tmp/lab" -- sh "$tmp/keep"
if [ "$status" -eq 0 ] && [ ! -s "$tmp/stderr" ]; then
  pass "with-prosody --c2s --dns starts Prosody and runs the command"
else
  fail "with-prosody --c2s --dns starts Prosody and runs the command" \
    "exit status $status, want 0; stderr should be empty"
  show stderr "$tmp/stderr"
  echo "Bail out! Prosody cannot be run here (scripts/install-deps installs it)"
  exit 1
fi
s2s_port=$(cat "$tmp/s2s-port")
c2s_port=$(cat "$tmp/c2s-port")
case $c2s_port in
  '' | *[!0-9]* | "$s2s_port")
    fail "with-prosody --c2s exports PROSODY_C2S_PORT, a port of its own" \
      "PROSODY_C2S_PORT='$c2s_port', PROSODY_PORT='$s2s_port'"
    ;;
  *) pass "with-prosody --c2s exports PROSODY_C2S_PORT, a port of its own" ;;
esac
expect_log "with-prosody --c2s: Prosody listens for clients on 127.0.0.1 only" \
  "Activated service 'c2s' on [127.0.0.1]:$c2s_port"
if [ "$(grep -c '	error	' "$tmp/prosody.log")" -eq 0 ]; then
  pass "with-prosody --c2s: Prosody logs no error at start"
else
  fail "with-prosody --c2s: Prosody logs no error at start"
  grep '	error	' "$tmp/prosody.log" | cut -f 2- >"$tmp/errors"
  show "errors" "$tmp/errors"
fi
# Two 0600 files of 32 hex digits (128 random bits), no line break, unequal.
_bad=
for _user in alice bob; do
  grep -q "^-rw------- .* $_user.password\$" "$tmp/accounts-modes" || _bad="$_bad $_user:mode"
  grep -qx '[0-9a-f]\{32\}' "$tmp/$_user.password" || _bad="$_bad $_user:content"
  [ "$(wc -c <"$tmp/$_user.password")" -eq 32 ] || _bad="$_bad $_user:length"
done
cmp -s "$tmp/alice.password" "$tmp/bob.password" && _bad="$_bad same"
if [ -z "$_bad" ]; then
  pass "with-prosody --c2s: alice.password and bob.password, 0600, 128 random bits each"
else
  fail "with-prosody --c2s: alice.password and bob.password, 0600, 128 random bits each" \
    "problems:$_bad"
  show "accounts folder" "$tmp/accounts-modes"
fi
if [ ! -e "$(cat "$tmp/accounts-dir")" ]; then
  pass "with-prosody --c2s removes the accounts folder afterwards"
else
  fail "with-prosody --c2s removes the accounts folder afterwards" "$(cat "$tmp/accounts-dir") is left"
fi
expect_line "with-prosody --dns: Prosody's resolver forwards to the lab DNS alone" \
  "$tmp/prosody.cfg.lua" \
  "^unbound = { forward = \"127.0.0.1@$(cat "$tmp/knot-port")\"; resolvconf = false; hoststxt = false;"

for _server in 10.0.0.2@53 127.0.0.1.@53 127.0.0@53 127.0.0.256@53 127.0.0.x@53; do
  run sh "$with_prosody" --dns "$_server" "$tmp/lab" -- true
  if [ "$status" -eq 2 ] && grep -q "dns $_server: want a server on loopback" "$tmp/stderr"; then
    pass "with-prosody --dns $_server: exit 2, says why"
  else
    fail "with-prosody --dns $_server: exit 2, says why" "exit status $status"
    show stderr "$tmp/stderr"
  fi
done

# =============================================================================
# 2. xmpp::C2sClient (libstrophe) logs in to Prosody, sends, receives
# =============================================================================

# Every session against one Prosody; each c2s_check's output and status are
# kept under its name. (Prosody lists its SASL mechanisms in no fixed order.)
cat >"$tmp/sessions" <<'EOF'
pki=$KEEP/lab
accounts=$PROSODY_ACCOUNTS_DIR
# session NAME ARGUMENT...: c2s_check ARGUMENT... to $NAME.out, $NAME.status
session() {
  _name=$1
  shift
  "$C2S_CHECK" "$@" >"$KEEP/$_name.out" 2>&1
  echo $? >"$KEEP/$_name.status"
}
session message message "$PROSODY_C2S_PORT" "$pki/root-ca.pem" \
  alice@partner.example "$accounts/alice.password" bob@partner.example "$accounts/bob.password" \
  "Hello Bob <&> ünïcödé"
session wrong-password login "$PROSODY_C2S_PORT" "$pki/root-ca.pem" \
  alice@partner.example "$KEEP/wrong.password"
session untrusted login "$PROSODY_C2S_PORT" "$KEEP/stranger/root-ca.pem" \
  alice@partner.example "$accounts/alice.password"
session anonymous login "$PROSODY_C2S_PORT" "$pki/root-ca.pem" partner.example -
# Nothing listens on port 1 (tcpmux) of loopback.
session closed login 1 "$pki/root-ca.pem" alice@partner.example "$accounts/alice.password"
session bounce bounce "$PROSODY_C2S_PORT" "$pki/root-ca.pem" \
  alice@partner.example "$accounts/alice.password" carol@contoso.com "Hello Carol"
session together together "$PROSODY_C2S_PORT" "$pki/root-ca.pem" \
  alice@partner.example "$accounts/alice.password" bob@partner.example "$accounts/bob.password" 12
cp "$accounts/alice.password" "$accounts/bob.password" "$KEEP/"
cp "$PROSODY_LOG" "$KEEP/prosody.log"
EOF
C2S_CHECK=$c2s_check
export C2S_CHECK

started=$(date +%s)
with_lab_dns --c2s "$tmp/lab" -- sh "$tmp/sessions"
took=$(($(date +%s) - started))
if [ "$status" -eq 0 ]; then
  pass "the client sessions against one Prosody ran ($took s)"
else
  fail "the client sessions against one Prosody ran ($took s)" "exit status $status"
  show stderr "$tmp/stderr"
fi

# bob logs in, then alice, who sends to bob's bare JID: Prosody delivers it
# to bob's one available resource (RFC 6121 §8.5.2.1.1).
out=$tmp/message.out
expect_status "alice -> bob: every step succeeds" "$tmp/message.status" 0 "$out"
expect_line "alice -> bob: bob logs in with SCRAM-SHA-1 over verified TLS, a resource bound" \
  "$out" "^login bob@partner.example ok bind .*: logged in as bob@partner.example/[^ ]*: STARTTLS (the server's certificate verified against $tmp/lab/root-ca.pem), SASL SCRAM-SHA-1, resource bound\$"
expect_line "alice -> bob: alice logs in" "$out" "^login alice@partner.example ok bind "
expect_line "alice -> bob: the message is written to alice's stream" "$out" \
  "^send ok send .*: <message type='chat' id='fedharness-1'> to bob@partner.example written"
expect_line "alice -> bob: bob receives it, from alice's full JID" "$out" \
  "^receive ok receive .*: bob@partner.example/[^ ]* received the message from alice@partner.example/"
expect_log "alice -> bob: Prosody authenticated alice" "Authenticated as alice@partner.example"
# Prosody writes a stanza's attributes in no fixed order.
if grep -F "Sending[c2s]: <message " "$tmp/prosody.log" | grep -F "id='fedharness-1'" |
  grep -F "to='bob@partner.example'" | grep -qF "from='alice@partner.example/"; then
  pass "alice -> bob: Prosody delivered the message to bob's session"
else
  fail "alice -> bob: Prosody delivered the message to bob's session" \
    "no \"Sending[c2s]: <message\" line with id='fedharness-1' from alice to bob"
fi

out=$tmp/wrong-password.out
expect_status "wrong password: log_in fails" "$tmp/wrong-password.status" 1 "$out"
expect_line "wrong password: stage auth, Prosody's SASL failure named" "$out" \
  "^login alice@partner.example fail auth .*: the server refused SASL SCRAM-SHA-1: <not-authorized/>"

out=$tmp/untrusted.out
expect_status "untrusted root: log_in fails" "$tmp/untrusted.status" 1 "$out"
expect_line "untrusted root: stage tls, OpenSSL's verify error and the trust file named" "$out" \
  "^login alice@partner.example fail tls .*: the server's certificate did not verify against $tmp/stranger/root-ca.pem: X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20: unable to get local issuer certificate)"
expect_log "untrusted root: Prosody got libstrophe's alert" "Client disconnected: tlsv1 alert unknown ca"

out=$tmp/anonymous.out
expect_status "ANONYMOUS to a server without it: log_in fails" "$tmp/anonymous.status" 1 "$out"
expect_line "ANONYMOUS to a server without it: stage auth, the mechanisms offered named" "$out" \
  "^login partner.example fail auth .*: no SASL authentication; the server offered SASL [A-Z0-9, -]* (libstrophe: auth: No node in JID, and SASL ANONYMOUS unsupported.)"

out=$tmp/closed.out
expect_status "closed port: log_in fails" "$tmp/closed.status" 1 "$out"
expect_line "closed port: stage connect, the refusal named" "$out" \
  "^login alice@partner.example fail connect .*: no TCP connection to 127.0.0.1:1: Connection refused (errno 111)"

# libstrophe 0.12 is not thread-safe even across contexts: without
# C2sClient's one lock around it, about one round in five of two concurrent
# SCRAM-SHA-1 logins was refused.
out=$tmp/together.out
expect_status "alice and bob log in at once, 12 times: every login succeeds" \
  "$tmp/together.status" 0 "$out"
expect_line "alice and bob log in at once, 12 times: the count" "$out" \
  "^together: 0 of 24 logins failed\$"

# No password, nor anything of it, in what the client reports.
_leaked=
for _user in alice bob; do
  for _name in message wrong-password untrusted anonymous closed bounce together; do
    grep -qF -f "$tmp/$_user.password" "$tmp/$_name.out" && _leaked="$_leaked $_user:$_name"
  done
done
grep -qF 'not-the-password' "$tmp/wrong-password.out" && _leaked="$_leaked wrong:wrong-password"
if [ -z "$_leaked" ]; then
  pass "no password in any outcome"
else
  fail "no password in any outcome" "found:$_leaked"
fi

# =============================================================================
# 3. Prosody's outgoing s2s for contoso.com goes where the lab DNS says
# =============================================================================

# Nothing listens there: Prosody returns the message to alice as
# undeliverable (RFC 6120 §8.3.3.14 remote-server-not-found), and the
# client reports it.
out=$tmp/bounce.out
expect_status "alice -> carol@contoso.com: the message comes back" "$tmp/bounce.status" 0 "$out"
expect_line "alice -> carol@contoso.com: returned with remote-server-not-found" "$out" \
  "^returned .*: the server returned message fedharness-1 to carol@contoso.com: <remote-server-not-found/>"
expect_log "alice -> carol@contoso.com: Prosody connects where the SRV record says" \
  "Next target to try is $edge_address:$dead_port"

# =============================================================================
# 4. The end-to-end message path through the simulated Edge
# =============================================================================

# LEAD: `fedharness run` of a message scenario goes here: the simulated Edge
# listening where the zone's SRV record points, with "$tmp/lab/edge-chain.pem"
# and "$tmp/lab/edge.key" (partner_roots: "$tmp/lab/root-ca.pem"), under
# with_lab_dns --c2s "$tmp/lab" (tests/integration/prosody_message_test.sh
# does it).

# =============================================================================

tap_finish
