#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# One grammar across subcommands: --version, an unknown command or option
# named in the error (with the nearest command for a typo), --color for
# every command that prints verdicts, --topology for certs issue as for
# every other command.
#
#   sh tests/cli/command_line_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"

version=$(sed -n 's/^project(fedharness VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
run "$fedharness" --version
if [ "$status" -eq 0 ] && [ -n "$version" ] && [ "$(cat "$tmp/stdout")" = "fedharness $version" ]; then
  pass "--version prints 'fedharness $version', the project's version"
else
  fail "--version prints 'fedharness $version'" "exit status $status"
  show stdout "$tmp/stdout"
fi

expect_bad_input "a mistyped command: exit 2, names it and the nearest" \
  "unknown command 'rn' for 'fedharness'" "did you mean 'run'?" "certs, run, probe" -- \
  "$fedharness" rn scenarios
expect_bad_input "a mistyped subcommand: exit 2, names it under its command" \
  "unknown command 'chek' for 'fedharness certs'" "did you mean 'check'?" "issue, check, whatif" -- \
  "$fedharness" certs chek --topology "$topology"
expect_bad_input "a word far from every command: no guess" \
  "unknown command 'federate' for 'fedharness'; the commands:" -- \
  "$fedharness" federate
expect_bad_input "an unknown option: exit 2, names it" "--colour" -- \
  "$fedharness" run "$root/scenarios/sip/federation-good.yaml" --colour never

# --color for every command that prints verdicts: certs check and probe
# here (run, report merge and certs whatif have their own tests).
esc=$(printf '\033')
issue lab || tap_finish
for command in "certs check --topology $topology --cert $tmp/lab/edge-chain.pem --key $tmp/lab/edge.key --trust $tmp/lab/root-ca.pem" \
  "probe sip 127.0.0.1:9 --name sip.contoso.com --trust $tmp/lab/root-ca.pem"; do
  # shellcheck disable=SC2086 # the command's words
  run "$fedharness" $command --color always
  always=$(grep -c "$esc\[" "$tmp/stdout")
  # shellcheck disable=SC2086
  run "$fedharness" $command --color never
  never=$(grep -c "$esc" "$tmp/stdout")
  if [ "$always" -gt 0 ] && [ "$never" -eq 0 ]; then
    pass "${command%% --*}: --color always colours the verdicts, never does not"
  else
    fail "${command%% --*}: --color always colours the verdicts, never does not" \
      "$always coloured lines with always, $never with never"
  fi
done
expect_bad_input "probe xmpp --listen without --cert: exit 2, says why" "--listen needs --cert" -- \
  "$fedharness" probe xmpp 127.0.0.1:9 --from contoso.com --to partner.example \
  --trust "$tmp/lab/root-ca.pem" --listen 127.0.0.1:0
expect_bad_input "probe xmpp --listen that is no address: exit 2, names it" \
  "--listen somewhere: expected ADDRESS:PORT" -- \
  "$fedharness" probe xmpp 127.0.0.1:9 --from contoso.com --to partner.example \
  --trust "$tmp/lab/root-ca.pem" --cert "$tmp/lab/edge-chain.pem" --key "$tmp/lab/edge.key" \
  --listen somewhere
expect_bad_input "--color with a bad value: exit 2, names it" "--color purple" -- \
  "$fedharness" certs check --topology "$topology" --cert "$tmp/lab/edge-chain.pem" --color purple

# On a terminal (script(1) makes one, 70 columns): the progress line names
# each path as it ends, and evidence and fixes are wrapped to the width.
if command -v script >/dev/null; then
  scenario=$root/scenarios/catalogue/openssl-partners-refuse-edge-under-serverauth-only-ca.yaml
  script -qec "stty cols 70; '$fedharness' run '$scenario' --color never" /dev/null |
    tr -d '\r' >"$tmp/terminal"
  long=$(grep '^      ' "$tmp/terminal" | awk 'length($0) > 70' | grep -c '')
  if grep -q 'running [0-9]*/6 paths… openssl-outbound (' "$tmp/terminal" &&
    grep -q '^        certificate purpose' "$tmp/terminal" && [ "$long" -eq 0 ]; then
    pass "on a 70-column terminal: the progress line names the path, evidence wraps at 70"
  else
    fail "on a 70-column terminal: the progress line names the path, evidence wraps at 70" \
      "$long detail lines longer than 70"
    show terminal "$tmp/terminal"
  fi
else
  fail "script(1) is installed (bsdutils)" "run scripts/install-deps"
fi

run "$fedharness" certs issue --topology "$topology" --out "$tmp/by-option"
if [ "$status" -eq 0 ] && [ -f "$tmp/by-option/edge.pem" ]; then
  pass "certs issue --topology, as every command takes the topology"
else
  fail "certs issue --topology" "exit status $status"
  show stderr "$tmp/stderr"
fi
run "$fedharness" certs issue "$topology" --out "$tmp/positional"
if [ "$status" -eq 0 ] && [ -f "$tmp/positional/edge.pem" ]; then
  pass "certs issue TOPOLOGY, the earlier form, still works"
else
  fail "certs issue TOPOLOGY, the earlier form, still works" "exit status $status"
  show stderr "$tmp/stderr"
fi

tap_finish
