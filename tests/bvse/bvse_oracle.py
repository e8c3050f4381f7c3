"""Independent re-computation of BVSE energies and percolation levels.

Reads JSON lines from bvse_to_json (crystal + result with its grid). For
each structure:
  1. recomputes the energy at 300 random grid points by a brute-force numpy
     sum over periodic images (softBV Morse + screened Coulomb as in BVlain,
     covalent radii from ASE, erfc from scipy), from the TSV files directly;
  2. checks the percolation levels with scipy.ndimage.label on a 5x5x5
     tiling (26-connectivity, no wrap): at E <= e_min + Ea_d some component
     has period vectors of rank >= d, and at E < e_min + Ea_d none does.
Tolerances: energies 1e-6 eV absolute + 1e-9 relative.
"""
import csv
import json
import sys

import numpy as np
from ase.data import covalent_radii
from scipy import ndimage
from scipy.special import erfc


def load_params(d):
    morse = {}
    with open(f"{d}/softbv_params.tsv") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = tuple(int(row[k]) for k in
                        ("cation_z", "cation_valence", "anion_z", "anion_valence"))
            morse[key] = (float(row["r_min_angstrom"]),
                          float(row["alpha_per_angstrom"]), float(row["d0_ev"]))
    pqn = {}
    with open(f"{d}/principal_quantum_number.tsv") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            pqn[int(row["z"])] = int(row["n"])
    return morse, pqn


def energies(crystal, points_frac, morse, pqn, zm, qm, rcut, f=0.74):
    lat = np.array([crystal["lattice"][k] for k in
                    ("a_angstrom", "b_angstrom", "c_angstrom")])
    inv = np.linalg.inv(lat)
    reach = [int(np.ceil(rcut * np.linalg.norm(inv[:, i]))) + 1 for i in range(3)]
    imgs = np.array([(x, y, z) for x in range(-reach[0], reach[0] + 1)
                     for y in range(-reach[1], reach[1] + 1)
                     for z in range(-reach[2], reach[2] + 1)], dtype=float)
    pts = points_frac @ lat
    e = np.zeros(len(pts))
    for site in crystal["sites"]:
        fr = np.array([site.get("frac_x", 0.0), site.get("frac_y", 0.0),
                       site.get("frac_z", 0.0)])
        for occ in site["occupants"]:
            z = occ["atomic_number"]
            q = occ.get("oxidation_state", 0.0)
            w = occ.get("occupancy", 0.0)
            if z == zm or abs(q) < 1e-9:
                continue
            pos = (fr + imgs) @ lat
            r = np.linalg.norm(pts[:, None, :] - pos[None, :, :], axis=2)
            r = np.maximum(r, 1e-3)
            mask = r <= rcut
            if q < 0:
                rmin, alpha, d0 = morse[(zm, qm, z, int(round(q)))]
                x = np.exp(alpha * (rmin - r))
                v = 0.5 * d0 * ((x - 1) ** 2 - 1)
            else:
                rho = f * (covalent_radii[z] + covalent_radii[zm])
                v = 14.399645 * q * qm / np.sqrt(pqn[z] * pqn[zm]) / r * erfc(r / rho)
            e += w * np.where(mask, v, 0.0).sum(axis=1)
    return e


def percolation_rank(region):
    """Max over components of the rank of their period vectors (5x5x5 tile)."""
    t = 5
    big = np.tile(region, (t, t, t))
    lab, _ = ndimage.label(big, structure=np.ones((3, 3, 3)))
    n = region.shape
    lab = lab.reshape(t, n[0], t, n[1], t, n[2]).transpose(1, 3, 5, 0, 2, 4)
    centre = lab[:, :, :, 2, 2, 2]
    periods = {}
    for dx in range(t):
        for dy in range(t):
            for dz in range(t):
                if (dx, dy, dz) == (2, 2, 2):
                    continue
                same = (lab[:, :, :, dx, dy, dz] == centre) & (centre > 0)
                for l in np.unique(centre[same]):
                    periods.setdefault(l, []).append((dx - 2, dy - 2, dz - 2))
    best = 0
    for vecs in periods.values():
        best = max(best, np.linalg.matrix_rank(np.array(vecs, dtype=float)))
    return best


def main():
    params_dir, rcut, zm, qm = sys.argv[1], float(sys.argv[2]), 3, 1
    morse, pqn = load_params(params_dir)
    rng = np.random.default_rng(7)
    failures = 0
    for line in sys.stdin:
        rec = json.loads(line)
        c, r = rec["crystal"], rec["result"]
        n = (r["n_a"], r["n_b"], r["n_c"])
        grid = np.array(r["grid"]["energy_ev"], dtype=float).reshape(n)
        idx = np.stack([rng.integers(0, n[d], 300) for d in range(3)], axis=1)
        ours = grid[idx[:, 0], idx[:, 1], idx[:, 2]]
        ref = energies(c, idx / np.array(n, dtype=float), morse, pqn, zm, qm, rcut)
        # The grid is stored as float32: allow its rounding.
        err = np.abs(ours - ref) - (1e-6 + 1e-6 * np.abs(ref))
        worst = float(np.max(np.abs(ours - ref)))
        ok_e = bool(np.all(err <= 0))
        e_min = float(grid.min())
        levels = [r.get("ea_1d_ev", 0.0), r.get("ea_2d_ev", 0.0), r.get("ea_3d_ev", 0.0)]
        ok_p = True
        for d, ea in enumerate(levels, start=1):
            # Grid values are float32 in the record; compare with a margin
            # well below the spacing of distinct levels.
            at = percolation_rank(grid <= e_min + ea + 1e-5)
            below = percolation_rank(grid < e_min + ea - 1e-5)
            if at < d or below >= d:
                ok_p = False
                print(f"  {c['id']}: Ea_{d}D={ea:.6f}: rank at level {at}, below {below}")
        print(f"{c['id']}: max |dE| = {worst:.2e} eV over 300 points; "
              f"Ea = {levels[0]:.4f} {levels[1]:.4f} {levels[2]:.4f} eV; "
              f"energies {'ok' if ok_e else 'FAIL'}, percolation {'ok' if ok_p else 'FAIL'}")
        failures += (not ok_e) + (not ok_p)
    if failures:
        print(f"FAIL: {failures} check(s)")
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
