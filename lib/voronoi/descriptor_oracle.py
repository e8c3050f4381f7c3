"""Oracle tests of the Voronoi/bonding descriptors against pymatgen.

Usage: descriptor_oracle.py NAME. For each structure of the real-CIF sample,
the descriptor (via descriptor_probe) is compared with matminer's definition
evaluated on pymatgen's own machinery (VoronoiNN, SpacegroupAnalyzer,
get_all_neighbors, Structure.density), at the tolerance stated per
descriptor. Disorder policy, for every descriptor: a structure whose
occupants are each split into two half-occupancy copies of the same species
gives the ordered values under disorder=weighted and a per-record error
under disorder=error."""
import math
import os
import subprocess
import sys

import numpy as np
from pymatgen.analysis.local_env import VoronoiNN
from pymatgen.core import Element, Species, Structure
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

import probe_common as pc


def run_probe(name, structures, params=(), split=False):
    text = "".join(pc.to_probe(s, split=split) for s in structures)
    out = subprocess.run(
        [pc.runfile("lib/voronoi/descriptor_probe"), name] + list(params),
        input=text, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("descriptor_probe failed: " + out.stderr)
    rows = []
    for line in out.stdout.splitlines():
        tok = line.split(" ", 1)
        if tok[0] == "values":
            rows.append([float(x) for x in tok[1].split()])
        else:
            rows.append(tok[1] if len(tok) > 1 else "error")
    if len(rows) != len(structures):
        sys.exit("probe returned %d rows for %d structures" %
                 (len(rows), len(structures)))
    return rows


# ---- matminer definitions on pymatgen machinery -------------------------

def ref_density(s):
    r3 = sum(site.specie.atomic_radius ** 3 for site in s)
    return [s.density, s.volume / len(s), 4 * math.pi * r3 / (3 * s.volume)]


def ref_max_packing(s):
    polys = VoronoiNN().get_all_voronoi_polyhedra(s)
    max_r = [min(x["face_dist"] for x in p.values()) for p in polys]
    return [4.0 / 3.0 * np.pi * np.power(max_r, 3).sum() / s.volume]


def avg_dev(x, w=None):
    x = np.asarray(x, float)
    w = np.ones_like(x) if w is None else np.asarray(w, float)
    m = np.dot(x, w) / w.sum()
    return np.dot(np.abs(x - m), w) / w.sum()


def ref_heterogeneity(s):
    nns = VoronoiNN(extra_nn_info=True, weight="area").get_all_nn_info(s)
    mbl = np.zeros(len(s))
    var = np.zeros(len(s))
    for i, nn in enumerate(nns):
        w = [n["weight"] for n in nn]
        l = [n["poly_info"]["face_dist"] * 2 for n in nn]
        mbl[i] = np.dot(l, w) / np.sum(w)
        var[i] = avg_dev(l, w) / mbl[i]
    mbl /= mbl.mean()
    vols = [sum(x["poly_info"]["volume"] for x in nn) for nn in nns]
    return [avg_dev(mbl), mbl.max(), mbl.min(), var.min(), var.max(),
            var.max() - var.min(), var.mean(), avg_dev(var),
            avg_dev(vols) / np.mean(vols)]


def ref_ordering(s, shells=(1, 2, 3)):
    if len(s.composition) == 1:
        return [0.0] * len(shells)
    elems, fracs = zip(*s.composition.element_composition
                       .fractional_composition.items())
    voro = VoronoiNN(weight="area")
    all_nn = voro.get_all_nn_info(s)
    out = []
    for shell in shells:
        ordering = np.zeros((len(s), len(elems)))
        for i in range(len(s)):
            nns = voro._get_nn_shell_info(s, all_nn, i, shell)
            total = sum(x["weight"] for x in nns)
            for nn in nns:
                el = s[nn["site_index"]].specie
                el = getattr(el, "element", el)
                ordering[i, elems.index(el)] += nn["weight"]
            ordering[i, :] = 1 - ordering[i, :] / total / np.array(fracs)
        out.append(np.abs(ordering).mean())
    return out


def ref_complexity(s):
    sym = SpacegroupAnalyzer(s, symprec=0.1).get_symmetrized_structure()
    v = len(s)
    ig = 0.0
    for eq in sym.equivalent_sites:
        p = len(eq) / v
        ig -= p * np.log2(p)
    return [ig, ig * v]


def bv_rows(path):
    """Rows (cation, valence, anion, valence, r0, b) of an IUCr bond valence
    table (bvparm20xx.cif), in file order."""
    rows, started, seen_rows = [], False, False
    for line in open(path):
        tok = line.split()
        if not started:
            started = bool(tok) and tok[0] == "_valence_param_details"
            continue
        if not tok or tok[0].startswith("#"):
            if seen_rows:
                break
            continue
        if len(tok) < 6:
            continue
        seen_rows = True
        rows.append((tok[0], int(tok[1]), tok[2], int(tok[3]),
                     float(tok[4]), float(tok[5])))
    return rows


def bv_table(path):
    table = {}
    for row in bv_rows(path):
        table.setdefault(row[:4], row[4:])
    return table


def ref_gii(s, table, cutoff=4.0):
    devs = []
    for i, neighbors in enumerate(s.get_all_neighbors(r=cutoff)):
        val = s[i].specie.oxi_state
        el = s[i].specie.element.symbol
        bvs = 0.0
        for nb in neighbors:
            nval = nb.specie.oxi_state
            nel = nb.specie.element.symbol
            if val > 0 and nval < 0:
                r0, b = table[(el, int(val), nel, int(nval))]
                bvs += math.exp((r0 - nb.nn_distance) / b)
            elif val < 0 and nval > 0:
                r0, b = table[(nel, int(nval), el, int(val))]
                bvs -= math.exp((r0 - nb.nn_distance) / b)
        devs.append(bvs - val)
    return [float(np.linalg.norm(devs) / np.sqrt(len(devs)))]


import scipy.constants as const

ANG_TO_BOHR = const.value("Angstrom star") / const.value("Bohr radius")


def get_ohv(el, period_tag=True):
    """matminer OrbitalFieldMatrix.get_ohv on pymatgen's configuration."""
    es = el.full_electronic_structure
    ohd = {j: {i + 1: 0 for i in range(2 * (2 * j + 1))} for j in range(4)}
    max_n = es[-1][0]
    for n, l, count in reversed(es):
        if n < max_n - 2:
            continue
        if n < max_n - 1 and l != "f":
            continue
        if n < max_n and l not in ("d", "f"):
            continue
        ohd["spdf".index(l)][count] = 1
    v = [ohd[j][i + 1] for j in range(4) for i in range(2 * (2 * j + 1))]
    if period_tag:
        v += [0] * 7
        row = el.row
        if row > 7:
            row -= 2
        v[row + 31] = 1
    return np.array(v, float)


def ref_ofm(s, matminer_supercell=False):
    """Mean over sites of sum_nb ohv(nb) x ohv(centre) * w / d_bohr; with
    matminer_supercell, matminer's own path (3x3x3 supercell, symmetry-
    distinct sites weighted by multiplicity)."""
    vnn = VoronoiNN(allow_pathological=True)
    if matminer_supercell:
        s = s * [3, 3, 3]
        sym = SpacegroupAnalyzer(s).get_symmetrized_structure()
        indices = [lst[0] for lst in sym.equivalent_indices]
        counts = [len(lst) for lst in sym.equivalent_indices]
    else:
        indices = list(range(len(s)))
        counts = [1] * len(s)
    total = np.zeros((39, 39))
    for idx, cnt in zip(indices, counts):
        ref = get_ohv(s[idx].specie)
        m = np.zeros((39, 39))
        for nb in vnn.get_nn_info(s, idx):
            other = get_ohv(nb["site"].specie)
            # Distance to the neighbour's own image (matminer's minimum-image
            # site.distance equals it in its 3x3x3 supercell).
            d = np.linalg.norm(nb["site"].coords - s[idx].coords)
            m += np.outer(other, ref) * nb["weight"] / d / ANG_TO_BOHR
        total += m * cnt
    return list((total / sum(counts)).flatten())


def ref_bond_fractions(s, elements, tol):
    """matminer BondFractions(VoronoiNN(tol), no_oxi=True) featurize."""
    els = sorted(set(elements))
    bonds = sorted({" - ".join(sorted((a, b))) for a in els for b in els})
    counts = {b: 0.0 for b in bonds}
    total = 0.0
    for i, nn in enumerate(VoronoiNN(tol=tol).get_all_nn_info(s)):
        for n in nn:
            b = " - ".join(sorted((s[i].specie.symbol, n["site"].specie.symbol)))
            total += 1
            if b in counts:
                counts[b] += 1
    total = total or 1.0
    return [counts[b] / total for b in bonds]


def ref_free_sphere_grid(s, radius, h, mobile="Li"):
    """Brute force: distance to the nearest framework-ion surface on a grid
    of spacing <= h, largest value (included sphere) and, by bisection, the
    largest r whose region d >= r percolates in 1, 2, 3 directions
    (scipy.ndimage.label plus a union-find over the periodic faces)."""
    from scipy import ndimage
    from scipy.spatial import cKDTree
    fw = np.array([site.frac_coords for site in s if site.specie.symbol != mobile])
    L = s.lattice.matrix
    n = [int(math.ceil(x / h)) for x in s.lattice.abc]
    g = np.stack(np.meshgrid(*[np.arange(k) / k for k in n], indexing="ij"), -1)
    shifts = np.array([[a, b, c] for a in range(-2, 3) for b in range(-2, 3)
                       for c in range(-2, 3)])
    ions = ((fw[None, :, :] + shifts[:, None, :]).reshape(-1, 3)) @ L
    d, _ = cKDTree(ions).query(g.reshape(-1, 3) @ L)
    d = (d - radius).reshape(n)

    def rank(r):
        lab, nl = ndimage.label(d >= r)
        parent = list(range(nl + 1))
        off = [np.zeros(3, int) for _ in range(nl + 1)]
        basis = [[] for _ in range(nl + 1)]

        def find(x):
            o = np.zeros(3, int)
            while parent[x] != x:
                o = o + off[x]
                x = parent[x]
            return x, o

        best = 0
        for ax in range(3):
            a = np.take(lab, n[ax] - 1, axis=ax).ravel()
            b = np.take(lab, 0, axis=ax).ravel()
            t = np.zeros(3, int)
            t[ax] = 1
            for la, lb in set(zip(a[(a > 0) & (b > 0)], b[(a > 0) & (b > 0)])):
                ra, pa = find(la)
                rb, pb = find(lb)
                if ra != rb:
                    parent[rb] = ra
                    off[rb] = pa + t - pb
                    basis[ra] += basis[rb]
                else:
                    cyc = pa + t - pb
                    if cyc.any():
                        basis[ra].append(cyc)
        for bs in basis:
            if bs:
                best = max(best, np.linalg.matrix_rank(np.array(bs, float)))
        return best

    di = float(d.max())
    out = [di]
    for dim in (1, 2, 3):
        lo, hi = 0.0, di
        if rank(0.0) < dim:
            out.append(0.0)
            continue
        for _ in range(14):
            mid = (lo + hi) / 2
            if rank(mid) >= dim:
                lo = mid
            else:
                hi = mid
        out.append(lo)
    return out


# Real structures that cavd_free_sphere (Shannon radii) used to refuse,
# with the oxidation states the workflow assigns them: empty power cells in
# the CAN representation (C and P positions inside the S2- spheres put on
# oxygen sites) and Shannon radii <= 0 (three-fold C4+, H+) in the original
# structures. Each must now give finite values.
CAVD_REGRESSIONS = [
    ("mp-756520", "CAN", {"Li": 1, "Al": 3, "Co": 3, "O": -2}),
    ("mp-25445", "CAN", {"Li": 1, "Fe": 2, "P": 5, "C": 4, "O": -2}),
    ("mp-25445", "none", {"Li": 1, "Fe": 2, "P": 5, "C": 4, "O": -2}),
    ("mp-861531", "none", {"Li": 1, "V": 3, "H": 1, "O": -2, "F": -1}),
]


def cavd_regressions():
    structures = []
    for mp_id, scheme, states in CAVD_REGRESSIONS:
        (_, s), = pc.load_sample([mp_id])
        if scheme == "CAN":
            # Li removed, cations -> Al, anions -> S, each keeping its state.
            keep = [x for x in s if x.specie.symbol != "Li"]
            species = [Species("Al" if states[x.specie.symbol] > 0 else "S",
                               states[x.specie.symbol]) for x in keep]
            s = Structure(s.lattice, species, [x.frac_coords for x in keep])
        else:
            s = s.copy()
            s.add_oxidation_state_by_element(states)
        structures.append(s)
    bad = 0
    for (mp_id, scheme, _), got in zip(CAVD_REGRESSIONS,
                                       run_probe("cavd_free_sphere", structures)):
        if isinstance(got, str) or not all(math.isfinite(x) for x in got):
            print("%s (%s): %s" % (mp_id, scheme, got))
            bad += 1
        else:
            print("%s (%s): %s" % (mp_id, scheme, " ".join("%.4f" % x for x in got)))
    print("cavd_free_sphere regressions (Shannon radii): %d of %d refused"
          % (bad, len(structures)))
    return bad


# ---- driver ---------------------------------------------------------------

def main():
    name = sys.argv[1]  # argv[2]: bond_fractions' min_weight
    sample = [s for _, s in pc.load_sample()]
    params = []
    rel = 1e-6
    absolute = 1e-9
    one_sided = False
    if name == "density_features":
        ref, rel = ref_density, 1e-6  # amu->g constants differ at ~1e-9
    elif name == "max_packing_efficiency":
        ref = ref_max_packing
    elif name == "structural_heterogeneity":
        ref = ref_heterogeneity
    elif name == "chemical_ordering":
        ref = ref_ordering
    elif name == "orbital_field_matrix":
        ref = lambda s: ref_ofm(s, matminer_supercell=len(s) <= 3)
        # One simple cubic cell per element: every one-hot vector.
        from pymatgen.core import Lattice
        cubes = [Structure(Lattice.cubic(3.0), [Element.from_Z(z)], [[0, 0, 0]])
                 for z in range(1, 95)]
        bad_el = 0
        for z, (cube, got) in enumerate(zip(cubes, run_probe(name, cubes)), 1):
            want = ref_ofm(cube)
            if isinstance(got, str) or not np.allclose(got, want, rtol=1e-9, atol=1e-12):
                print("element Z=%d: OFM differs from matminer's get_ohv" % z)
                bad_el += 1
        print("one-hot vectors of 94 elements checked, %d mismatches" % bad_el)
        if bad_el:
            sys.exit(1)
    elif name == "bond_fractions":
        elements = sorted({sp.symbol for s in sample for sp in s.composition})
        # pymatgen's qhull leaves numerical-noise faces (weights ~1e-7) on
        # ideal high-symmetry cells, which tol = 0 would count as bonds;
        # compare above that noise, at the default and a stricter cut.
        tol = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
        params = ["elements=" + ",".join(elements), "min_weight=%r" % tol]
        ref = lambda s: ref_bond_fractions(s, elements, tol)
    elif name == "cavd_free_sphere":
        bad_regression = cavd_regressions()
        # Uniform radius: the standard Voronoi network then holds the exact
        # maximal-clearance paths, so the grid converges to the same values.
        h = 0.1
        params = ["uniform_radius_angstrom=1.2"]
        # The grid can only miss clearance: grid <= exact <= grid + h.
        ref, rel, absolute = (lambda s: ref_free_sphere_grid(s, 1.2, h)), 0.0, h
        one_sided = True
    elif name == "structural_complexity":
        ref, rel = ref_complexity, 1e-12
    elif name == "global_instability":
        path = os.path.join(pc.shared_dir(), "data", "matminer",
                            "bvparm2020.cif")
        table = bv_table(path)
        params = ["bv_table=" + path]
        ref, rel = (lambda s: ref_gii(s, table)), 1e-9
        decorated = []
        for s in sample:
            s = s.copy()
            s.add_oxidation_state_by_guess()
            if all(getattr(sp, "oxi_state", 0) != 0 for sp in s.species):
                decorated.append(s)
        sample = decorated
    else:
        sys.exit("unknown descriptor " + name)

    bad = 0
    compared = 0
    worst = 0.0
    ours = run_probe(name, sample, params)
    for s, mine in zip(sample, ours):
        formula = s.composition.reduced_formula
        try:
            expected = ref(s)
        except (KeyError, ValueError) as e:
            # The reference cannot evaluate it (e.g. missing table row):
            # ours must refuse the record too.
            if isinstance(mine, str):
                print("%-12s both refuse (%s)" % (formula, mine))
                continue
            print("%-12s reference failed (%r) but ours gave %s" % (formula, e, mine))
            bad += 1
            continue
        if isinstance(mine, str):
            print("%-12s ours failed: %s" % (formula, mine))
            bad += 1
            continue
        if len(mine) != len(expected):
            print("%-12s length %d vs %d" % (formula, len(mine), len(expected)))
            bad += 1
            continue
        compared += 1
        for k, (a, b) in enumerate(zip(mine, expected)):
            d = abs(a - b) / max(abs(b), 1e-12)
            worst = max(worst, d if abs(b) > 1e-12 else abs(a - b))
            if (abs(a - b) > absolute + rel * abs(b) or
                    (one_sided and a < b - 1e-3)):
                print("%-12s feature %d: ours %.12g, reference %.12g" %
                      (formula, k, a, b))
                bad += 1

    # Disorder policy on the same structures.
    split = run_probe(name, sample, params, split=True)
    for s, a, b in zip(sample, ours, split):
        if isinstance(a, str):
            continue
        if isinstance(b, str) or max(abs(x - y) for x, y in zip(a, b)) > 1e-9 * (
                1 + max(abs(x) for x in a)):
            print("split-occupancy structure differs under weighted: %s vs %s"
                  % (a, b))
            bad += 1
    refused = run_probe(name, sample, params + ["disorder=error"], split=True)
    for r in refused:
        if not (isinstance(r, str) and "disorder" in r):
            print("disorder=error did not refuse a disordered structure:", r)
            bad += 1
    # Real partially occupied structures (OBELiX): weighted gives finite
    # values; density features also against pymatgen, which weights
    # occupancies the same way (composition-based density, atoms and radii).
    if name != "global_instability":
        dis = [s for _, s in pc.load_disordered()]
        got = run_probe(name, dis, params)
        for s, g in zip(dis, got):
            formula = s.composition.reduced_formula
            if isinstance(g, str) or not all(math.isfinite(x) for x in g):
                print("%-12s disordered: %s" % (formula, g))
                bad += 1
                continue
            if name == "density_features":
                r3 = sum(amt * sp.atomic_radius ** 3 for site in s
                         for sp, amt in site.species.items())
                want = [s.density, s.volume / s.composition.num_atoms,
                        4 * math.pi * r3 / (3 * s.volume)]
                for a, b in zip(g, want):
                    if abs(a - b) > 1e-6 * abs(b):
                        print("%-12s disordered density feature %r vs %r"
                              % (formula, a, b))
                        bad += 1
        print("%d partially occupied OBELiX structures computed under "
              "disorder=weighted" % len(dis))
    print("%s: %d structures compared with pymatgen, worst relative "
          "difference %.2e (tolerance %.0e relative + %.2g absolute); "
          "disorder checks on %d; %d mismatches"
          % (name, compared, worst, rel, absolute, len(sample), bad))
    if name == "cavd_free_sphere":
        bad += bad_regression
    sys.exit(1 if bad or compared < 3 else 0)


if __name__ == "__main__":
    main()
