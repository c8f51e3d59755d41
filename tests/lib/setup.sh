# shellcheck shell=sh
# shellcheck source-path=SCRIPTDIR
# What every shell test (tests/cli, tests/integration) does first, sourced with
#   . "$(dirname "$0")/../lib/setup.sh"
#   test_setup "$@"

# absolute PATH: PATH made absolute against the current folder.
absolute() {
  case $1 in
    /*) echo "$1" ;;
    *) echo "$(pwd)/$1" ;;
  esac
}

# test_setup FEDHARNESS ROOT: sets $fedharness and $root (absolute) and
# $topology (the seed's), checks that FEDHARNESS runs and that ROOT is the
# repository, makes a private $tmp removed at exit (a test that starts
# processes sets its own EXIT trap, which must remove $tmp too), and sources
# the TAP library. Exits 2, saying how to call the test, when the arguments
# are wrong.
test_setup() {
  # The checks' patterns hold UTF-8 (the transcripts' arrows), which the
  # POSIX locale of an empty environment would match byte by byte.
  LC_ALL=C.UTF-8
  export LC_ALL
  if [ $# -ne 2 ]; then
    echo "usage: sh $0 <path-to-fedharness> <repo-root>" >&2
    exit 2
  fi
  fedharness=$(absolute "$1")
  root=$(absolute "$2")
  topology=$root/scenarios/topologies/contoso.yaml
  if [ ! -x "$fedharness" ] || [ ! -f "$topology" ]; then
    echo "$0: $fedharness is not executable, or $root is not the repository root" >&2
    exit 2
  fi
  tmp=$(mktemp -d) || exit 2
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 130' HUP INT TERM
  # shellcheck source=../lib/tap.sh
  . "$root/tests/lib/tap.sh"
}

# require_tools TOOL...: each TOOL is installed, or the test ends here with a
# failed check saying so.
require_tools() {
  for _tool in "$@"; do
    if ! command -v "$_tool" >/dev/null; then
      fail "$_tool is installed" "run scripts/install-deps"
      tap_finish
    fi
  done
}

# issue DIR [OPTION...]: a lab PKI of the seed topology in $tmp/DIR
# (`fedharness certs issue`), or a failed check and status 1.
issue() {
  _out=$tmp/$1
  shift
  run "$fedharness" certs issue "$topology" --out "$_out" "$@"
  if [ "$status" -ne 0 ]; then
    fail "certs issue $* succeeds" "exit status $status, want 0"
    show stderr "$tmp/stderr"
    return 1
  fi
}

# await_output PID FILE SED_SCRIPT: waits up to 10 s, while process PID runs,
# for `sed -n SED_SCRIPT FILE` to print something (a background server saying
# it listens, and on which port); that output in $found. Status 1 when the
# process ended or the time ran out first.
await_output() {
  _tries=0
  while [ "$_tries" -lt 100 ] && kill -0 "$1" 2>/dev/null; do
    found=$(sed -n "$3" "$2")
    [ -n "$found" ] && return 0
    _tries=$((_tries + 1))
    sleep 0.1
  done
  return 1
}
