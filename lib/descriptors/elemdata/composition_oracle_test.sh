#!/bin/bash
# Oracle: band_center, oxidation_stats, electronegativity_diff,
# valence_orbital and meredig against an independent computation with
# Debian's pymatgen (/usr/bin/python3): compositions from pymatgen's own CIF
# parser, Pauling X from pymatgen, Magpie tables parsed in Python, matminer's
# statistics formulas (PropertyStats) in numpy. The C++ side is the real
# tools: cif2proto (lib/cif + lib/oxidation's states) | describe, printed by
# records --format=json. Tolerance: 1e-9 relative.
set -euo pipefail
if [ -z "${SHARED_DIR:-}" ]; then
  echo "SHARED_DIR is not set: this test reads \$SHARED_DIR/data/mp/cif" >&2
  exit 1
fi
tools="$(dirname "$0")/../../../tools"
[ -x "$tools/describe" ] || tools="tools"
magpie="$SHARED_DIR/data/matminer/magpie_elementdata"
files=$(ls "$SHARED_DIR"/data/mp/cif/*.cif | awk 'NR % 400 == 7' | head -60)
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
"$tools/cif2proto" --quiet --keep_going $files > "$tmp/crystals" 2> "$tmp/cif2proto.log"
"$tools/records" --format=json --header=false "$tmp/crystals" > "$tmp/crystals.jsonl"
describe() {  # NAME [PARAMS]: one descriptor over every record
  "$tools/describe" --descriptor="$1" --params="${2:-}" --keep_going --quiet \
      "$tmp/crystals" 2> "$tmp/$1.log" |
    "$tools/records" --format=json --header=false > "$tmp/$1.jsonl"
}
describe band_center
describe oxidation_stats
describe electronegativity_diff
describe valence_orbital "magpie_dir=$magpie"
describe meredig "magpie_dir=$magpie"
/usr/bin/python3 - "$tmp" "$magpie" <<'PY'
import json, math, sys, warnings
from collections import defaultdict
import numpy as np
warnings.filterwarnings("ignore")
from pymatgen.core import Element
from pymatgen.io.cif import CifParser

tmp, magpie = sys.argv[1], sys.argv[2]
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

# Per CIF of an ordered record: the descriptors' values ("ERROR" when
# describe skipped the record) and the oxidation-state amounts cif2proto
# assigned ("species": atomic number, state, amount).
NAMES = ["band_center", "oxidation_stats", "electronegativity_diff",
         "valence_orbital", "meredig"]
described = {n: {} for n in NAMES}
for n in NAMES:
    for line in open(f"{tmp}/{n}.jsonl"):
        r = json.loads(line)
        described[n][r["id"]] = [repr(float(v)) for v in r["values"]]
rows = defaultdict(dict)
for line in open(f"{tmp}/crystals.jsonl"):
    c = json.loads(line)
    occupants = [o for s in c["sites"] for o in s["occupants"]]
    if any(len(s["occupants"]) > 1 for s in c["sites"]) or \
            any(o.get("occupancy", 0) < 1 - 1e-6 for o in occupants):
        continue  # ordered structures only
    f = c["source"]["file"]
    for n in NAMES:
        rows[f][n] = described[n].get(c["id"], ["ERROR"])
    if all("oxidation_state" in o for o in occupants):
        amounts = defaultdict(float)
        for o in occupants:
            amounts[(o["atomic_number"], o.get("oxidation_state", 0.0))] += o["occupancy"]
        rows[f]["species"] = [f"{z}:{ox}:{a}" for (z, ox), a in sorted(amounts.items())]
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
