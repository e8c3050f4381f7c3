"""Oracle: our voro++ tessellation vs pymatgen's VoronoiNN (scipy/qhull).

For each sample structure and site: the same set of (neighbour, image) faces
(faces below 1e-6 of the site's largest area are degenerate and may be
present in one and not the other), and per face the area, face distance,
solid angle and pyramid volume; per site the cell volume.
Tolerances: 1e-6 relative (+1e-8 absolute) for every quantity.

Radical (power) tessellation, which pymatgen lacks: every cell rebuilt
independently as the intersection of the power half-spaces of all site
images within a cutoff (scipy's HalfspaceIntersection, emptiness by a
Chebyshev-centre linear programme), compared on the same face sets, face
areas and cell volumes (same tolerances), and on which cells are empty.
Structures: the sample with per-element radii, and structures whose
power cells are empty (a regression: voro++ reports those cells as not
computed): the CAN representation (Li removed, cations -> Al, anions -> S)
of real CIFs with the Shannon radii the cavd_free_sphere descriptor gives
them, Al3+(IV) 0.39 A and S2-(VI) 1.84 A."""
import itertools
import math
import subprocess
import sys

import numpy as np
from pymatgen.analysis.local_env import NearNeighbors, VoronoiNN
from pymatgen.core import Element, Structure
from scipy.optimize import linprog
from scipy.spatial import ConvexHull, HalfspaceIntersection

import probe_common as pc

REL = 1e-6
ABS = 1e-8


def close(a, b):
    return abs(a - b) <= ABS + REL * max(abs(a), abs(b))


def run_probe(structures, radius_by_z=None):
    """Per structure: (volumes, faces dict, empty sites) from voronoi_probe."""
    text = "".join(pc.to_probe(s) for s in structures)
    args = ["%d=%r" % kv for kv in sorted((radius_by_z or {}).items())]
    out = subprocess.run([pc.runfile("lib/voronoi/voronoi_probe")] + args,
                         input=text, capture_output=True, text=True,
                         check=True).stdout
    ours = []
    for line in out.splitlines():
        tok = line.split()
        if tok[0] == "structure":
            ours.append(({}, {}, set()))
        elif tok[0] == "error":
            sys.exit("probe failed: " + line)
        elif tok[0] == "cell":
            ours[-1][0][int(tok[1])] = float(tok[2])
        elif tok[0] == "empty":
            ours[-1][2].add(int(tok[1]))
        elif tok[0] == "face":
            i, j = int(tok[1]), int(tok[2])
            img = tuple(int(x) for x in tok[3:6])
            ours[-1][1].setdefault(i, {})[(j, img)] = tuple(
                float(x) for x in tok[6:10])
    if len(ours) != len(structures):
        sys.exit("probe returned %d structures for %d" %
                 (len(ours), len(structures)))
    return ours


def power_cell(s, radii, i, cutoff=12.0):
    """Site i's power cell, independently of voro++: None when empty, else
    (volume, {(j, image): area}) from the half-spaces
    |x - p_i|^2 - r_i^2 <= |x - q|^2 - r_j^2 of every image q of every site
    within `cutoff` (enlarged until no farther image can cut the cell)."""
    L = s.lattice.matrix
    frac = np.array([site.frac_coords for site in s])
    p = frac[i] @ L
    r = np.asarray(radii, float)
    while True:
        reach = [int(math.ceil(cutoff / h)) + 1 for h in
                 (s.lattice.volume / np.linalg.norm(np.cross(L[(k + 1) % 3], L[(k + 2) % 3]))
                  for k in range(3))]
        keys, rows = [], []
        for t in itertools.product(*[range(-n, n + 1) for n in reach]):
            q = (frac + np.array(t)) @ L
            d = np.linalg.norm(q - p, axis=1)
            for j in np.nonzero((d <= cutoff) & (d > 0))[0]:
                v = q[j] - p
                # 2 v.x <= |v|^2 + r_i^2 - r_j^2, x relative to p.
                rows.append(np.append(2 * v, -(d[j] ** 2 + r[i] ** 2 - r[j] ** 2)))
                keys.append((int(j), t))
        hs = np.array(rows)
        norms = np.linalg.norm(hs[:, :3], axis=1)
        # Chebyshev centre: the largest ball inside every half-space.
        lp = linprog([0, 0, 0, -1], A_ub=np.column_stack([hs[:, :3], norms]),
                     b_ub=-hs[:, 3], bounds=[(None, None)] * 4,
                     method="highs")
        if lp.status != 0:
            raise RuntimeError("linprog failed: " + lp.message)
        if lp.x[3] < 1e-9:
            return None
        hsi = HalfspaceIntersection(hs, lp.x[:3])
        pts = hsi.intersections
        extent = np.linalg.norm(pts, axis=1).max()
        # An image at distance D > cutoff has its plane at least
        # (D^2 - (r_j^2 - r_i^2)) / 2D > (cutoff^2 - dr2) / (2 cutoff) away.
        dr2 = max(0.0, (r ** 2).max() - r[i] ** 2)
        if (cutoff ** 2 - dr2) / (2 * cutoff) > extent * (1 + 1e-9):
            break
        cutoff *= 1.5
    volume = ConvexHull(pts).volume
    faces = {}
    for k, (key, h) in enumerate(zip(keys, hs)):
        on = pts[np.abs(pts @ h[:3] + h[3]) <= 1e-7 * norms[k] * (1 + extent)]
        if len(on) < 3:
            continue
        n = h[:3] / norms[k]
        c = on.mean(axis=0)
        u = on[0] - c
        if np.linalg.norm(u) < 1e-12:
            u = on[1] - c
        u /= np.linalg.norm(u)
        w = np.cross(n, u)
        ang = np.arctan2((on - c) @ w, (on - c) @ u)
        poly = on[np.argsort(ang)]
        area = 0.5 * abs(sum(np.cross(poly[m], poly[(m + 1) % len(poly)]) @ n
                             for m in range(len(poly))))
        faces[key] = faces.get(key, 0.0) + area
    return volume, faces


