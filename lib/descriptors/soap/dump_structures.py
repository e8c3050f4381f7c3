"""Dumps the structures behind the SOAP oracle as JSON lines.

Reads each `source` of $SHARED_DIR/oracle/soap/obelix_ordered.jsonl exactly as
the oracle did (pymatgen CifParser(path).get_structures(primitive=False)[0])
and writes {"id", "lattice_angstrom", "numbers", "frac_coords"} per line, so
that the C++ test compares SOAP only, not CIF parsing.

Usage: /usr/bin/python3 dump_structures.py ORACLE_JSONL DATA_DIR OUT_JSONL
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser  # noqa: E402


def main(oracle, data_dir, out_path):
    n = 0
    with open(oracle) as f, open(out_path, "w") as out:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            s = CifParser(f"{data_dir}/{rec['source']}").get_structures(
                primitive=False)[0]
            out.write(json.dumps({
                "id": rec["id"],
                "lattice_angstrom": s.lattice.matrix.tolist(),
                "numbers": [site.specie.Z for site in s],
                "frac_coords": s.frac_coords.tolist(),
            }) + "\n")
            n += 1
    print(f"dumped {n} structures", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
