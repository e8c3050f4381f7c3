"""Writes paper_radii.tsv (z, valence, radius_angstrom) for bvse --model=paper
from the authors' elements.dat (FALL-ML/materials-discovery; key = symbol and
oxidation state, radius in the 9th column; the 'A' rows alias Li). Later rows
win, as in their dictionary.

usage: bvse_paper_radii.py elements.dat > paper_radii.tsv
"""
import sys

rows = {}
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) < 10 or f[1] == "A":
        continue
    rows[(int(f[0]), int(f[2]))] = f[8]
print("z\tvalence\tradius_angstrom")
for (z, v), r in sorted(rows.items()):
    print(f"{z}\t{v}\t{r}")
