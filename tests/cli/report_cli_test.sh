#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# The run document, JUnit XML, the HTML report, sharding and `fedharness
# report merge`, from the command line.
#
#   sh tests/cli/report_cli_test.sh <path-to-fedharness> <repo-root>
#
# Runs the shipped SIP and XMPP scenarios as two shards and unsharded, merges
# the shards, and checks that the merge is the unsharded run's document,
# JUnit XML and HTML report apart from timings and metadata, and that the
# text is coloured and the progress shown only as --color, NO_COLOR and a
# terminal say. TAP output, as tests/lib/tap.sh prints it; exits 0 when every
# check passed, 1 when some failed, 2 on bad usage. Needs jq (the JSON
# comparison) and xmllint (well-formed XML), both from scripts/install-deps;
# the terminal checks use script(1) from util-linux when it is there.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"

require_tools jq xmllint

# The runs below choose their shards themselves, and their colours.
unset TEST_SHARD_INDEX TEST_TOTAL_SHARDS TEST_SHARD_STATUS_FILE NO_COLOR

# Relative scenario paths, as a user gives them: the documents name files so.
cd "$root" || exit 2
scenarios="scenarios/sip scenarios/xmpp"

# run_fedharness NAME ARGS...: runs fedharness with ARGS, keeps stdout and
# stderr as $tmp/NAME.stdout and .stderr, and the exit status in $status.
run_fedharness() {
  _name=$1
  shift
  run "$fedharness" "$@"
  cp "$tmp/stdout" "$tmp/$_name.stdout"
  cp "$tmp/stderr" "$tmp/$_name.stderr"
}

# What must be equal between a merge and the run it stands for: everything
# but the run metadata, the durations, and the validity dates and identities
# of the lab's certificates (issued afresh by every run).
comparable() {
  jq -S 'del(.run) | walk(if type == "object"
                         then del(.duration_seconds, .not_before, .not_after, .serial,
                                  .sha1_thumbprint, .sha256_fingerprint)
                         else . end)' "$1"
}

# Paths of a document, one "scenario/path" a line.
paths_of() {
  jq -r '.scenarios[] | .id as $s | .paths[] | "\($s)/\(.id)"' "$1"
}

# expect_same DESCRIPTION FILE1 FILE2
expect_same() {
  if cmp -s "$2" "$3"; then
    pass "$1"
  else
    fail "$1" "$(basename "$2") and $(basename "$3") differ:"
    diff "$2" "$3" | sed -e 's/^/#     /' -e '20q'
  fi
}

# expect_status DESCRIPTION GOT WANT NAME: NAME's stderr is shown on a failure.
expect_status() {
  if [ "$2" -eq "$3" ]; then
    pass "$1"
  else
    fail "$1" "exit status $2, want $3"
    show stderr "$tmp/$4.stderr"
  fi
}

# --- the shards, the unsharded run and the merge ------------------------------

# shellcheck disable=SC2086 # $scenarios is two words on purpose
run_fedharness shard1 run $scenarios --shard 1/2 --report-json "$tmp/a.json" \
  --report-junit "$tmp/a.xml" --format json
shard1_status=$status
# shellcheck disable=SC2086
run_fedharness shard2 run $scenarios --shard 2/2 --report-json "$tmp/b.json"
shard2_status=$status
# shellcheck disable=SC2086
run_fedharness full run $scenarios --report-json "$tmp/full.json" --report-junit "$tmp/full.xml" \
  --report-html "$tmp/full.html"
full_status=$status
case $shard1_status$shard2_status$full_status in
  [01][01][01]) pass "run with --shard 1/2, 2/2 and unsharded ends 0 or 1" ;;
  *)
    fail "run with --shard 1/2, 2/2 and unsharded ends 0 or 1" \
      "exit statuses $shard1_status, $shard2_status, $full_status"
    show "unsharded stderr" "$tmp/full.stderr"
    ;;
