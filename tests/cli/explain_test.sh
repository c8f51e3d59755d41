#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness explain`: every code on a line, one code explained, a code that
# does not exist refused, and docs/codes.md equal to what it prints.
#
#   sh tests/cli/explain_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"

run "$fedharness" explain --markdown
if [ "$status" -eq 0 ] && cmp -s "$tmp/stdout" "$root/docs/codes.md"; then
  pass "docs/codes.md is what explain --markdown prints"
else
  fail "docs/codes.md is what explain --markdown prints" \
    "exit status $status; regenerate it: fedharness explain --markdown >docs/codes.md"
  diff "$root/docs/codes.md" "$tmp/stdout" | head -20 >"$tmp/diff"
  show diff "$tmp/diff"
fi
sections=$(grep -c '^## ' "$tmp/stdout")

run "$fedharness" explain
lines=$(grep -c '^[A-Z_]*  *\(error\|warning\)  ' "$tmp/stdout")
if [ "$status" -eq 0 ] && [ "$lines" -eq "$sections" ] && [ "$lines" -ge 39 ]; then
  pass "explain lists every code, one line each ($lines)"
else
  fail "explain lists every code, one line each" "exit status $status, $lines lines, $sections codes"
  show stdout "$tmp/stdout"
fi

run "$fedharness" explain dane_mismatch
if [ "$status" -eq 0 ] && grep -q '^DANE_MISMATCH (error)$' "$tmp/stdout" &&
  grep -q '^Where it arises:$' "$tmp/stdout" && grep -q '^Typical evidence:$' "$tmp/stdout" &&
  grep -q '^Fix:$' "$tmp/stdout"; then
  pass "explain CODE (any case): meaning, where it arises, typical evidence, fix"
else
  fail "explain CODE (any case): meaning, where it arises, typical evidence, fix" \
    "exit status $status"
  show stdout "$tmp/stdout"
fi

expect_bad_input "explain of a code that does not exist: exit 2, says where the list is" \
  "'NO_SUCH_CODE' is not a finding code" "fedharness explain" -- \
  "$fedharness" explain NO_SUCH_CODE

tap_finish
