#!/bin/bash
# Oracle: band_center, oxidation_stats, electronegativity_diff,
# valence_orbital and meredig against an independent computation with
# Debian's pymatgen (/usr/bin/python3): compositions from pymatgen's own CIF
# parser, Pauling X from pymatgen, Magpie tables parsed in Python, matminer's
# statistics formulas (PropertyStats) in numpy. Oxidation states are the ones
# lib/oxidation assigned (printed by the driver). Tolerance: 1e-9 relative.
set -euo pipefail
if [ -z "${SHARED_DIR:-}" ]; then
  echo "SHARED_DIR is not set: this test reads \$SHARED_DIR/data/mp/cif" >&2
  exit 1
fi
dump="$(dirname "$0")/composition_dump"
[ -x "$dump" ] || dump="lib/descriptors/elemdata/composition_dump"
magpie="$SHARED_DIR/data/matminer/magpie_elementdata"
files=$(ls "$SHARED_DIR"/data/mp/cif/*.cif | awk 'NR % 400 == 7' | head -60)
out="${TEST_TMPDIR:-/tmp}/dump.tsv"
"$dump" "$magpie" $files > "$out"
/usr/bin/python3 - "$out" "$magpie" <<'PY'
import math, sys, warnings
from collections import defaultdict
import numpy as np
warnings.filterwarnings("ignore")
from pymatgen.core import Element
from pymatgen.io.cif import CifParser

dump, magpie = sys.argv[1], sys.argv[2]
def table(name):
    vals = {}
    for z, line in enumerate(open(f"{magpie}/{name}.table"), start=1):
        if z > 103: break
        try: vals[z] = float(line)
        except ValueError: vals[z] = float("nan")
    return vals
T = {n: table(n) for n in ["AtomicWeight", "Column", "Row", "Number", "AtomicRadius",
                           "Electronegativity", "NsValence", "NpValence", "NdValence",
                           "NfValence", "NValence"]}
def mean(x, w): return float(np.average(x, weights=w))
def std(x, w):
    if len(x) == 1: return 0.0
    w = np.asarray(w, float); x = np.asarray(x, float)
    beta = w.sum() / (w.sum() ** 2 - (w ** 2).sum())
    return float(np.sqrt(beta * np.dot((x - mean(x, w)) ** 2, w)))

rows = defaultdict(dict)
for line in open(dump):
    f, name, *vals = line.rstrip("\n").split("\t")
    rows[f][name] = vals
checked = bad = 0
def cmp(f, name, got, want):
    global checked, bad
    checked += 1
    if got[0] == "ERROR":
        print("C++ error where the oracle has values:", f, name); bad += 1; return
    got = [float(v) for v in got]
    if len(got) != len(want) or any(abs(a - b) > 1e-9 * max(1, abs(b)) for a, b in zip(got, want)):
        print("MISMATCH", f, name, [(i, a, b) for i, (a, b) in enumerate(zip(got, want)) if abs(a - b) > 1e-9 * max(1, abs(b))][:5])
        bad += 1
for f, r in rows.items():
    s = CifParser(f).get_structures(primitive=False)[0]
    comp = s.composition.get_el_amt_dict()
    zs = [Element(e).Z for e in comp]; amt = [comp[e] for e in comp]
    total = sum(amt)
    g = 1.0
    for e, a in comp.items(): g *= Element(e).X ** (a / total)
    cmp(f, "band_center", r["band_center"], [-g])
    avg = [mean([T[f"N{o}Valence"][z] for z in zs], amt) for o in "spdf"]
    tot = mean([T["NValence"][z] for z in zs], amt)
    vo = avg + [a / tot for a in avg]
    cmp(f, "valence_orbital", r["valence_orbital"], vo)
    frac = [0.0] * 103
    for z, a in zip(zs, amt): frac[z - 1] = a / total
    props = []
    for stat, p in [("mean", "AtomicWeight"), ("mean", "Column"), ("mean", "Row"),
                    ("range", "Number"), ("mean", "Number"), ("range", "AtomicRadius"),
                    ("mean", "AtomicRadius"), ("range", "Electronegativity"),
                    ("mean", "Electronegativity")]:
        v = [T[p][z] for z in zs]
        props.append(mean(v, amt) if stat == "mean" else max(v) - min(v))
    if all(math.isfinite(x) for x in props):
        cmp(f, "meredig", r["meredig"], frac + props + vo)
    if "species" in r:
        sp = [tuple(float(x) for x in t.split(":")) for t in r["species"]]
        ox = [o for _, o, _ in sp]; w = [a for _, _, a in sp]
        cmp(f, "oxidation_stats", r["oxidation_stats"], [min(ox), max(ox), max(ox) - min(ox), std(ox, w)])
        an = [(Element.from_Z(int(z)).X, a) for z, o, a in sp if o < 0]
        ca = [(Element.from_Z(int(z)).X, a) for z, o, a in sp if o > 0]
        if an and ca:
            m = mean([x for x, _ in an], [a for _, a in an])
            d = [m - x for x, _ in ca]; cw = [a for _, a in ca]
            cmp(f, "electronegativity_diff", r["electronegativity_diff"],
                [min(d), max(d), max(d) - min(d), mean(d, cw), std(d, cw)])
        elif r["electronegativity_diff"][0] != "ERROR":
            print("expected a per-record error (not ionic):", f); bad += 1
print(f"{len(rows)} structures, {checked} descriptor vectors checked against pymatgen, {bad} mismatches")
sys.exit(1 if bad or checked < 100 else 0)
PY
