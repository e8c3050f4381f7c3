#!/usr/bin/python3
"""Oracle: `records --format=cif` read back by pymatgen, `--format=extxyz`
read back by ASE, against the records they were written from.

usage: export_oracle.py CRYSTALS CIF EXTXYZ

CIF: pymatgen's CifParser must read the whole file as one structure per
record, in order; each data block, parsed on its own, must match
ionscreen.to_pymatgen(record): cell parameters (1e-6 Å, 1e-6°), then every
site by position with the same species, occupancies and (when every occupant
of the record has one) oxidation states; tolerances in structure_compare.py.
extxyz: ase.io.read(..., index=":") must give one Atoms per record equal to
ionscreen.to_ase(record): cell and Cartesian positions within 1e-8 Å,
symbols, initial charges (oxidation states), occupancy columns.
Exit status 1 on any mismatch.
"""
import sys
import warnings

warnings.filterwarnings("ignore")

import ase.io  # noqa: E402
import numpy as np  # noqa: E402
from pymatgen.io.cif import CifParser  # noqa: E402

import ionscreen  # noqa: E402
import structure_compare as sc  # noqa: E402

XYZ_TOL_ANGSTROM = 1e-8


def blocks(text):
    """The file's data blocks as separate CIF strings."""
    out, cur = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("data_") and cur and any(x.startswith("data_") for x in cur):
            out.append("".join(cur))
            cur = []
        cur.append(line)
    if cur:
        out.append("".join(cur))
    return out


def all_oxidation_states(c):
    return all(o.HasField("oxidation_state") for s in c.sites for o in s.occupants)


def main():
    crystals, cif, xyz = sys.argv[1:4]
    records = list(ionscreen.read(crystals, record_type="Crystal"))
    bad = 0

    whole = CifParser(cif).get_structures(primitive=False)
    if len(whole) != len(records):
        print(f"MISMATCH\tpymatgen reads {len(whole)} structures from {cif}, "
              f"{len(records)} records")
        bad += 1
    texts = blocks(open(cif).read())
    if len(texts) != len(records):
        print(f"MISMATCH\t{len(texts)} data blocks for {len(records)} records")
        return 1
    worst = worst_rounded = 0.0
    rounded = with_ox = 0
    for c, text in zip(records, texts):
        parser = CifParser.from_string(text)
        try:
            got = parser.get_structures(primitive=False)[0]
        except Exception as e:
            print(f"MISMATCH\t{c.id}\tpymatgen cannot read its block: {e}")
            bad += 1
            continue
        ox = all_oxidation_states(c)
        with_ox += ox
        ref = ionscreen.to_pymatgen(c, oxidation=ox)
        tol = sc.position_tolerance(parser, got)
        problems, dev = sc.compare(ref, got, compare_lattice_matrix=False,
                                   with_oxidation=ox, position_tol=tol)
        if problems:
            bad += 1
            print(f"MISMATCH\t{c.id}\tcif: " + "; ".join(problems[:3]))
        elif tol > sc.POSITION_TOL_ANGSTROM:
            rounded += 1
            worst_rounded = max(worst_rounded, dev)
        else:
            worst = max(worst, dev)
    print(f"cif: {len(records)} blocks read back by pymatgen ({with_ox} with "
          f"oxidation states); largest position difference {worst:.2g} Å "
          f"(tolerance {sc.POSITION_TOL_ANGSTROM:g} Å), {rounded} with coordinates "
          f"rounded by pymatgen (largest {worst_rounded:.2g} Å)")

    frames = ase.io.read(xyz, index=":", format="extxyz")
    if len(frames) != len(records):
        print(f"MISMATCH\tASE reads {len(frames)} frames, {len(records)} records")
        return 1
    xyz_worst = 0.0
    for c, got in zip(records, frames):
        want = ionscreen.to_ase(c)
        problems = []
        dc = np.abs(np.array(got.cell) - np.array(want.cell)).max()
        dp = np.abs(got.get_positions() - want.get_positions()).max() if len(want) else 0.0
        xyz_worst = max(xyz_worst, dc, dp)
        if dc > XYZ_TOL_ANGSTROM or dp > XYZ_TOL_ANGSTROM:
            problems.append(f"cell/positions differ by {max(dc, dp):.3g} Å")
        if got.get_chemical_symbols() != want.get_chemical_symbols():
            problems.append("symbols differ")
        if not np.allclose(got.get_initial_charges(), want.get_initial_charges(), atol=1e-6):
            problems.append("initial charges differ")
        occ = [max(d.values()) for d in (want.info["occupancy"][str(i)] for i in range(len(want)))]
        site_occ = [sum(want.info["occupancy"][str(i)].values()) for i in range(len(want))]
        if not (np.allclose(got.arrays["occupancy"], occ, atol=1e-8)
                and np.allclose(got.arrays["site_occupancy"], site_occ, atol=1e-8)):
            problems.append("occupancy columns differ")
        if not all(got.pbc):
            problems.append("not periodic")
        if problems:
            bad += 1
            print(f"MISMATCH\t{c.id}\textxyz: " + "; ".join(problems))
    print(f"extxyz: {len(frames)} frames read back by ASE; largest cell/position "
          f"difference {xyz_worst:.2g} Å (tolerance {XYZ_TOL_ANGSTROM:g} Å)")
    print(f"{bad} mismatches")
    return 1 if bad or not records else 0


if __name__ == "__main__":
    sys.exit(main())
