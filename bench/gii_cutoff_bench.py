"""Helper of gii_cutoff_bench.sh: the pymatgen reference (get_all_neighbors
plus bond valence sums with matminer's interpolate_soft table, as in
lib/descriptors/global_instability/gii_paper_oracle.py) timed on the first
structures of a crystal JSON stream, and compared with our values.

Usage: gii_cutoff_bench.py CRYSTALS.json OURS4.json OURS20.json TABLE N"""
import json
import sys
import time

from pymatgen.core import Element, Lattice, Species, Structure

from descriptor_oracle import ref_gii
from gii_paper_oracle import interpolated_table, table_rows

crystals_path, ours4_path, ours20_path, table_path, n = sys.argv[1:6]
table, _ = interpolated_table(table_rows(table_path))


def load(path):
    return [json.loads(l) for l in open(path) if l.strip()]


ours = {4: {r["id"]: r["values"][0] for r in load(ours4_path)},
        20: {r["id"]: r["values"][0] for r in load(ours20_path)}}
structures = []
for rec in load(crystals_path):
    if (rec["id"] not in ours[20] or len(rec["sites"]) > 60 or
            any(len(site["occupants"]) != 1 for site in rec["sites"])):
        continue
    lat = rec["lattice"]
    species, coords = [], []
    for site in rec["sites"]:
        (o,) = site["occupants"]
        species.append(Species(Element.from_Z(o["atomic_number"]).symbol,
                               o.get("oxidation_state", 0)))
        coords.append([site.get("frac_x", 0), site.get("frac_y", 0),
                       site.get("frac_z", 0)])
    s = Structure(Lattice([lat["a_angstrom"], lat["b_angstrom"],
                           lat["c_angstrom"]]), species, coords)
    structures.append((rec["id"], s))
    if len(structures) >= int(n):
        break
for cutoff in (4, 20):
    t0 = time.perf_counter()
    worst = 0.0
    for rid, s in structures:
        want = ref_gii(s, table, cutoff=float(cutoff))[0]
        got = ours[cutoff][rid]
        worst = max(worst, abs(got - want) / max(abs(want), 1e-12))
    dt = time.perf_counter() - t0
    print("| pymatgen reference | %d | %d | %.3f | %.2f | %.1e |" %
          (cutoff, len(structures), dt, 1e3 * dt / len(structures), worst))
