#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness run --keylog`: tshark decrypts a loopback capture of a run with
# the key log it wrote.
#
#   sh tests/cli/keylog_capture_test.sh <path-to-fedharness> <repo-root>
#
# Captures loopback TCP with tshark during a run of the good SIP and XMPP
# federation scenarios, then finds a SIP OPTIONS request and an XMPP stream
# header inside TLS in the decrypted capture, and neither without the key log.
# Checks the key log's mode (0600) and lines. TAP output, as tests/lib/tap.sh
# prints it; exits 0 when every check passed, 1 when some failed, 2 on bad
# usage. Needs tshark (scripts/install-deps) and the right to capture on lo
# (root, as in CI).

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
capture_pid=
trap '[ -n "$capture_pid" ] && kill "$capture_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v tshark >/dev/null; then
  fail "tshark is installed" "run scripts/install-deps"
  tap_finish
fi

cd "$root" || exit 2
cap=$tmp/run.pcapng
keys=$tmp/keys

# The capture, until it says it has started.
tshark -i lo -f tcp -w "$cap" -q >"$tmp/tshark.log" 2>&1 &
capture_pid=$!
if ! await_output "$capture_pid" "$tmp/tshark.log" '/Capturing on/p'; then
  fail "tshark captures on lo"
  show tshark "$tmp/tshark.log"
  tap_finish
fi
pass "tshark captures on lo"

run "$fedharness" run scenarios/sip/federation-good.yaml \
  scenarios/xmpp/xmpp-federation-good.yaml --keylog "$keys"
if [ "$status" -eq 0 ]; then
  pass "run --keylog meets every expectation"
else
  fail "run --keylog meets every expectation" "exit status $status"
  show stderr "$tmp/stderr"
fi
sleep 1 # the last segments reach the capture file
kill -INT "$capture_pid"
wait "$capture_pid"
capture_pid=

mode=$(stat -c %a "$keys" 2>/dev/null)
if [ "$mode" = 600 ]; then
  pass "the key log has mode 0600"
else
  fail "the key log has mode 0600" "mode '$mode'"
fi

label='CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET'
label="$label|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET|CLIENT_RANDOM"
if [ -s "$keys" ] && ! grep -Evq "^($label) [0-9a-f]{64} [0-9a-f]{64,}$" "$keys" &&
  grep -q '^CLIENT_HANDSHAKE_TRAFFIC_SECRET ' "$keys"; then
  pass "the key log is in the NSS key log format"
else
  fail "the key log is in the NSS key log format" "lines not of the form LABEL <64 hex> <hex>:"
  grep -Ev "^($label) [0-9a-f]{64} [0-9a-f]{64,}$" "$keys" | cut -c1-60 | sed -e 's/^/#     /' -e '5q'
fi

# The Edge and the partners listen on ports of their own choosing: tell
# tshark what each listening port carries. XMPP streams start in the clear
# (STARTTLS), SIP ones with TLS.
ports() {
  tshark -r "$cap" -T fields -e tcp.dstport -Y "$1" 2>/dev/null | sort -u
}
xmpp_ports=$(ports 'tcp.payload contains "<stream:stream"')
decode=
for port in $(ports 'tcp.flags.syn == 1 && tcp.flags.ack == 0'); do
  if echo "$xmpp_ports" | grep -qx "$port"; then
    decode="$decode -d tcp.port==$port,xmpp"
  else
    decode="$decode -d tcp.port==$port,tls -d tls.port==$port,sip"
  fi
done

# decrypted NAME FILTER [KEYS]: the capture's packets matching FILTER, with
# the key log KEYS (none when empty), in $tmp/NAME.
decrypted() {
  # shellcheck disable=SC2086 # $decode is split on purpose
  tshark -r "$cap" -o "tls.keylog_file:${3-}" $decode -Y "$2" >"$tmp/$1" 2>"$tmp/$1.stderr"
}

decrypted options 'sip.Method == "OPTIONS"' "$keys"
if grep -q 'OPTIONS sip:' "$tmp/options"; then
  pass "the decrypted capture holds a SIP OPTIONS request"
else
  fail "the decrypted capture holds a SIP OPTIONS request"
  show "tshark stderr" "$tmp/options.stderr"
  echo "#   packets captured: $(tshark -r "$cap" 2>/dev/null | wc -l); decode-as:$decode"
fi
decrypted stream 'tls && xmpp' "$keys"
if grep -q 'STREAM' "$tmp/stream"; then
  pass "the decrypted capture holds an XMPP stream header inside TLS"
else
  fail "the decrypted capture holds an XMPP stream header inside TLS"
  show "tshark stderr" "$tmp/stream.stderr"
  echo "#   packets captured: $(tshark -r "$cap" 2>/dev/null | wc -l); decode-as:$decode"
fi

# Without the key log, nothing of either is readable.
decrypted options-clear 'sip.Method == "OPTIONS"'
decrypted stream-clear 'tls && xmpp'
if [ ! -s "$tmp/options-clear" ] && [ ! -s "$tmp/stream-clear" ]; then
  pass "without the key log neither is readable"
else
  fail "without the key log neither is readable"
fi

expect_bad_input "an unwritable --keylog is bad input naming it" "$tmp/no/such/keys" -- \
  "$fedharness" run scenarios/sip/federation-good.yaml --keylog "$tmp/no/such/keys"

tap_finish
