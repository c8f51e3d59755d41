# shellcheck shell=sh
# shellcheck source-path=SCRIPTDIR
# What every integration test does first, sourced from the test with
#   . "$(dirname "$0")/../lib/integration.sh"
#   integration_setup with-prosody "$1" "$2"
# after checking its own arguments.

# shellcheck source=../lib/setup.sh
. "$(dirname "$0")/../lib/setup.sh"

# integration_setup HELPER FEDHARNESS ROOT: test_setup (lib/setup.sh), and
# ROOT holds scripts/HELPER, the script that starts the real server. Exits 2
# when the arguments are wrong.
integration_setup() {
  test_setup "$2" "$3"
  if [ ! -f "$root/scripts/$1" ]; then
    echo "$0: $root/scripts/$1 is missing: $root is not the repository root" >&2
    exit 2
  fi
}

# issue_or_bail DIR [OPTION...]: issue (lib/setup.sh), and when the lab PKI
# cannot be issued the test bails out, since every check after it needs it.
issue_or_bail() {
  issue "$@" || {
    echo "Bail out! cannot issue the lab PKIs"
    exit 1
  }
}
