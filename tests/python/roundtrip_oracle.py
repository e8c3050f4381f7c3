#!/usr/bin/python3
"""Oracle: ionscreen.read -> to_pymatgen / to_ase against pymatgen's own
parse of the same CIF.

usage: roundtrip_oracle.py CRYSTALS   (a `cif2proto --oxidation=none` stream;
                                       each record's source.file is re-read)

For every record: pymatgen's CifParser(source.file).get_structures(
primitive=False)[0] (Debian python3-pymatgen) is the reference, and
  - ionscreen.to_pymatgen(record, oxidation=False) must match it: lattice
    matrix, then every site matched by position with the same elements and
    occupancies (tolerances in structure_compare.py);
  - ionscreen.to_ase(record) must match it the same way, its sites built from
    the atoms' cell, scaled positions and info["occupancy"] (so the ASE form
    keeps every partial occupancy), and each atom must be its site's
    dominant occupant.
Files pymatgen cannot parse are listed and not counted as failures.
Exit status 1 on any mismatch.
"""
import sys
import warnings

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
from pymatgen.core import Structure  # noqa: E402
from pymatgen.io.cif import CifParser  # noqa: E402

import ionscreen  # noqa: E402
import structure_compare as sc  # noqa: E402


def ase_as_structure(atoms):
    species = [atoms.info["occupancy"][str(t)] for t in atoms.get_tags()]
    return Structure(np.array(atoms.cell), species, atoms.get_scaled_positions(wrap=False))


def main():
    checked = mismatched = failed = rounded = disordered = 0
    worst = worst_rounded = 0.0
    for c in ionscreen.read(sys.argv[1], record_type="Crystal"):
        parser = CifParser(c.source.file)
        try:
            ref = parser.get_structures(primitive=False)[0]
        except Exception as e:  # pymatgen cannot read it: nothing to compare
            failed += 1
            print(f"pymatgen-failed\t{c.id}\t{e}")
            continue
        ref.remove_oxidation_states()
        tol = sc.position_tolerance(parser, ref)
        checked += 1
        disordered += not ref.is_ordered
        problems, dev = sc.compare(ref, ionscreen.to_pymatgen(c, oxidation=False),
                                   position_tol=tol)
        atoms = ionscreen.to_ase(c)
        ase_problems, ase_dev = sc.compare(ref, ase_as_structure(atoms), position_tol=tol)
        problems += [f"ASE: {p}" for p in ase_problems]
        for i, site in enumerate(c.sites):
            if atoms[i].symbol != ionscreen.dominant_occupant(site)[0]:
                problems.append(f"ASE: atom {i} is {atoms[i].symbol}, not the dominant occupant")
                break
        if problems:
            mismatched += 1
            print(f"MISMATCH\t{c.id}\t" + "; ".join(problems[:3]))
            continue
        if tol > sc.POSITION_TOL_ANGSTROM:
            rounded += 1
            worst_rounded = max(worst_rounded, dev, ase_dev)
        else:
            worst = max(worst, dev, ase_dev)
    print(f"{checked} structures compared ({disordered} disordered): "
          f"{checked - mismatched} agree, largest position difference {worst:.2g} Å "
          f"(tolerance {sc.POSITION_TOL_ANGSTROM:g} Å); {rounded} of them with "
          f"coordinates rounded by pymatgen (largest {worst_rounded:.2g} Å, within "
          f"{sc.ROUNDED_TOL_PER_ANGSTROM:g} x (a + b + c)); {failed} not parsed "
          f"by pymatgen; {mismatched} mismatches")
    return 1 if mismatched or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