esac

expect_same "--format json prints the document --report-json writes" "$tmp/shard1.stdout" \
  "$tmp/a.json"

if [ "$(jq -c '[.schema, .run.shard]' "$tmp/a.json")" = '["fedharness-run/1",{"index":1,"count":2}]' ] &&
  [ "$(jq -c '.run.shard' "$tmp/full.json")" = null ]; then
  pass "the documents name the schema and the shard"
else
  fail "the documents name the schema and the shard" \
    "$(jq -c '[.schema, .run.shard]' "$tmp/a.json")"
fi

paths_of "$tmp/a.json" | sort >"$tmp/a.paths"
paths_of "$tmp/b.json" | sort >"$tmp/b.paths"
paths_of "$tmp/full.json" | sort >"$tmp/full.paths"
sort "$tmp/a.paths" "$tmp/b.paths" >"$tmp/ab.paths"
if [ -s "$tmp/a.paths" ] && [ -s "$tmp/b.paths" ] && [ -z "$(comm -12 "$tmp/a.paths" "$tmp/b.paths")" ]; then
  pass "each shard runs some paths, and no path runs in both"
else
  fail "each shard runs some paths, and no path runs in both" \
    "$(grep -c '' "$tmp/a.paths") and $(grep -c '' "$tmp/b.paths") paths"
fi
expect_same "the shards together run every path of the unsharded run" "$tmp/ab.paths" \
  "$tmp/full.paths"

run_fedharness merge report merge "$tmp/a.json" "$tmp/b.json" --report-json "$tmp/m.json" \
  --report-junit "$tmp/m.xml" --report-html "$tmp/m.html"
expect_status "report merge exits as the unsharded run did" "$status" "$full_status" merge

comparable "$tmp/m.json" >"$tmp/m.comparable"
comparable "$tmp/full.json" >"$tmp/full.comparable"
expect_same "report merge of the two shards equals the unsharded run's document" \
  "$tmp/m.comparable" "$tmp/full.comparable"
if [ "$(jq -c '[.run.shard, (.run.merged_from | length)]' "$tmp/m.json")" = '[null,2]' ]; then
  pass "the merge names the documents it joined"
else
  fail "the merge names the documents it joined" "$(jq -c .run "$tmp/m.json")"
fi

# Text output of the merge: the same matrix and summary as the run printed.
run_fedharness merge_text report merge "$tmp/b.json" "$tmp/a.json"
expect_same "report merge prints the unsharded run's text, whatever the order of its files" \
  "$tmp/merge_text.stdout" "$tmp/full.stdout"

# --- JUnit XML -----------------------------------------------------------------

for xml in a m full; do
  if xmllint --noout "$tmp/$xml.xml" 2>"$tmp/xmllint.err"; then
    pass "JUnit XML $xml.xml is well-formed"
  else
    fail "JUnit XML $xml.xml is well-formed"
    show xmllint "$tmp/xmllint.err"
  fi
done
sed 's/ time="[^"]*"//g' "$tmp/m.xml" >"$tmp/m.untimed.xml"
sed 's/ time="[^"]*"//g' "$tmp/full.xml" >"$tmp/full.untimed.xml"
expect_same "the merge's JUnit XML is the unsharded run's, apart from times" \
  "$tmp/m.untimed.xml" "$tmp/full.untimed.xml"
testcases=$(grep -c '<testcase ' "$tmp/full.xml")
if [ "$testcases" -eq "$(grep -c '' "$tmp/full.paths")" ] &&
  [ "$(grep -c '<testsuite ' "$tmp/full.xml")" -eq "$(jq '.scenarios | length' "$tmp/full.json")" ]; then
  pass "JUnit XML has a testsuite per scenario and a testcase per path"
else
  fail "JUnit XML has a testsuite per scenario and a testcase per path" "$testcases testcases"
fi

# --- the HTML report ----------------------------------------------------------

