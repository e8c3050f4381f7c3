"""Writes CIFs as a user gets them from pymatgen (issue 18), with Debian's
pymatgen (run with /usr/bin/python3).

pymatgen's CifWriter declares `_atom_type_oxidation_number` 0.0 for every
species (`Li0+`, `O0+`, ...) when the structure's species carry oxidation
state 0, as after `add_oxidation_state_by_guess` fell back to zeros and as in
pymatgen's own test structure Li3V2(PO4)3 (pymatgen/util/structures).

  pymatgen_zero_cif.py OUTDIR CIF...   each CIF's first structure, P1, every
                                       species declared 0, as OUTDIR/<name>
  pymatgen_zero_cif.py --li3v2 OUTDIR  pymatgen's Li3V2(PO4)3 test structure
                                       as shipped (states 0) in
                                       OUTDIR/zero/Li3V2PO43.cif and without
                                       states in OUTDIR/plain/Li3V2PO43.cif
"""
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")
import pymatgen.core  # noqa: E402
from pymatgen.core import Structure  # noqa: E402
from pymatgen.io.cif import CifParser, CifWriter  # noqa: E402


def with_zero_states(s):
    s = s.copy()
    s.add_oxidation_state_by_element({e.symbol: 0 for e in s.composition.elements})
    return s


def main(argv):
    if argv[1] == "--li3v2":
        path = os.path.join(os.path.dirname(pymatgen.core.__file__), "..", "util",
                            "structures", "Li3V2(PO4)3.json")
        with open(path) as f:
            s = Structure.from_dict(json.load(f))
        for sub in ("zero", "plain"):
            os.makedirs(os.path.join(argv[2], sub), exist_ok=True)
        CifWriter(s).write_file(os.path.join(argv[2], "zero", "Li3V2PO43.cif"))
        plain = s.copy()
        plain.remove_oxidation_states()
        CifWriter(plain).write_file(os.path.join(argv[2], "plain", "Li3V2PO43.cif"))
        return 0
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    bad = 0
    for path in argv[2:]:
        try:
            s = CifParser(path).get_structures(primitive=False)[0]
        except Exception as e:  # a CIF pymatgen cannot read: say so, go on
            print(f"pymatgen cannot read {path}: {e}", file=sys.stderr)
            bad += 1
            continue
        CifWriter(with_zero_states(s)).write_file(
            os.path.join(out, os.path.basename(path)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
