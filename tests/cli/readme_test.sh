#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Every command of the README runs as written. The README's ```sh blocks
# are run in order, from a clean folder holding only the scenarios (as a
# user's checkout has them), with the built fedharness first on PATH; a
# block whose fence says more (```sh needs-root, needs-real-edge, slow,
# setup) is shown to readers but not run here, and ```text blocks are
# synopses. A command exits 0 unless its line ends "# exits N"; a command
# put in the background (&) must print "listening" before the next one
# runs, and is stopped at the end of its block.
#
#   sh tests/cli/readme_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"

# One script per runnable block: continuation lines joined, each command
# followed by the check of its exit status, background commands awaited.
awk -v dir="$tmp" '
  function flush(   file) {
    if (command == "") return
    file = dir "/block-" block ".sh"
    want = 0
    if (match(command, /# exits [0-9]+ *$/)) {
      want = substr(command, RSTART + 8) + 0
    }
    if (command ~ /&[ \t]*$/ || command ~ /& *#.*$/) {
      sub(/&[^&]*$/, "", command)
      printf "%s >\"$tmp/background.out\" 2>&1 &\nbackground_pids=\"$background_pids $!\"\nawait_listening\n", command >> file
    } else {
      printf "%s\nstatus=$?\nif [ \"$status\" -ne %d ]; then echo \"README line %d: exit $status, want %d\" >&2; exit 1; fi\n", command, want, line, want >> file
    }
    command = ""
  }
  /^```sh *$/ { block++; running = 1; printf "" > (dir "/block-" block ".sh"); printf "%d\n", NR > (dir "/block-" block ".line"); next }
  /^```/ { flush(); running = 0; next }
  running {
    if (command == "") line = NR
    text = $0
    if (text ~ /\\$/) { command = command substr(text, 1, length(text) - 1); next }
    command = command text
    flush()
  }
' "$root/README.md"

blocks=$(ls "$tmp"/block-*.sh 2>/dev/null | grep -c '')
if [ "$blocks" -ge 5 ]; then
  pass "the README has $blocks runnable sh blocks"
else
  fail "the README has runnable sh blocks" "found $blocks"
fi

# The folder a user works in: the scenarios, nothing else.
work=$tmp/work
mkdir "$work"
ln -s "$root/scenarios" "$work/scenarios"
PATH=$(dirname "$fedharness"):$PATH
export PATH tmp

i=1
while [ "$i" -le "$blocks" ]; do
  line=$(cat "$tmp/block-$i.line")
  {
    # await_listening: the background command says it listens (10 s at most).
    echo 'await_listening() {'
    echo '  tries=0'
    echo '  until grep -q listening "$tmp/background.out" 2>/dev/null; do'
    echo '    tries=$((tries + 1)); [ "$tries" -lt 100 ] || { echo "no listening line" >&2; exit 1; }'
    echo '    sleep 0.1'
    echo '  done'
    echo '}'
    # $! of each, not $(jobs -p): a command substitution is a subshell, which
    # knows no jobs in dash.
    echo 'background_pids='
    echo 'trap '\''kill $background_pids 2>/dev/null'\'' EXIT'
    cat "$tmp/block-$i.sh"
  } >"$tmp/run-$i.sh"
  (cd "$work" && timeout 120 sh "$tmp/run-$i.sh") >"$tmp/out-$i" 2>&1
  status=$?
  if [ "$status" -eq 0 ]; then
    pass "README block at line $line runs as written"
  else
    fail "README block at line $line runs as written" "exit status $status"
    show "the block" "$tmp/block-$i.sh"
    show "its output" "$tmp/out-$i"
  fi
  i=$((i + 1))
done

tap_finish
