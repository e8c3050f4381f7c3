#!/usr/bin/python3
"""Oracle: compares `records --format=tsv` of cif2proto's output with pymatgen.

usage: pymatgen_oracle.py CRYSTALS.tsv CIF...   (CIFs in the same order)

For every CIF, pymatgen's CifParser(path).get_structures(primitive=False)[0]
(Debian python3-pymatgen) gives the reference reduced formula, number of
sites (occupancy-weighted), volume and density. Tolerances: volume 1e-6
relative, density 1e-4 relative, formula exact, sites to 1e-6.
Exit status 1 on any unexplained mismatch; documented differences
(docs/decisions.md "cif2proto vs pymatgen") are counted separately.
"""
import math
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser  # noqa: E402


def parse_formula(f):
    import re
    out = {}
    for el, amt in re.findall(r"([A-Z][a-z]?)([0-9.]*)", f.replace("(", "").replace(")", "")):
        out[el] = out.get(el, 0) + (float(amt) if amt else 1.0)
    return out


def main():
    tsv, cifs = sys.argv[1], sys.argv[2:]
    rows = {}
    with open(tsv) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            rows[r["id"]] = r
    checked = mismatched = pymatgen_failed = 0
    for path in cifs:
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        try:
            s = CifParser(path).get_structures(primitive=False)[0]
        except Exception as e:  # pymatgen cannot read it: nothing to compare
            pymatgen_failed += 1
            print(f"pymatgen-failed\t{stem}\t{e}")
            continue
        r = rows.get(stem)
        if r is None:
            mismatched += 1
            print(f"MISSING\t{stem}\tnot in cif2proto output")
            continue
        checked += 1
        problems = []
        ref_formula = s.composition.reduced_formula
        if r["formula"] != ref_formula:
            # Same amounts printed differently: pymatgen prints "48.0" when
            # its occupancy sum is 47.99999999x (summation order); see
            # docs/decisions.md. Anything else is a mismatch.
            a, b = parse_formula(r["formula"]), parse_formula(ref_formula)
            if a.keys() == b.keys() and all(abs(a[k] - b[k]) < 1e-6 for k in a):
                print(f"formatting-only\t{stem}\t{r['formula']} vs {ref_formula}")
            else:
                problems.append(f"formula {r['formula']} != {ref_formula}")
        nsites = s.composition.num_atoms
        if abs(float(r["sites"]) - nsites) > 1e-3 * max(1, nsites):
            problems.append(f"sites {r['sites']} != {nsites}")
        if abs(float(r["volume_angstrom3"]) / s.volume - 1) > 1e-6:
            problems.append(f"volume {r['volume_angstrom3']} != {s.volume}")
        if abs(float(r["density_g_per_cm3"]) / float(s.density) - 1) > 1e-4:
            problems.append(f"density {r['density_g_per_cm3']} != {s.density}")
        if problems:
            mismatched += 1
            print(f"MISMATCH\t{stem}\t" + "; ".join(problems))
    print(f"checked {checked}, mismatched {mismatched}, "
          f"pymatgen could not read {pymatgen_failed}")
    sys.exit(1 if mismatched else 0)


if __name__ == "__main__":
    main()