# What must be equal: all but the run metadata and the lab certificates'
# dates and identities (tests/cli/html_report_test.sh checks what the page
# shows).
html_comparable() {
  sed -e '/<dl class="run">/,/<\/dl>/d' -e 's|<time>[^<]*</time>|<time/>|g' \
    -e 's|<code>[0-9A-F]*</code>|<code/>|g' "$1"
}
html_comparable "$tmp/m.html" >"$tmp/m.html.comparable"
html_comparable "$tmp/full.html" >"$tmp/full.html.comparable"
if [ -s "$tmp/full.html.comparable" ]; then
  expect_same "the merge's HTML report is the unsharded run's, apart from metadata and dates" \
    "$tmp/m.html.comparable" "$tmp/full.html.comparable"
else
  fail "the merge's HTML report is the unsharded run's, apart from metadata and dates" \
    "run wrote no $tmp/full.html"
fi

# --- the sharding convention of Bazel ------------------------------------------

# shellcheck disable=SC2086
run env TEST_SHARD_INDEX=0 TEST_TOTAL_SHARDS=2 TEST_SHARD_STATUS_FILE="$tmp/shard-status" \
  "$fedharness" run $scenarios --report-json "$tmp/env.json"
paths_of "$tmp/env.json" | sort >"$tmp/env.paths"
expect_same "TEST_SHARD_INDEX=0 of TEST_TOTAL_SHARDS=2 runs the paths of --shard 1/2" \
  "$tmp/env.paths" "$tmp/a.paths"
if [ -f "$tmp/shard-status" ]; then
  pass "TEST_SHARD_STATUS_FILE is touched"
else
  fail "TEST_SHARD_STATUS_FILE is touched"
fi

# --- colour and progress -------------------------------------------------------

esc=$(printf '\033')
# has_escape FILE: whether FILE holds an ANSI escape sequence.
has_escape() {
  grep -q "$esc" "$1"
}

if has_escape "$tmp/full.stdout" || has_escape "$tmp/merge_text.stdout"; then
  fail "--color auto (the default) does not colour a pipe"
else
  pass "--color auto (the default) does not colour a pipe"
fi
if grep -q 'running' "$tmp/full.stderr" || grep -q "$(printf '\r')" "$tmp/full.stderr"; then
  fail "run prints no progress line when stderr is not a terminal"
  show stderr "$tmp/full.stderr"
else
  pass "run prints no progress line when stderr is not a terminal"
fi
run_fedharness always report merge "$tmp/a.json" "$tmp/b.json" --color always
if has_escape "$tmp/always.stdout"; then
  pass "--color always colours a pipe"
else
  fail "--color always colours a pipe"
fi
run env NO_COLOR=1 "$fedharness" report merge "$tmp/a.json" "$tmp/b.json" --color always
if has_escape "$tmp/stdout"; then
  pass "--color always wins over NO_COLOR"
else
  fail "--color always wins over NO_COLOR"
fi
sed "s/$esc\[[0-9]*m//g" "$tmp/always.stdout" >"$tmp/always.plain"
expect_same "--color always prints the plain text apart from its escape sequences" \
  "$tmp/always.plain" "$tmp/full.stdout"
run_fedharness never report merge "$tmp/a.json" "$tmp/b.json" --color never
expect_same "--color never prints the plain text" "$tmp/never.stdout" "$tmp/full.stdout"
summary=$(tail -n 1 "$tmp/full.stdout")
if printf '%s\n' "$summary" | grep -Eq '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'; then
  pass "the text ends with 'N passed, N failed[, N skipped]'"
else
  fail "the text ends with 'N passed, N failed[, N skipped]'" "$summary"
fi
expect_bad_input "run --color yes" "--color" -- "$fedharness" run scenarios/sip --color yes
expect_bad_input "report merge --color yes" "--color" -- \
  "$fedharness" report merge "$tmp/a.json" --color yes

