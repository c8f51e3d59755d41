# shellcheck shell=sh
# Sourced by scripts/fuzz and scripts/test-sanitizers: one clang build with
# AddressSanitizer and UBSan serves both, the fuzz targets and the unit and
# hostile-peer tests, so that CI compiles the library twice (this and the
# plain gcc build of scripts/build), not three times.

# sanitized_build ROOT TARGET...: configures ROOT/build-sanitized (the same
# way from both scripts, so neither undoes the other's configuration) and
# builds TARGETs into it; its path in $build.
sanitized_build() {
  _root=$1
  shift
  build="$_root/build-sanitized"
  "$_root/scripts/install-deps" --tests
  # -O1 and line tables only: what ASan's reports need (a stack with file
  # and line), for a build that takes half the time of -O2 -g.
  cmake -S "$_root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 -DFEDHARNESS_FUZZ=ON \
    -DFEDHARNESS_WERROR=ON -DFEDHARNESS_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" >/dev/null
  cmake --build "$build" --target "$@" --parallel "${FEDHARNESS_JOBS:-2}"
}
