"""Ewald oracle: pymatgen EwaldSummation(structure).total_energy (default
acc_factor 12) on identical oxidation-decorated structures (fixed-table
oxidation states; charged cells included, disordered sites with
occupancy-averaged charges). Tolerance: 1e-6 relative. Also checks that a
record without oxidation states is an error naming its id."""
import json
import subprocess
import sys

from pymatgen.analysis.ewald import EwaldSummation

import oracle_structures as osx

dump = sys.argv[1]
recs = osx.records(n_mp=10, n_obelix=5, require_oxidation=True)
bare = [r for r in osx.records(n_mp=0, n_obelix=0)
        if r["id"] == "prog-LiF"][0]
bare = json.loads(json.dumps(bare))
for site in bare["sites"]:
    for o in site["occupants"]:
        o.pop("oxidationState", None)
bare["id"] = "no-oxidation-LiF"
inp = "".join(json.dumps(r) + "\n" for r in recs + [bare])
out = subprocess.run([dump, "ewald"], input=inp, capture_output=True, text=True,
                     check=True).stdout
got = {d["id"]: d for d in map(json.loads, out.splitlines())}
fails = 0
worst = 0.0
for rec in recs:
    s = osx.to_structure(rec, with_oxidation=True)
    want = EwaldSummation(s).total_energy
    n_atoms = s.composition.num_atoms
    g = got[rec["id"]]
    if "error" in g:
        print(rec["id"], "error", g["error"]); fails += 1
        continue
    for name, v, w in (("total", g["total_ev"], want),
                       ("per atom", g["values"][0], want / n_atoms)):
        d = abs(v - w) / abs(w)
        worst = max(worst, d)
        if d > 1e-6:
            print(rec["id"], name, v, "vs pymatgen", w); fails += 1
err = got["no-oxidation-LiF"].get("error", "")
if "no-oxidation-LiF" not in err or "oxidation state" not in err:
    print("record without oxidation states: expected an error naming it, got",
          got["no-oxidation-LiF"]); fails += 1
print(f"{len(recs)} structures: max relative |Δ| = {worst:.3g}; {fails} failures")
sys.exit(1 if fails or not recs else 0)
