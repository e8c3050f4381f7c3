"""Oracle: our voro++ tessellation vs pymatgen's VoronoiNN (scipy/qhull).

For each sample structure and site: the same set of (neighbour, image) faces
(faces below 1e-6 of the site's largest area are degenerate and may be
present in one and not the other), and per face the area, face distance,
solid angle and pyramid volume; per site the cell volume.
Tolerances: 1e-6 relative (+1e-8 absolute) for every quantity."""
import subprocess
import sys

import numpy as np
from pymatgen.analysis.local_env import NearNeighbors, VoronoiNN

import probe_common as pc

REL = 1e-6
ABS = 1e-8


def close(a, b):
    return abs(a - b) <= ABS + REL * max(abs(a), abs(b))


def main():
    sample = pc.load_sample()
    text = "".join(pc.to_probe(s) for _, s in sample)
    out = subprocess.run([pc.runfile("lib/voronoi/voronoi_probe")], input=text,
                         capture_output=True, text=True, check=True).stdout
    ours = []  # per structure: (volumes, faces dict)
    for line in out.splitlines():
        tok = line.split()
        if tok[0] == "structure":
            ours.append(({}, {}))
        elif tok[0] == "error":
            sys.exit("probe failed: " + line)
        elif tok[0] == "cell":
            ours[-1][0][int(tok[1])] = float(tok[2])
        elif tok[0] == "face":
            i, j = int(tok[1]), int(tok[2])
            img = tuple(int(x) for x in tok[3:6])
            ours[-1][1].setdefault(i, {})[(j, img)] = tuple(
                float(x) for x in tok[6:10])
    bad = 0
    nfaces = 0
    worst = 0.0
    vnn = VoronoiNN()
    for (mp_id, s), (vols, faces) in zip(sample, ours):
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
            amax = max(v[0] for v in ref.values())
            big_ref = {k for k, v in ref.items() if v[0] > 1e-6 * amax}
            big_mine = {k for k, v in mine.items() if v[0] > 1e-6 * amax}
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
    sys.exit(1 if bad or nfaces == 0 else 0)


if __name__ == "__main__":
    main()
