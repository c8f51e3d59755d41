# shellcheck shell=sh
# Sourced by the scripts that run real servers on loopback.

# loopback ADDRESS: ADDRESS is four decimal numbers, the first 127, so that a
# server's outgoing connections to it never leave the machine; also all a
# hosts file may hold.
loopback() {
  case $1 in
    *.) return 1 ;;
    127.*) _rest=${1#127.} ;;
    *) return 1 ;;
  esac
  _count=0
  while [ -n "$_rest" ]; do
    _number=${_rest%%.*}
    case $_number in
      '' | *[!0-9]* | ????*) return 1 ;;
    esac
    [ "$_number" -le 255 ] || return 1
    _count=$((_count + 1))
    case $_rest in
      *.*) _rest=${_rest#*.} ;;
      *) _rest= ;;
    esac
  done
  [ "$_count" -eq 3 ]
}

# pick_port [EXCEPT]: a port below the kernel's ephemeral range (32768 up on
# Linux, so that no outgoing connection takes it meanwhile) that no TCP or
# UDP socket uses, in any state, and that is not EXCEPT (a second port of
# the same server).
pick_port() {
  while :; do
    _n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    _port=$((20000 + _n % 12000))
    [ "$_port" = "${1:-}" ] && continue
    _hex=$(printf '%04X' "$_port")
    if ! cat /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6 2>/dev/null |
      awk -v hex="$_hex" '{ split($2, a, ":"); if (a[2] == hex) found = 1 } END { exit !found }'; then
      echo "$_port"
      return
    fi
  done
}
