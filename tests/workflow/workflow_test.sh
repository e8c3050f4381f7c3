#!/bin/bash
# The workflow's test configuration end to end (a few dozen structures):
# `snakemake -n` on the default config, --lint, a full run, a rerun that must
# be byte-identical, and a kill-in-the-middle run finished with
# --rerun-incomplete; then the faults of issue 16 item 5: a full disk (a
# small tmpfs as an output folder; needs root and mount, else FAIL) and a
# flipped byte in a cached intermediate stream.
set -uo pipefail
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/data/mp/cif" ]; then
  echo "FAIL: needs the shared data set: set SHARED_DIR to the absolute path of ../shared" >&2
  exit 1
fi
root="$(pwd)"
tmp="$(mktemp -d)"; mounted=""
trap '[ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp/home"; mkdir -p "$HOME"   # snakemake writes caches under $HOME
bin="$root/tools"
mkconfig() {  # base config -> absolute data paths and tool paths
  sed -e "s|\.\./shared|$SHARED_DIR|g" \
      -e "s|workflow/config/|$root/workflow/config/|g" \
      -e "s|^bin:.*|bin: $bin|" "$1"
}
mkconfig "$root/workflow/config/test.yaml" > "$tmp/test.yaml"
mkconfig "$root/workflow/config/config.yaml" > "$tmp/default.yaml"
smk() { snakemake -s "$root/workflow/Snakefile" --directory "$1" --cores 2 "${@:2}"; }
fail=0; passed=0
check() { if [ "$1" -eq 0 ]; then echo "ok   $2"; passed=$((passed+1)); else echo "FAIL $2"; fail=$((fail+1)); fi; }

mkdir -p "$tmp/dry"
smk "$tmp/dry" --configfile "$tmp/default.yaml" -n --quiet > "$tmp/dry.log" 2>&1
check $? "snakemake -n on the default config"; [ $fail -eq 0 ] || tail -20 "$tmp/dry.log"

smk "$tmp/dry" --configfile "$tmp/test.yaml" --lint > "$tmp/lint.log" 2>&1
# Only the conda/container notice is tolerated (no network here).
bad=$(grep -E '^\s+\*' "$tmp/lint.log" | grep -viE 'conda|container|singularity' | wc -l)
check "$bad" "snakemake --lint (only the conda/container notice)"; [ "$bad" -eq 0 ] || cat "$tmp/lint.log"

mkdir -p "$tmp/run1" "$tmp/run2"
smk "$tmp/run1" --configfile "$tmp/test.yaml" > "$tmp/run1.log" 2>&1
rc=$?; check $rc "test config end to end"; [ $rc -eq 0 ] || tail -40 "$tmp/run1.log"
# Coverage rule: global_instability is undefined for most simplified (CAN)
# structures (no bond valence parameters for the representative ions), so
# that pair is listed as not clustered and left out of the scores; on the
# original structures it is clustered.
cov="$tmp/run1/results/tables/coverage.tsv"
awk -F'\t' '$1 == "CAN" && $2 == "global_instability" && $6 == "no"' "$cov" 2>/dev/null | grep -q . \
  && awk -F'\t' '$1 == "none" && $2 == "global_instability" && $6 == "yes"' "$cov" | grep -q . \
  && ! awk -F'\t' '$1 == "CAN" && $2 == "global_instability"' "$tmp/run1/results/tables/scores.tsv" | grep -q . \
  && grep -q "| CAN | global_instability |" "$tmp/run1/results/report.md"
