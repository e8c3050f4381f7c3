"""RDF oracle: matminer RadialDistributionFunction's recipe on pymatgen
(Structure.get_all_neighbors(20), np.histogram over np.arange(0, 20.1, 0.1),
divided by shell volume and N/V). Disordered records: each neighbour pair
weighted by the product of total site occupancies, N occupancy-weighted
(matminer refuses them). Also per_atom=true = that / N. Tolerance: 1e-9 of
the vector's maximum; distances within 1e-9 Å of a bin edge may count in
either adjacent bin."""
import json
import subprocess
import sys

import numpy as np

import oracle_structures as osx

dump = sys.argv[1]
recs = osx.records(n_mp=10, n_obelix=5)
inp = "".join(json.dumps(r) + "\n" for r in recs)


def run(*params):
    out = subprocess.run([dump, "rdf", *params], input=inp, capture_output=True,
                         text=True, check=True).stdout
    return {d["id"]: d for d in map(json.loads, out.splitlines())}


got = run()
got_pa = run("per_atom=true")
fails = 0
worst = 0.0
n_ties = 0
cutoff, bin_size = 20.0, 0.1
for rec in recs:
    s = osx.to_structure(rec)
    n_atoms = sum(sum(site.species.values()) for site in s)
    # A distance within 1e-9 Å of a bin edge (round lattice parameters: a =
    # 3.2 Å against the edge 32 * 0.1) falls on either side depending on the
    # last bit of the distance; rdf_bounds allows either bin for those.
    ref_lo, ref_hi, ties = osx.rdf_bounds(s, cutoff, bin_size)
    for name, g, div in (("matminer", got, 1.0), ("per_atom", got_pa, n_atoms)):
        v = np.array(g[rec["id"]]["values"])
        if v.shape != ref_lo.shape:
            print(rec["id"], name, "length", v.shape, ref_lo.shape); fails += 1
            continue
        v = v * div
        top = np.max(ref_hi)
        d = np.max(np.maximum(ref_lo - v, v - ref_hi).clip(min=0)) / top
        worst = max(worst, d)
        if d > 1e-9:
            print(rec["id"], name, "differs by", d, "of max"); fails += 1
    n_ties += ties
print(f"{len(recs)} structures: max |Δ|/max = {worst:.3g} ({n_ties} distances on a bin "
      f"edge allowed either bin); {fails} failures")
sys.exit(1 if fails else 0)
