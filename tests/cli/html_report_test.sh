#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# `fedharness run --report-html`, as a person sees the page: rendered by
# headless Chromium.
#
#   sh tests/cli/html_report_test.sh <path-to-fedharness> <repo-root>
#
# Runs two catalogue scenarios (AOL refusing an Edge without the client EKU,
# the Edge refusing an expired partner certificate) and a copy of the AOL one
# that expects its refused path to pass, so that one path fails, with
# --report-html and --report-json. Chromium renders the page (--dump-dom, and
# a screenshot), with a profile and HOME of its own and, where `unshare --net`
# works (root, as in CI), no network at all. The checks read the rendered DOM:
# the summary line the terminal printed; the failed path's row, outcome,
# code and fix (the fix as the JSON document gives it); the "⚠ offending"
# mark on the EKU of the certificate AOL refused and on the validity of the
# expired one; every path's details. The page must name no URL. TAP output,
# as tests/lib/tap.sh prints it; exits 0 when every check passed, 1 when
# some failed, 2 on bad usage. Needs chromium and jq (scripts/install-deps).

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"

require_tools chromium jq

cd "$root" || exit 2
root=$(pwd) # the scenario copy below names the topology by its absolute path
report=$tmp/report.html
aol=scenarios/catalogue/aol-refuses-edge-without-client-eku.yaml
expired=scenarios/catalogue/edge-refuses-partner-with-expired-certificate.yaml
# The AOL scenario expecting its refused path to pass: that path fails.
sed -e "s|^topology: \.\./|topology: $root/scenarios/|" \
  -e 's|expect: {fail: EKU_CLIENT_MISSING[^}]*}|expect: pass|' "$aol" >"$tmp/aol-expected-to-pass.yaml"

# --- the run -------------------------------------------------------------------

run "$fedharness" run "$aol" "$expired" "$tmp/aol-expected-to-pass.yaml" \
  --report-html "$report" --report-json "$tmp/report.json"
if [ "$status" -eq 1 ] && [ -s "$report" ]; then
  pass "run with a failing path exits 1 and writes --report-html"
else
  fail "run with a failing path exits 1 and writes --report-html" "exit status $status"
  show stderr "$tmp/stderr"
  tap_finish
fi
summary=$(tail -n 1 "$tmp/stdout")

# --- what the page names -------------------------------------------------------

# Nothing to fetch: no URL, no script, no external style, font or image; the
# only links are the matrix's, to anchors of the page.
if grep -Eio 'https?:|<script|<link|<img|<iframe|<object|src=|url\(|@import|href="[^#]' \
  "$report" >"$tmp/fetches"; then
  fail "the page names no URL and loads nothing" "it has: $(sort -u "$tmp/fetches" | tr '\n' ' ')"
else
  pass "the page names no URL and loads nothing"
fi

# --- Chromium ------------------------------------------------------------------

# Chromium keeps its profile, cache and NSS database under HOME: a fresh one.
export HOME="$tmp/home"
unset XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME

# No network at all for Chromium, where unshare can take it away.
if unshare --net true 2>/dev/null; then
  network=none
  offline=", with no network (unshare --net)"
else
  network=host
  offline=
  checks=$((checks + 1))
  echo "ok $checks - Chromium renders with no network # SKIP unshare --net is not permitted here"
fi

# browse OPTION...: headless Chromium on the report with OPTION; its stdout in
# $tmp/stdout, its exit status in $status.
browse() {
  set -- chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" "$@" "file://$report"
  if [ "$network" = none ]; then
    set -- unshare --net "$@"
  fi
  run timeout 60 "$@"
}

browse --dump-dom
dom=$tmp/dom.html
cp "$tmp/stdout" "$dom"
if [ "$status" -eq 0 ] && grep -q '</html>' "$dom"; then
  pass "Chromium renders the page (--dump-dom)$offline"
else
  fail "Chromium renders the page (--dump-dom)$offline" "exit status $status"
  show stderr "$tmp/stderr"
  tap_finish
fi

browse --screenshot="$tmp/report.png" --window-size=1280,2400
if [ "$status" -eq 0 ] && [ "$(head -c 4 "$tmp/report.png" 2>/dev/null | tail -c 3)" = PNG ]; then
  pass "Chromium paints the page (--screenshot)$offline"
  if [ -n "${FEDHARNESS_SCREENSHOT:-}" ]; then
    cp "$tmp/report.png" "$FEDHARNESS_SCREENSHOT"
  fi
else
  fail "Chromium paints the page (--screenshot)$offline" "exit status $status"
  show stderr "$tmp/stderr"
fi

# --- what a person sees --------------------------------------------------------

# lines FILE START END: FILE from the first line holding START (a fixed
# string) to the next line holding END after it.
lines() {
  awk -v start="$2" -v end="$3" '
    !on && index($0, start) { on = 1; print; next }
    on { print; if (index($0, end)) exit }' "$1"
}

# expect_in DESCRIPTION FILE TEXT...: FILE holds each TEXT (a fixed string).
expect_in() {
  _desc=$1
  _file=$2
  shift 2
  _missing=
  for _text in "$@"; do
    grep -qF -e "$_text" "$_file" || _missing="${_missing:+$_missing; }lacks '$_text'"
  done
  if [ -z "$_missing" ]; then
    pass "$_desc"
  else
    fail "$_desc" "$_missing"
  fi
}