rc=$?; check $rc "coverage rule: CAN/global_instability not clustered, none/global_instability clustered"
[ $rc -eq 0 ] || cat "$cov"
# Common structure set: every clustered pair and mixture has the structures
# every clustered pair described, and the same labels.
common_n=$(awk -F'\t' '$1 == "all" {print $4}' "$tmp/run1/results/tables/common_set.tsv" 2>/dev/null)
pairs_n=$(awk -F'\t' 'NR > 1 {print $3 "/" $4}' "$tmp/run1/results/tables/scores.tsv" 2>/dev/null | sort -u)
mix_n=$(for f in "$tmp/run1/results/clusters/mix/"*.assignments.tsv; do echo $(( $(wc -l < "$f") - 1 )); done | sort -u)
[ -n "$common_n" ] && [ "$(wc -l < "$tmp/run1/results/common/ids.txt")" -eq "$common_n" ] \
  && [ "$(echo "$pairs_n" | wc -l)" -eq 1 ] && [ "${pairs_n%/*}" = "$common_n" ] \
  && [ "$mix_n" = "$common_n" ] \
  && [ "$(awk -F'\t' '$1 == "none" && $2 == "global_instability"' "$tmp/run1/results/tables/common_set.tsv" | wc -l)" -eq 1 ] \
  && ! awk -F'\t' '$1 == "CAN" && $2 == "global_instability"' "$tmp/run1/results/tables/common_set.tsv" | grep -q .
