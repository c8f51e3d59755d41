# shellcheck shell=sh
# shellcheck disable=SC2154 # $tmp belongs to the test that sources this file

# TAP bookkeeping shared by the shell tests (tests/cli, tests/integration):
# sourced after the test has made its temporary folder $tmp. Helpers name
# their own variables with a leading underscore; run's output is $status.

checks=0
failures=0

pass() {
  checks=$((checks + 1))
  echo "ok $checks - $1"
}

# fail DESCRIPTION DETAIL...: each DETAIL becomes a "#   " line.
fail() {
  checks=$((checks + 1))
  failures=$((failures + 1))
  echo "not ok $checks - $1"
  shift
  for _detail in "$@"; do
    echo "#   $_detail"
  done
}

# show TITLE FILE: a captured file indented under a failure, at most 10 lines.
show() {
  echo "#   $1:"
  sed -e 's/^/#     | /' -e '10q' "$2"
}

# run COMMAND...: runs it with stdin closed (so it cannot eat a here-document
# driving a loop), stdout in $tmp/stdout, stderr in $tmp/stderr, exit status
# in $status.
run() {
  "$@" </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
  status=$?
}

# expect_bad_input DESCRIPTION NEEDLE... -- COMMAND...
# Bad input must give exit status 2, nothing on stdout, and exactly one line
# on stderr, "fedharness: ...", containing every NEEDLE (fixed strings, meant
# to name the file, line number or option at fault).
expect_bad_input() {
  _desc=$1
  shift
  _needles=
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    _needles="$_needles$1
"
    shift
  done
  shift # --
  run "$@"
  _problems=
  [ "$status" -eq 2 ] || _problems="exit status $status, want 2"
  [ -s "$tmp/stdout" ] && _problems="${_problems:+$_problems; }stdout not empty"
  # grep -c '' counts a last line without newline too, wc -l would not.
  _lines=$(grep -c '' "$tmp/stderr")
  [ "$_lines" -eq 1 ] || _problems="${_problems:+$_problems; }$_lines stderr lines, want 1"
  grep -q '^fedharness: ' "$tmp/stderr" ||
    _problems="${_problems:+$_problems; }stderr does not start with 'fedharness: '"
  _old_ifs=$IFS
  IFS='
'
  for _needle in $_needles; do
    grep -qF -e "$_needle" "$tmp/stderr" ||
      _problems="${_problems:+$_problems; }stderr lacks '$_needle'"
  done
  IFS=$_old_ifs
  if [ -z "$_problems" ]; then
    pass "$_desc"
  else
    fail "$_desc" "$_problems"
    show stderr "$tmp/stderr"
    [ -s "$tmp/stdout" ] && show stdout "$tmp/stdout"
  fi
}

# tap_finish: the plan and a count; exits 0 when every check passed, else 1.
tap_finish() {
  echo "1..$checks"
  if [ "$failures" -eq 0 ]; then
    echo "# all $checks checks passed"
    exit 0
  fi
  echo "# $failures of $checks checks failed"
  exit 1
}
