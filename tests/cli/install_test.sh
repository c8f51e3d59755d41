#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# fedharness installed: `cmake --install` to a prefix, and the Debian
# package cpack makes (scripts/package), unpacked with dpkg-deb. Each
# installed program runs from where it was installed and finds the built-in
# partner policies under its own share/fedharness, not in the source tree.
# The package's Depends name the libraries it links, all installed here.
#
#   sh tests/cli/install_test.sh <path-to-fedharness> <repo-root>
#
# TAP output, as tests/lib/tap.sh prints it; exits 0 when every check
# passed, 1 when some failed, 2 on bad usage.

set -u

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"
test_setup "$@"
require_tools cpack dpkg-deb
build=$(dirname "$fedharness")
version=$(sed -n 's/^project(fedharness VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")

issue lab --defect no-client-eku || tap_finish
# installed_works DESCRIPTION PREFIX: PREFIX/bin/fedharness says its version
# and judges with the policies of PREFIX/share (a policy added there shows).
installed_works() {
  _program=$2/bin/fedharness
  _policies=$2/share/fedharness/scenarios/policies
  cp "$_policies/lync.yaml" "$_policies/zz-installed-only.yaml"
  run "$_program" --version
  _version=$(cat "$tmp/stdout")
  run "$_program" certs check --topology "$topology" --cert "$tmp/lab/edge-chain.pem" \
    --key "$tmp/lab/edge.key" --trust "$tmp/lab/root-ca.pem" --partners all --format json
  if [ "$_version" = "fedharness $version" ] &&
    jq -e '[.partners[].policy] | index("zz-installed-only") != null
      and index("openssl-default") != null' "$tmp/stdout" >/dev/null &&
    jq -e '.partners[] | select(.policy == "openssl-default") | .outbound.code == "EKU_CLIENT_MISSING"' \
      "$tmp/stdout" >/dev/null; then
    pass "$1: runs from its prefix, with the built-in policies installed beside it"
  else
    fail "$1: runs from its prefix, with the built-in policies installed beside it" \
      "version [$_version], exit status $status"
    show stderr "$tmp/stderr"
  fi
}

run cmake --install "$build" --prefix "$tmp/prefix"
if [ "$status" -eq 0 ] && [ -x "$tmp/prefix/bin/fedharness" ] &&
  [ -f "$tmp/prefix/share/doc/fedharness/README.md" ]; then
  pass "cmake --install: bin/fedharness, share/fedharness, share/doc/fedharness"
  installed_works "cmake --install --prefix" "$tmp/prefix"
else
  fail "cmake --install to a prefix" "exit status $status"
  show stderr "$tmp/stderr"
fi

run cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/package"
deb=$(ls "$tmp"/package/fedharness_*.deb 2>/dev/null | head -1)
if [ "$status" -eq 0 ] && [ -n "$deb" ]; then
  pass "cpack -G DEB makes $(basename "$deb")"
else
  fail "cpack -G DEB makes a package" "exit status $status"
  show stderr "$tmp/stderr"
  tap_finish
fi
depends=$(dpkg-deb -f "$deb" Depends)
missing=
for library in libssl3 libstrophe0 libunbound8 libyaml-cpp0.7 libexpat1 libfmt9; do
  case ", $depends," in
    *", $library "* | *", $library,"*) ;;
    *) missing="$missing $library" ;;
  esac
done
uninstalled=$(echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//; s/|.*//' | while read -r package; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    echo "$package"
done)
if [ -z "$missing" ] && [ -z "$uninstalled" ]; then
  pass "the package Depends on the libraries it links, each installed here"
else
  fail "the package Depends on the libraries it links" "missing:${missing:- none}" \
    "not installed:${uninstalled:- none}" "Depends: $depends"
fi
dpkg-deb -x "$deb" "$tmp/root"
installed_works "the Debian package, unpacked" "$tmp/root/usr"

tap_finish