def can_representation(s):
    """The CAN simplification (workflow): Li removed, anions -> S, every
    other element -> Al, geometry kept."""
    anions = {"O", "S", "Se", "Te", "N", "F", "Cl", "Br", "I"}
    sites = [site for site in s if site.specie.symbol != "Li"]
    return Structure(s.lattice, ["S" if x.specie.symbol in anions else "Al"
                                 for x in sites],
                     [x.frac_coords for x in sites])


# Real CIFs whose CAN representation has empty power cells under the
# descriptor's radii (phosphate/carbonate or short-bonded centres).
EMPTY_CELL_IDS = ["mp-756520", "mp-25445"]
CAN_RADII = {13: 0.39, 16: 1.84}


def big_faces(ref, mine, ref_area):
    """The faces of a cell, reference and ours (values (area, ...)), larger
    than 1e-6 of the reference's largest area (numerical slivers left out)."""
    amax = max(ref_area(v) for v in ref.values())
    return ({k for k, v in ref.items() if ref_area(v) > 1e-6 * amax},
            {k for k, v in mine.items() if v[0] > 1e-6 * amax})


def check_radical():
    """Returns the number of mismatches of the radical tessellation."""
    sample = [s for _, s in pc.load_sample()]
    zs = sorted({site.specie.Z for s in sample for site in s})
    radius_by_z = {z: float(Element.from_Z(z).average_ionic_radius) for z in zs}
    can = [can_representation(s) for _, s in pc.load_sample(EMPTY_CELL_IDS)]
    cases = ([(s, radius_by_z) for s in sample] +
             [(s, CAN_RADII) for s in can])
    ours = run_probe(sample, radius_by_z) + run_probe(can, CAN_RADII)
    bad = compared = empties = nfaces = 0
    for (s, rz), (vols, faces, empty) in zip(cases, ours):
        formula = s.composition.reduced_formula
        radii = [rz[site.specie.Z] for site in s]
        total = 0.0
        for i in range(len(s)):
            ref = power_cell(s, radii, i)
            if ref is None:
                empties += 1
                if i not in empty:
                    print(formula, "site", i, "power cell is empty; ours has",
                          vols.get(i))
                    bad += 1
                continue
            if i in empty:
                print(formula, "site", i, "ours empty; reference volume", ref[0])
                bad += 1
                continue
            compared += 1
            total += ref[0]
            if not close(vols[i], ref[0]):
                print(formula, "site", i, "radical volume", vols[i], "reference",
                      ref[0])
                bad += 1
            mine = faces.get(i, {})
            big_ref, big_mine = big_faces(ref[1], mine, lambda a: a)
            if big_ref != big_mine:
                print(formula, "site", i, "radical face sets differ:",
                      sorted(big_ref ^ big_mine))
                bad += 1
                continue
            for k in big_ref:
                nfaces += 1
                if not close(mine[k][0], ref[1][k]):
                    print(formula, "site", i, "face", k, "radical area",
                          mine[k][0], "reference", ref[1][k])
                    bad += 1
        if empty:
            print("%-12s empty power cells at sites %s" % (formula, sorted(empty)))
        if not close(total, s.volume):
            print(formula, "reference power cells fill", total, "of", s.volume)
            bad += 1
    print("radical: %d structures, %d cells and %d faces compared with scipy "
          "half-space intersections, %d empty power cells; %d mismatches"
          % (len(cases), compared, nfaces, empties, bad))
    if empties == 0:
        print("radical: the regression structures no longer have empty cells")
        bad += 1
    return bad


def main():
    sample = pc.load_sample()
    ours = run_probe([s for _, s in sample])
    bad = 0
    nfaces = 0
    worst = 0.0
    vnn = VoronoiNN()
    for (mp_id, s), (vols, faces, _) in zip(sample, ours):
        polys = vnn.get_all_voronoi_polyhedra(s)
        for i, poly in enumerate(polys):
            ref = {}
            for info in poly.values():
                site = info["site"]
                j = NearNeighbors._get_original_site(s, site)
                img = tuple(int(x) for x in np.round(site.frac_coords - s[j].frac_coords))
                ref[(j, img)] = (info["area"], info["face_dist"],
                                 info["solid_angle"], info["volume"])
            mine = faces.get(i, {})
            big_ref, big_mine = big_faces(ref, mine, lambda v: v[0])
            if big_ref != big_mine:
                print(mp_id, "site", i, "face sets differ:",
                      sorted(big_ref ^ big_mine))
                bad += 1
                continue
            vol_ref = sum(v[3] for v in ref.values())
            if not close(vols[i], vol_ref):
                print(mp_id, "site", i, "volume", vols[i], "pymatgen", vol_ref)
                bad += 1
            for k in big_ref:
                nfaces += 1
                for name, a, b in zip(("area", "face_dist", "solid_angle",
                                       "pyramid_volume"), mine[k], ref[k]):
                    worst = max(worst, abs(a - b) / max(abs(b), 1e-12))
                    if not close(a, b):
                        print(mp_id, "site", i, "face", k, name, a,
                              "pymatgen", b)
                        bad += 1
    print("%d structures, %d faces compared with pymatgen VoronoiNN; "
          "worst relative difference %.2e; %d mismatches"
          % (len(sample), nfaces, worst, bad))
    bad += check_radical()
    sys.exit(1 if bad or nfaces == 0 else 0)


if __name__ == "__main__":
    main()
