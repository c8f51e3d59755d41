# shellcheck shell=sh
# What every integration test does first, sourced from the test with
#   . "$(dirname "$0")/../lib/integration.sh"
#   integration_setup with-prosody "$1" "$2"
# after checking its own arguments.

# absolute PATH: PATH made absolute against the current folder.
absolute() {
  case $1 in
    /*) echo "$1" ;;
    *) echo "$(pwd)/$1" ;;
  esac
}

# integration_setup HELPER FEDHARNESS ROOT: sets $fedharness and $root
# (absolute), $topology (the seed's), checks that FEDHARNESS runs and that ROOT
# holds scripts/HELPER (the script that starts the real server), makes a
# private $tmp removed at exit, and sources the TAP library. Exits 2 when the
# arguments are wrong.
integration_setup() {
  fedharness=$(absolute "$2")
  root=$(absolute "$3")
  topology=$root/scenarios/topologies/contoso.yaml
  if [ ! -x "$fedharness" ] || [ ! -f "$topology" ] || [ ! -f "$root/scripts/$1" ]; then
    echo "$0: $fedharness is not executable, or $root is not the repository root" >&2
    exit 2
  fi
  tmp=$(mktemp -d) || exit 2
  trap 'rm -rf "$tmp"' EXIT
  trap 'exit 130' HUP INT TERM
  . "$root/tests/lib/tap.sh"
}
