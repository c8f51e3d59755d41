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
