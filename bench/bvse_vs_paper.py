"""Joins bvse TSVs (one per model) with the paper's BVSE Ea; prints the
statistics side by side.

usage: bvse_vs_paper.py PAPER_BVSE_EA.tsv MP_INDEX.tsv NAME=OURS.tsv [NAME=OURS.tsv ...]
The paper lists some MP ids several times (one row per ICSD entry); their
values are averaged. Our Ea_3D is compared (the paper's value is the 3D
percolation barrier). Only ids every model scored are compared, so the
columns are over the same structures; values >= 20 eV (the paper model's
20000 "not below 20 eV") are left out and counted.
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


def read_ours(path):
    out = {}
    with open(path) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out[row["mp_id"] or row["id"]] = row
    return out


def main():
    paper = {}
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["MP_ID"]:
                paper.setdefault(row["MP_ID"], []).append(float(row["bvse_ea_ev"]))
    same_cell = {}
    with open(sys.argv[2]) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            same_cell[row["mp_id"]] = row.get("same_cell", "")
    models = []
    for arg in sys.argv[3:]:
        name, path = arg.split("=", 1)
        models.append((name, read_ours(path)))
    ids = set(paper)
    for _, ours in models:
        ids &= set(ours)
    ids = sorted(ids)
    y_all = np.array([statistics.mean(paper[i]) for i in ids])
    xs = {n: np.array([float(o[i]["ea_3d_ev"]) for i in ids]) for n, o in models}
    keep = y_all < 20
    for x in xs.values():
        keep &= x < 20
    print(f"structures scored by every model and the paper: {len(ids)}; "
          f"left out (>= 20 eV): {int((~keep).sum())}")
    y = y_all[keep]
    names = [n for n, _ in models]
    rows = []

    def add(label, fn):
        rows.append([label] + [fn(xs[n][keep]) for n in names])

    add("n", lambda x: f"{len(x)}")
    add("Pearson r (Ea_3D vs paper)", lambda x: f"{stats.pearsonr(x, y)[0]:.3f}")
    add("Spearman rho", lambda x: f"{stats.spearmanr(x, y)[0]:.3f}")
    add("median |diff| (eV)", lambda x: f"{np.median(np.abs(x - y)):.3f}")
    add("exactly equal (same 20/2048 step)", lambda x: f"{np.mean(np.abs(x - y) < 1e-6):.1%}")
    add("within 0.01 / 0.05 eV",
        lambda x: f"{np.mean(np.abs(x - y) < 0.0100001):.1%} / {np.mean(np.abs(x - y) < 0.05):.1%}")
    add("same side of 0.6 eV", lambda x: f"{np.mean((x < 0.6) == (y < 0.6)):.1%}")
    add("ours < 0.6 / paper < 0.6 / both",
        lambda x: f"{np.sum(x < 0.6)} / {np.sum(y < 0.6)} / {np.sum((x < 0.6) & (y < 0.6))}")
    for lo, hi in ((0, 0.5), (0.5, 1), (1, 100)):
        m = (y >= lo) & (y < hi)
        add(f"paper [{lo}, {hi}) eV: n, median diff, median ours/paper",
            lambda x, m=m: (f"{m.sum()}, {np.median(x[m] - y[m]):+.3f}, "
                            f"{np.median(x[m] / y[m]):.3f}") if m.sum() else "-")
    for label, val in (("same cell", "True"), ("re-relaxed cell", "False")):
        m = np.array([same_cell.get(i) == val for i in ids])[keep]
        add(f"{label}: n, median |diff|",
            lambda x, m=m: f"{m.sum()}, {np.median(np.abs(x[m] - y[m])):.3f}" if m.sum() else "-")
    w = max(len(r[0]) for r in rows)
    print(f"{'':{w}s}  " + "  ".join(f"{n:>24s}" for n in names))
    for r in rows:
        print(f"{r[0]:{w}s}  " + "  ".join(f"{v:>24s}" for v in r[1:]))
    print("\nTable 2: paper BVSE (eV, from the data file) vs ours Ea_3D (eV)")
    print("compound\tmp_id\tpaper\t" + "\t".join(names))
    for name, mp, _ in TABLE2:
        p = f"{statistics.mean(paper[mp]):.3f}" if mp in paper else "-"
        got = [f"{float(o[mp]['ea_3d_ev']):.3f}" if mp in o else "-" for _, o in models]
        print(f"{name}\t{mp}\t{p}\t" + "\t".join(got))


if __name__ == "__main__":
    main()