rc=$?; check $rc "common structure set: every pair and mixture clustered on the same $common_n structures, labels $pairs_n"
[ $rc -eq 0 ] || { cat "$tmp/run1/results/tables/common_set.tsv"; echo "pairs: $pairs_n mixtures: $mix_n"; }
# NEB inputs in two stages, as the paper ran them: plain NEB, then a
# climbing-image restart of the same path.
nebdir=$(ls -d "$tmp/run1/results/neb"/*/ 2>/dev/null | head -1)
[ -n "$nebdir" ] && grep -q "CI_scheme *= *'no-CI'" "$nebdir/neb_plain.in" \
  && grep -q "restart_mode *= *'from_scratch'" "$nebdir/neb_plain.in" \
  && grep -q "CI_scheme *= *'auto'" "$nebdir/neb_climb.in" \
  && grep -q "restart_mode *= *'restart'" "$nebdir/neb_climb.in" \
  && grep -q "neb_climb.in" "$tmp/run1/results/neb/README.md"
rc=$?; check $rc "NEB inputs in two stages (plain, then climbing-image restart)"
[ $rc -eq 0 ] || ls -la "$nebdir"
smk "$tmp/run2" --configfile "$tmp/test.yaml" > "$tmp/run2.log" 2>&1
rc=$?; check $rc "second run"
# Byte-identical outputs (logs and benchmarks hold timings; figures' PDFs
# embed creation dates, so the TSV/MD/stream outputs are compared).
diffs=0
while IFS= read -r f; do
  cmp -s "$tmp/run1/$f" "$tmp/run2/$f" || { echo "differs: $f"; diffs=$((diffs+1)); }
done < <(cd "$tmp/run1/results" && find . -type f \( -name '*.tsv' -o -name '*.md' \
          -o -name '*.crystals' -o -name '*.desc' -o -name '*.clustering' -o -name '*.stream' \
          -o -name '*.in' \) -not -path './benchmarks/*' -not -path './logs/*' | sed 's|^\./|results/|')
check "$diffs" "byte-identical outputs on a rerun"

# Placing new structures (config new_structures: a directory of CIFs) in the
# candidates' clustering: only the place rules run, one row per CIF.
smk "$tmp/run2" --configfile "$tmp/test.yaml" --config new_structures="$root/tests/place/data" \
  > "$tmp/place.log" 2>&1
rc=$?
placement="$tmp/run2/results/tables/placement.tsv"
others=$(grep -E '^(local)?rule ' "$tmp/place.log" | grep -vE '^(local)?rule (all|place[a-z_]*):' | wc -l)
ncif=$(ls "$root/tests/place/data/"*.cif | wc -l)
[ $rc -eq 0 ] && [ "$others" -eq 0 ] && [ "$(tail -n +2 "$placement" | wc -l)" -eq "$ncif" ] \
  && head -1 "$placement" | grep -q "nearest_candidate.*ward_candidate" \
  && tail -n +2 "$placement" | awk -F'\t' '$4 != 8 || $13 !~ /^(label|nearest|no)$/ {bad=1} END {exit bad}'
rc=$?; check $rc "new_structures: results/tables/placement.tsv, one row per CIF, only the place rules run"
[ $rc -eq 0 ] || { tail -30 "$tmp/place.log"; cat "$placement"; }
# Held-out evaluation on the test results (10 folds of the labelled structures).
/usr/bin/python3 "$root/bench/place_holdout.py" "$tmp/run1/results" --bin="$bin" \
  --output="$tmp/holdout" > "$tmp/holdout.md" 2> "$tmp/holdout.log"
rc=$?
[ $rc -eq 0 ] && grep -q "^| high sigma" "$tmp/holdout.md" && grep -q "Base rate" "$tmp/holdout.md" \
  && [ "$(wc -l < "$tmp/holdout/folds.tsv")" -eq 11 ]
rc=$?; check $rc "bench/place_holdout.py on the test results"
[ $rc -eq 0 ] && cat "$tmp/holdout.md" || { tail -20 "$tmp/holdout.log"; cat "$tmp/holdout.md"; }

# Kill after the first describe job, then finish with --rerun-incomplete.
mkdir -p "$tmp/run3"
# setsid + exec: $! is snakemake itself and leads its own process group, so
# a hard kill below also reaches the jobs it started.
( exec setsid snakemake -s "$root/workflow/Snakefile" --directory "$tmp/run3" --cores 2 \
    --configfile "$tmp/test.yaml" > "$tmp/run3.log" 2>&1 ) &
pid=$!
for _ in $(seq 1 600); do
  ls "$tmp/run3/results/descriptor_shards"/*/*/0.desc >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.2
done
killed=no
if kill -TERM $pid 2>/dev/null; then killed=TERM; fi
# Snakemake finishes its running jobs on TERM; if it has not exited within
# 60 s (seen once under load), kill it and its jobs hard: a crash in the
# middle is what --rerun-incomplete is for, and the lock it leaves is removed.
for _ in $(seq 1 300); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
if kill -0 $pid 2>/dev/null; then
  kill -KILL -- -$pid 2>/dev/null; killed=KILL
  wait $pid 2>/dev/null
  smk "$tmp/run3" --configfile "$tmp/test.yaml" --unlock > "$tmp/unlock.log" 2>&1
fi
wait $pid 2>/dev/null
echo "killed in the middle: $killed"
smk "$tmp/run3" --configfile "$tmp/test.yaml" --rerun-incomplete > "$tmp/run3b.log" 2>&1
rc=$?; check $rc "rerun after a kill"; [ $rc -eq 0 ] || tail -30 "$tmp/run3b.log"
same=0
for f in results/tables/scores.tsv results/tables/table2.tsv results/report.md; do
  cmp -s "$tmp/run1/$f" "$tmp/run3/$f" || { echo "differs after kill+rerun: $f"; same=1; }
done
check $same "outputs after kill+rerun equal the clean run"

# --- Workflow faults (issue 16 item 5). ------------------------------------
records="$bin/records"
reads_ok() { "$records" --format=tsv "$1" > /dev/null 2>&1; }

# Disk full: results/simplified on a tmpfs half the size of the smallest
# simplified stream of run1, so every simplify job runs out of space. Each
# must fail naming its output file; Snakemake must remove the partial files
# and still plan those jobs.
small=$(for f in "$tmp/run1/results/simplified/"*.crystals; do stat -c %s "$f"; done | sort -n | head -1)
size_k=$(( (${small:-8192} / 2 + 4095) / 4096 * 4 ))
full="$tmp/run4/results/simplified"
mkdir -p "$full"
if ! mount -t tmpfs -o "size=${size_k}k" ionscreen-disk-full "$full" > "$tmp/mount.log" 2>&1; then
  check 1 "disk full: cannot mount a ${size_k}k tmpfs ($(head -1 "$tmp/mount.log")); run as root outside a sandbox that forbids mount"
else
  mounted="$full"
  smk "$tmp/run4" --configfile "$tmp/test.yaml" > "$tmp/run4.log" 2>&1
  rc=$?
  enospc=$(grep -lE "simplify: results/simplified/[A-Za-z0-9-]+\.crystals: write failed: No space left on device" \
             "$tmp/run4/results/logs/"simplify_*.log 2>/dev/null | wc -l)
  partial=0
  for f in "$full"/*.crystals; do
    [ -e "$f" ] || continue
    reads_ok "$f" || { echo "truncated output left in place: ${f#$tmp/run4/}"; partial=$((partial+1)); }
  done
  # Every representation whose stream is not there is still planned.
  smk "$tmp/run4" --configfile "$tmp/test.yaml" -n > "$tmp/run4n.log" 2>&1
  unplanned=0
  for log in $(grep -lE "No space left on device" "$tmp/run4/results/logs/"simplify_*.log 2>/dev/null); do
    rep=$(basename "$log" .log); rep=${rep#simplify_}
    [ -e "$full/$rep.crystals" ] && { echo "failed job's output kept: $rep"; unplanned=$((unplanned+1)); }
    grep -q "output: results/simplified/$rep.crystals" "$tmp/run4n.log" \
      || { echo "not planned again: $rep"; unplanned=$((unplanned+1)); }
  done
  [ $rc -ne 0 ] && [ "$enospc" -ge 1 ] && [ $partial -eq 0 ] && [ $unplanned -eq 0 ]
  r=$?; check $r "disk full (${size_k}k tmpfs): run fails, $enospc simplify job(s) name their output and 'No space left on device', no partial stream left, failed jobs still planned"
  [ $r -eq 0 ] || { echo "snakemake exit $rc"; tail -5 "$tmp/run4/results/logs/"simplify_*.log; tail -20 "$tmp/run4.log"; }
  umount "$full" && mounted=""
fi

# A flipped byte in a cached intermediate: the middle of run2's simplified
# CAN stream, touched so Snakemake reruns what reads it. The first reader
# must fail naming the file and the byte offset (format v2 checksums), and
# nothing downstream may be left complete.
cached="$tmp/run2/results/simplified/CAN.crystals"
sz=$(stat -c %s "$cached")
python3 - "$cached" <<'PY'
import sys
path = sys.argv[1]
with open(path, "r+b") as f:
    data = bytearray(f.read())
    data[len(data) // 2] ^= 0x04
    f.seek(0)
    f.write(data)
PY
touch "$cached"
smk "$tmp/run2" --configfile "$tmp/test.yaml" > "$tmp/corrupt.log" 2>&1
rc=$?
named=$(cat "$tmp/run2/results/logs/"*.log 2>/dev/null \
        | grep -cE "results/simplified/CAN\.crystals: corrupt record at byte [0-9]+ \(record [0-9]+\): checksum mismatch in bytes [0-9]+\.\.[0-9]+")
leftover=0
for f in "$tmp/run2/results/shards/CAN_"*.crystals; do
  [ -e "$f" ] || continue
  reads_ok "$f" || { echo "corrupt-derived output left: ${f#$tmp/run2/}"; leftover=$((leftover+1)); }
done
smk "$tmp/run2" --configfile "$tmp/test.yaml" -n > "$tmp/corruptn.log" 2>&1
planned=$(grep -cE "output: results/(shards/CAN_[0-9]+\.crystals|descriptors/CAN/[a-z_]+\.desc)" "$tmp/corruptn.log")
[ $rc -ne 0 ] && [ "$named" -ge 1 ] && [ $leftover -eq 0 ] && [ "$planned" -ge 2 ]
r=$?; check $r "flipped byte in results/simplified/CAN.crystals (byte $((sz / 2)) of $sz): readers fail naming file and byte offset ($named log lines), no derived output left, downstream still planned ($planned jobs)"
[ $r -eq 0 ] || { echo "snakemake exit $rc"; grep -h "CAN.crystals" "$tmp/run2/results/logs/"*.log | head -5; tail -20 "$tmp/corrupt.log"; }

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
