#!/bin/bash
# Benchmark (not a test): the xrd descriptor at the paper's setting
# (pattern_length=451) now vs before the issue #14 speed-up, CPU time of one
# thread on the same Crystal stream, run back to back in this script; checks
# that both give the same records (byte-identical, else the largest
# difference relative to each vector's maximum). Prints a Markdown table.
#
# Usage: bash bench/xrd_bench.sh [N_CIFS]   (default 400)
#   Input: the first N MP CIFs in name order, read by cif2proto
#   (--require_element=Li, properties from index.tsv), as in issue #14.
#   The old binary: OLD_DESCRIBE=<path to a describe binary>, else built from
#   XRD_OLD_REF (default: the commit before the speed-up) with `git archive`
#   in a temporary directory and a private Bazel output base.
#   REPEATS (default 3): each binary runs this many times, alternating; the
#   table reports the fastest run of each.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
shared="${SHARED_DIR:-$repo/../shared}"
[ -d "$shared/data/mp/cif" ] || { echo "needs the shared data set ($shared); set SHARED_DIR" >&2; exit 1; }
bazel build -c opt //tools:cif2proto //tools:describe //tools:records >/dev/null 2>&1 \
  || { echo "bazel build failed" >&2; exit 1; }
bin="$(bazel info -c opt bazel-bin 2>/dev/null)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

n="${1:-400}"
ls "$shared/data/mp/cif" | sort > "$tmp/all.txt"
head -n "$n" "$tmp/all.txt" | sed "s|^|$shared/data/mp/cif/|" > "$tmp/files.txt"
"$bin/tools/cif2proto" --files_from="$tmp/files.txt" --keep_going --quiet --require_element=Li \
  --properties="$shared/data/mp/index.tsv" --output="$tmp/x.crystals" 2> "$tmp/cif2proto.err" \
  || { tail -3 "$tmp/cif2proto.err" >&2; exit 1; }

old_ref="${XRD_OLD_REF:-b2078a438626e586829b824cc3a06172b39787a0}"
old_bin="${OLD_DESCRIBE:-}"
if [ -z "$old_bin" ]; then
  mkdir -p "$tmp/old"
  git -C "$repo" archive "$old_ref" | tar -x -C "$tmp/old" \
    || { echo "XRD_OLD_REF $old_ref not in this repository; set OLD_DESCRIBE" >&2; exit 1; }
  cp -f "$repo"/.bazelrc.shared "$tmp/old/" 2>/dev/null || true
  (cd "$tmp/old" && bazel --output_base="$tmp/old_base" build -c opt //tools:describe >/dev/null 2>&1) \
    || { echo "could not build $old_ref" >&2; exit 1; }
  cp "$(cd "$tmp/old" && bazel --output_base="$tmp/old_base" info -c opt bazel-bin 2>/dev/null)/tools/describe" \
    "$tmp/describe_old"
  (cd "$tmp/old" && bazel --output_base="$tmp/old_base" shutdown >/dev/null 2>&1) || true
  old_bin="$tmp/describe_old"
fi

/usr/bin/python3 - "$old_bin" "$bin/tools/describe" "$bin/tools/records" "$tmp" "${REPEATS:-3}" <<'PY'
import json, os, resource, subprocess, sys
old, new, records, tmp, repeats = sys.argv[1:]
inp = os.path.join(tmp, "x.crystals")

def run(binary, out):
    """CPU seconds (user + sys) of one single-threaded describe run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "wb") as o:
        subprocess.run([binary, "--descriptor=xrd", "--params=pattern_length=451",
                        "--keep_going", "--quiet", "--threads=1", inp],
                       stdout=o, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

t = {"old": [], "new": []}
for _ in range(int(repeats)):
    t["old"].append(run(old, os.path.join(tmp, "old.desc")))
    t["new"].append(run(new, os.path.join(tmp, "new.desc")))

def vectors(path):
    out = subprocess.run([records, "--format=json", "--header=false", path],
                         capture_output=True, text=True, check=True).stdout
    return {r["id"]: r.get("values", []) for r in map(json.loads, out.splitlines())}

a, b = vectors(os.path.join(tmp, "old.desc")), vectors(os.path.join(tmp, "new.desc"))
same_bytes = open(os.path.join(tmp, "old.desc"), "rb").read() == \
    open(os.path.join(tmp, "new.desc"), "rb").read()
max_rel = 0.0
for rid in set(a) | set(b):
    if rid not in a or rid not in b or len(a[rid]) != len(b[rid]):
        max_rel = float("inf"); continue
    top = max((abs(x) for x in a[rid]), default=0.0) or 1.0
    max_rel = max(max_rel, max((abs(x - y) for x, y in zip(a[rid], b[rid])), default=0.0) / top)
n = len(b)
to, tn = min(t["old"]), min(t["new"])
print(f"xrd, pattern_length=451, {n} structures, 1 thread, best of {repeats} CPU times")
print()
print("| binary | structures | CPU s | structures/s per core |")
print("|---|---|---|---|")
print(f"| before #14 | {len(a)} | {to:.3f} | {len(a)/to:.0f} |")
print(f"| now | {n} | {tn:.3f} | {n/tn:.0f} |")
print(f"| speedup | | | {to/tn:.2f}x |")
print()
print(f"output byte-identical: {'yes' if same_bytes else 'no'}; "
      f"max |new - old| / max|old| per vector: {max_rel:.3g}")
PY
