"""Every element of the data set (from the reduced formulas of the ingest
summary), comma-separated in atomic-number order (Snakemake script)."""
import csv
import re

ORDER = ("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu "
         "Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba "
         "La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi "
         "Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr").split()
seen = set()
with open(snakemake.input[0]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        seen.update(re.findall(r"[A-Z][a-z]?", row["formula"]))
elements = [e for e in ORDER if e in seen]
with open(snakemake.output[0], "w") as f:
    f.write(",".join(elements) + "\n")
with open(snakemake.log[0], "w") as f:
    f.write(f"{len(elements)} elements\n")
