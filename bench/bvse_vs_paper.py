"""Joins bvse's TSV with the paper's BVSE Ea and prints summary statistics.

usage: bvse_vs_paper.py OURS.tsv PAPER_BVSE_EA.tsv [MP_INDEX.tsv]
The paper lists some MP ids several times (one row per ICSD entry); their
values are averaged. Our Ea_3D is compared (the paper's value is the 3D
percolation barrier).
"""
import csv
import statistics
import sys

import numpy as np
from scipy import stats

TABLE2 = [("Li3VS4", "mp-760375", 0.160), ("Na3Li3Al2F12", "mp-6711", 0.230),
          ("Li2Te", "mp-2530", 0.260), ("LiAlTe2", "mp-4586", 0.260),
          ("LiInTe2", "mp-20782", 0.270), ("Li6MnS4", "mp-756490", 0.270),
          ("LiGaTe2", "mp-5048", 0.270), ("Li3BS3", "mp-5614", 0.280),
          ("KLi6TaO6", "mp-9059", 0.300), ("Li3CuS2", "mp-1177695", 0.310)]


def main():
    ours = {}
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ours[row["mp_id"] or row["id"]] = row
    paper = {}
    with open(sys.argv[2]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["MP_ID"]:
                paper.setdefault(row["MP_ID"], []).append(float(row["bvse_ea_ev"]))
    same_cell = {}
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            for row in csv.DictReader(f, delimiter="\t"):
                same_cell[row["mp_id"]] = row.get("same_cell", "")
    ids = sorted(set(ours) & set(paper))
    x = np.array([float(ours[i]["ea_3d_ev"]) for i in ids])
    y = np.array([statistics.mean(paper[i]) for i in ids])
    print(f"structures compared: {len(ids)}")
    if len(ids) >= 3:
        d = np.abs(x - y)
        print(f"Pearson r (Ea_3D vs paper): {stats.pearsonr(x, y)[0]:.3f}")
        print(f"Spearman rho:               {stats.spearmanr(x, y)[0]:.3f}")
        print(f"median |diff| (eV):         {np.median(d):.3f}")
        print(f"mean diff ours-paper (eV):  {np.mean(x - y):+.3f}")
        print(f"within 0.05 / 0.1 eV:       {np.mean(d < 0.05):.1%} / {np.mean(d < 0.1):.1%}")
        for label, keep in (("same cell", "True"), ("re-relaxed cell", "False")):
            m = np.array([same_cell.get(i) == keep for i in ids])
            if m.sum() >= 3:
                print(f"  {label:16s} n={m.sum():5d}  r={stats.pearsonr(x[m], y[m])[0]:.3f}"
                      f"  median |diff|={np.median(d[m]):.3f}")
        print("by the paper's Ea (eV): n, median(ours - paper), median |diff|, median ours/paper")
        for lo, hi in ((0, 0.5), (0.5, 1), (1, 2), (2, 5), (5, 100)):
            m = (y >= lo) & (y < hi)
            if m.sum():
                print(f"  [{lo}, {hi})\t{m.sum()}\t{np.median(x[m] - y[m]):+.3f}\t"
                      f"{np.median(d[m]):.3f}\t{np.median(x[m] / y[m]):.3f}")
        agree = np.mean((x < 0.6) == (y < 0.6))
        print(f"same side of the 0.6 eV filter: {agree:.1%} "
              f"(ours < 0.6: {np.sum(x < 0.6)}, paper < 0.6: {np.sum(y < 0.6)}, both: {np.sum((x < 0.6) & (y < 0.6))})")
        big = np.argsort(-d)[:10]
        print("largest differences (id ours paper):")
        for k in big:
            print(f"  {ids[k]}\t{x[k]:.3f}\t{y[k]:.3f}")
    print("\nTable 2 (paper BVSE in meV) vs ours (Ea_1D/2D/3D, eV):")
    print("compound\tmp_id\tpaper_meV\tours_1d\tours_2d\tours_3d")
    for name, mp, ea in TABLE2:
        r = ours.get(mp)
        got = "\t".join(f"{float(r[k]):.3f}" for k in ("ea_1d_ev", "ea_2d_ev", "ea_3d_ev")) if r else "not run\t\t"
        print(f"{name}\t{mp}\t{ea * 1000:.0f}\t{got}")


if __name__ == "__main__":
    main()
