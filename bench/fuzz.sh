#!/bin/bash
# Fuzzes the readers (issue 16) with clang's libFuzzer + ASan + UBSan.
# Usage (from the repository root, as root for the clang install):
#   bench/fuzz.sh SECONDS [TARGET...]     (targets: cif_reader cif_oxidation record_stream
#                                          labels mix; default all)
# Builds each tests/fuzz/<target>_fuzzer.cc with clang++ straight from the
# sources Bazel lists for its regression test (plus the generated .pb.cc),
# seeds a corpus from tests/fuzz/regression/<target>/ (and, for the CIF
# reader, every 25th shared MP CIF and all OBELiX CIFs), then runs the target
# for SECONDS at nice 19. A crash or a hang (> FUZZ_TIMEOUT s per input,
# default 10; raise it on a loaded machine, where nice 19 gets little CPU) stops the
# target and leaves its input in $FUZZ_OUT/artifacts/<target>/: copy it to
# tests/fuzz/regression/<target>/ (it then replays in tools/test.sh) and fix.
# Not part of tools/test.sh; clang is installed here only, not by setup.sh.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
secs="${1:?usage: bench/fuzz.sh SECONDS [TARGET...]}"
shift
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(cif_reader cif_oxidation record_stream labels mix)
out="${FUZZ_OUT:-/tmp/ionscreen-fuzz}"
shared="${SHARED_DIR:-$(cd "$repo/.." && pwd)/shared}"
[ -d "$shared/data" ] || shared=/work/shared
mkdir -p "$out"/{obj,bin,corpus,artifacts,logs}

if ! command -v clang++ > /dev/null; then
  apt-get update -qq && apt-get install -y -qq clang
fi
CXX="${CXX_FUZZ:-clang++}"

# Generated protobuf sources (and the sanity of the normal build).
nice -n 19 bazel build -c opt $(printf ' //tests/fuzz:%s_regression_test' "${targets[@]}") > "$out/logs/bazel.log" 2>&1 ||
  { tail -20 "$out/logs/bazel.log"; exit 1; }
bin_dir="$(bazel info -c opt bazel-bin 2> /dev/null)"
absl_libs="$(grep -o '"-labsl_[a-z0-9_]*"' third_party/BUILD | tr -d '"' | tr '\n' ' ')"
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer -w
       -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -I. -I"$bin_dir" -I/usr/include/eigen3)

compile() {  # source -> object (cached by path and mtime)
  local src="$1" obj="$out/obj/$(echo "$1" | tr '/' '_').o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    nice -n 19 "$CXX" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
  fi
  echo "$obj"
}

for t in "${targets[@]}"; do
  label="//tests/fuzz:${t}_regression_test"
  srcs="$(bazel query "kind('source file', deps($label))" 2> /dev/null |
          grep -E '^//lib/.*\.(cc|proto)$' | sed -e 's|^//||' -e 's|:|/|')"
  objs=()
  for s in $srcs; do
    case "$s" in
      *.proto) objs+=("$(compile "$bin_dir/${s%.proto}.pb.cc")") ;;
      *) objs+=("$(compile "$s")") ;;
    esac
  done
  objs+=("$(compile "tests/fuzz/${t}_fuzzer.cc")")
  nice -n 19 "$CXX" "${flags[@]}" -fsanitize=fuzzer "${objs[@]}" -o "$out/bin/$t" \
    -lprotobuf $absl_libs -lsymspg -lvoro++ -lz -lpthread -lrt
  echo "built $out/bin/$t (${#objs[@]} objects)"
done

for t in "${targets[@]}"; do
  corpus="$out/corpus/$t"; mkdir -p "$corpus" "$out/artifacts/$t"
  seeds=("tests/fuzz/regression/$t")
  max_len=16384
  if [ "$t" = cif_reader ] || [ "$t" = cif_oxidation ]; then
    max_len=65536
    mkdir -p "$out/seeds_cif"
    ls "$shared/data/mp/cif" | awk 'NR % 25 == 1' |
      while read -r f; do cp -n "$shared/data/mp/cif/$f" "$out/seeds_cif/"; done
    cp -n "$shared"/data/obelix/cifs/*.cif "$out/seeds_cif/" 2> /dev/null || true
    seeds+=("$out/seeds_cif")
  fi
  echo "fuzzing $t for $secs s"
  set +e
  nice -n 19 "$out/bin/$t" -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
    "$corpus" "${seeds[@]}" > "$out/logs/$t.log" 2>&1
  rc=$?
  set -e
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/logs/$t.log" | grep -o '[0-9]*$' || true)"
  echo "$t: exit $rc, ${runs:-?} inputs run, corpus $(ls "$corpus" | wc -l) files," \
       "artifacts: $(ls "$out/artifacts/$t" | tr '\n' ' ')"
done