# dom_text TEXT: TEXT as the DOM writes a text node (HTML serialization).
dom_text() {
  printf '%s\n' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# fix_of SCENARIO PATH: the fix the JSON document gives for a path's code.
fix_of() {
  jq -r --arg s "$1" --arg p "$2" \
    '.scenarios[] | select(.id == $s) | .paths[] | select(.id == $p) | .observed.fix' \
    "$tmp/report.json"
}

# expect_path DESCRIPTION SCENARIO PATH OUTCOME CODE WHO FIELD: the matrix
# row and the details of a path that did not pass show OUTCOME, CODE and the
# JSON document's fix; its details are open; in them, the leaf of the chain
# WHO ("the Edge", "the partner") was presented is marked offending in its
# FIELD row, and nothing else is.
expect_path() {
  _anchor=path-$2-$3
  grep -F "href=\"#$_anchor\"" "$dom" >"$tmp/row"
  lines "$dom" "id=\"$_anchor\"" '</details>' >"$tmp/details"
  lines "$tmp/details" "<h4>What $6 saw</h4>" '</section>' >"$tmp/end"
  lines "$tmp/end" 'data-depth="0"' '</table>' >"$tmp/leaf"
  expect_in "$1: the matrix row shows its outcome and code" "$tmp/row" \
    "<tr class=\"$4\">" "<td class=\"outcome $4\">$4</td><td class=\"code\">$5</td>"
  expect_in "$1: its details are open, with its code and fix" "$tmp/details" \
    "id=\"$_anchor\" open=\"\">" "<span class=\"outcome $4\">$4</span>" \
    "<dd class=\"code\">$5</dd>" "<dd class=\"fix\">$(dom_text "$(fix_of "$2" "$3")")</dd>"
  _marks=$(grep -c '⚠ offending' "$tmp/details")
  if grep -F "<tr class=\"$7 offending\">" "$tmp/leaf" | grep -qF '⚠ offending' &&
    [ "$_marks" -eq 1 ]; then
    pass "$1: the $7 of the certificate $6 refused is marked '⚠ offending'"
  else
    fail "$1: the $7 of the certificate $6 refused is marked '⚠ offending'" \
      "$_marks marks in the path's details"
    show "$6's leaf" "$tmp/leaf"
  fi
}

expect_in "the page shows the summary line the terminal printed" "$dom" \
  "<title>fedharness: $summary</title>" "<p class=\"summary unmet\">$summary</p>"
expect_path "a failed path" aol-expected-to-pass aol-outbound fail EKU_CLIENT_MISSING \
  "the partner" eku
expect_path "an expected-fail path refused by the partner" aol-refuses-edge-without-client-eku \
  aol-outbound expected-fail EKU_CLIENT_MISSING "the partner" eku
expect_path "an expected-fail path refused by the Edge" \
  edge-refuses-partner-with-expired-certificate sip-inbound expected-fail CERT_EXPIRED \
  "the Edge" validity
expect_in "a passing path's row is classed pass" "$dom" \
  "<tr class=\"pass\"><td class=\"id\"><a href=\"#path-aol-refuses-edge-without-client-eku-lync-outbound\">"

jq -r '.scenarios[] | .id as $s | .paths[] | "path-\($s)-\(.id)"' "$tmp/report.json" >"$tmp/ids"
missing=
while read -r id; do
  grep -qF "<details class=\"path " "$dom" && grep -qF "id=\"$id\"" "$dom" ||
    missing="$missing $id"
done <"$tmp/ids"
if [ -s "$tmp/ids" ] && [ -z "$missing" ] &&
  [ "$(grep -c '<details class="path ' "$dom")" -eq "$(grep -c '' "$tmp/ids")" ]; then
  pass "every path of the run has its details, and only those"
else
  fail "every path of the run has its details, and only those" "missing:${missing:- none}"
fi

# The first screen: what failed, each linked to its details, above every matrix.
lines "$dom" 'id="unmet"' '</section>' >"$tmp/unmet"
jq -r '.scenarios[] | .id as $s | .paths[] | select(.outcome != "pass" and .outcome != "expected-fail")
  | "<a href=\"#path-\($s)-\(.id)\">"' "$tmp/report.json" >"$tmp/unmet-links"
unmet_line=$(grep -n 'id="unmet"' "$dom" | head -1 | cut -d: -f1)
matrix_line=$(grep -n '<table class="matrix">' "$dom" | head -1 | cut -d: -f1)
missing=
while read -r link; do
  grep -qF -e "$link" "$tmp/unmet" || missing="$missing $link"
done <"$tmp/unmet-links"
if [ -s "$tmp/unmet-links" ] && [ -z "$missing" ] && [ -n "$unmet_line" ] &&
  [ "$unmet_line" -lt "${matrix_line:-0}" ] &&
  [ "$(grep -c '<li class=' "$tmp/unmet")" -eq "$(grep -c '' "$tmp/unmet-links")" ]; then
  pass "the page opens with what failed, each failing path linked to its details, and only those"
else
  fail "the page opens with what failed, each failing path linked" \
    "missing:${missing:- none}; section at line ${unmet_line:-?}, first matrix at ${matrix_line:-?}"
  show "what failed" "$tmp/unmet"
fi

expect_in "the page keeps its Content-Security-Policy: no fetch at all" "$dom" \
  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"

tap_finish
