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