# On a terminal (script(1) makes one): colour unless NO_COLOR, and progress.
if script -qec true /dev/null >/dev/null 2>&1; then
  script -qec "'$fedharness' report merge '$tmp/a.json' '$tmp/b.json'" /dev/null \
    </dev/null >"$tmp/tty.out" 2>&1
  if has_escape "$tmp/tty.out"; then
    pass "--color auto colours a terminal"
  else
    fail "--color auto colours a terminal"
    show output "$tmp/tty.out"
  fi
  NO_COLOR=1 script -qec "'$fedharness' report merge '$tmp/a.json' '$tmp/b.json'" /dev/null \
    </dev/null >"$tmp/tty-no-color.out" 2>&1
  if has_escape "$tmp/tty-no-color.out"; then
    fail "--color auto does not colour a terminal when NO_COLOR is set"
  else
    pass "--color auto does not colour a terminal when NO_COLOR is set"
  fi
  script -qec "'$fedharness' run scenarios/sip --color never" /dev/null \
    </dev/null >"$tmp/tty-run.out" 2>&1
  if grep -q 'running [0-9]*/[0-9]* paths' "$tmp/tty-run.out" &&
    grep -q "$esc\[K" "$tmp/tty-run.out"; then
    pass "run shows its progress on a terminal, and clears it"
  else
    fail "run shows its progress on a terminal, and clears it"
    show output "$tmp/tty-run.out"
  fi
else
  checks=$((checks + 1))
  echo "ok $checks - colour and progress on a terminal # SKIP script(1) is not available"
fi

# --- bad input -----------------------------------------------------------------

for shard in 0/2 3/2 1/0 x/2 1/2x; do
  expect_bad_input "run --shard $shard" "--shard $shard" -- \
    "$fedharness" run scenarios/sip --shard "$shard"
done
expect_bad_input "run with TEST_SHARD_INDEX=2 of TEST_TOTAL_SHARDS=2" "TEST_SHARD_INDEX=2" -- \
  env TEST_SHARD_INDEX=2 TEST_TOTAL_SHARDS=2 "$fedharness" run scenarios/sip
expect_bad_input "run with TEST_TOTAL_SHARDS alone" "TEST_TOTAL_SHARDS" -- \
  env TEST_TOTAL_SHARDS=2 "$fedharness" run scenarios/sip

expect_bad_input "report merge of the same shard twice" "$tmp/a.json" "also in" -- \
  "$fedharness" report merge "$tmp/a.json" "$tmp/a.json"
echo '{"topology": "x"}' >"$tmp/other.json"
expect_bad_input "report merge of a JSON file that is no run document" "$tmp/other.json" \
  "not a fedharness run document" -- "$fedharness" report merge "$tmp/a.json" "$tmp/other.json"
sed 's|"fedharness-run/1"|"fedharness-run/2"|' "$tmp/b.json" >"$tmp/v2.json"
expect_bad_input "report merge of another schema version" "$tmp/v2.json" "fedharness-run/2" -- \
  "$fedharness" report merge "$tmp/a.json" "$tmp/v2.json"
head -c 100 "$tmp/b.json" >"$tmp/cut.json"
expect_bad_input "report merge of a truncated document" "$tmp/cut.json" "not JSON" -- \
  "$fedharness" report merge "$tmp/cut.json"
expect_bad_input "report merge of a missing file" "$tmp/none.json" -- \
  "$fedharness" report merge "$tmp/none.json"
expect_bad_input "run --report-html into a missing folder" "$tmp/no/such/report.html" -- \
  "$fedharness" run scenarios/sip --report-html "$tmp/no/such/report.html"
expect_bad_input "report merge --report-html into a missing folder" "$tmp/no/such/report.html" -- \
  "$fedharness" report merge "$tmp/a.json" --report-html "$tmp/no/such/report.html"

tap_finish
