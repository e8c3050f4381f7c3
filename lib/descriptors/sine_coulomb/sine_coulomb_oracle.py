"""Sine Coulomb oracle: matminer SineCoulombMatrix.featurize's formula in
numpy (ANG_TO_BOHR from scipy constants as matminer), eigenvalues from
np.linalg.eig sorted by decreasing |λ|, zero-padded to the largest site
count (matminer's fit). Disordered sites: Z = sum occupancy * Z. Tolerance:
1e-9 of the largest |λ|."""
import json
import subprocess
import sys

import numpy as np
import scipy.constants as const

import oracle_structures as osx

ANG_TO_BOHR = const.value("Angstrom star") / const.value("Bohr radius")
dump = sys.argv[1]
recs = osx.records(n_mp=10, n_obelix=5)
inp = "".join(json.dumps(r) + "\n" for r in recs)
out = subprocess.run([dump, "sine_coulomb"], input=inp, capture_output=True,
                     text=True, check=True).stdout
got = {d["id"]: d for d in map(json.loads, out.splitlines())}
max_eigs = max(len(r["sites"]) for r in recs)
fails = 0
worst = 0.0
for rec in recs:
    s = osx.to_structure(rec)
    z = np.array([sum(sp.Z * occ for sp, occ in site.species.items()) for site in s])
    coords = np.array([site.frac_coords for site in s])
    lattice = s.lattice.matrix
    n = len(s)
    m = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i == j:
                m[i][i] = 0.5 * z[i] ** 2.4
            elif i < j:
                vec = coords[i] - coords[j]
                coord_vec = np.sin(np.pi * vec) ** 2
                trig_dist = np.linalg.norm(coord_vec @ lattice) * ANG_TO_BOHR
                m[i][j] = z[i] * z[j] / trig_dist
            else:
                m[i][j] = m[j][i]
    eigs = np.linalg.eig(m)[0].real
    eigs = sorted(eigs, key=lambda x: (-abs(x), -x))
    want = np.zeros(max_eigs)
    want[:n] = eigs
    v = np.array(got[rec["id"]]["values"])
    if v.shape != want.shape:
        print(rec["id"], "length", v.shape, want.shape); fails += 1
        continue
    d = np.max(np.abs(v - want)) / np.max(np.abs(want))
    worst = max(worst, d)
    if d > 1e-9:
        print(rec["id"], "differs by", d); fails += 1
print(f"{len(recs)} structures (padded to {max_eigs}): max |Δ|/max|λ| = "
      f"{worst:.3g}; {fails} failures")
sys.exit(1 if fails else 0)
