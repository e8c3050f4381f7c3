"""Compares the oxidation states of two Crystal streams printed by
`records --format=json --header=false` (issue 18): same ids, and per id the
same tier and the same multiset of (element, occupancy, state) over all
occupants (site order may differ: pymatgen writes sites in its own order).

  compare_states.py A.jsonl B.jsonl   prints each difference; exit 1 if any
"""
import json
import sys


def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            occ = sorted(
                (o.get("atomic_number", 0), round(o.get("occupancy", 0.0), 6),
                 round(o.get("oxidation_state", float("nan")), 6))
                for s in r.get("sites", []) for o in s.get("occupants", []))
            out[r["id"]] = (r.get("oxidation_tier", "OXIDATION_UNSET"), occ)
    return out


def main(a_path, b_path):
    a, b = load(a_path), load(b_path)
    bad = 0
    for i in sorted(set(a) ^ set(b)):
        print(f"{i}: only in {a_path if i in a else b_path}")
        bad += 1
    for i in sorted(set(a) & set(b)):
        if a[i][0] != b[i][0]:
            print(f"{i}: tier {a[i][0]} vs {b[i][0]}")
            bad += 1
        elif a[i][1] != b[i][1]:
            diff = [(x, y) for x, y in zip(a[i][1], b[i][1]) if x != y][:3]
            print(f"{i}: states differ ({len(a[i][1])} vs {len(b[i][1])} "
                  f"occupants), first (Z, occupancy, state) pairs: {diff}")
            bad += 1
    print(f"{len(set(a) & set(b))} records compared, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
