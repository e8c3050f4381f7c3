"""Figure 2: W_sigma over k = 2..K per descriptor (its best simplification),
half-violins sorted by mean, with the random control (Snakemake script).
Reads results/tables/scores.tsv (written by the tools via the workflow)."""
import csv
import math
import os
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

k_max = int(snakemake.config["figure2_k_max"])
w = defaultdict(list)
ctrl = defaultdict(list)
with open(snakemake.input.scores) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        if int(r["k"]) > k_max or r["representation"] == "mix":
            continue
        key = (r["descriptor"], r["representation"])
        w[key].append(float(r["w_sigma"]))
        ctrl[key].append(float(r["control_w_mean"]))

best = {}
for (d, rep), vals in w.items():
    m = float(np.mean(vals))
    if d not in best or m < best[d][1]:
        best[d] = (rep, m)
order = sorted(best, key=lambda d: best[d][1])

fig, ax = plt.subplots(figsize=(max(6, 0.7 * len(order) + 2), 4.5))
for i, d in enumerate(order):
    rep = best[d][0]
    for vals, side, color in ((w[(d, rep)], -1, "tab:blue"), (ctrl[(d, rep)], 1, "0.6")):
        vals = np.asarray(vals)
        if len(vals) > 1 and np.ptp(vals) > 0:
            parts = ax.violinplot([vals], positions=[i], showextrema=False, widths=0.8)
            for b in parts["bodies"]:
                verts = b.get_paths()[0].vertices
                c = np.mean(verts[:, 0])
                verts[:, 0] = (np.clip(verts[:, 0], -np.inf, c) if side < 0
                               else np.clip(verts[:, 0], c, np.inf))
                b.set_facecolor(color)
                b.set_alpha(0.8)
        ax.plot([i + side * 0.2], [np.mean(vals)], "o", color=color, ms=3)
ax.set_xticks(range(len(order)))
ax.set_xticklabels([f"{d}\n({best[d][0]})" for d in order], rotation=60, ha="right",
                   fontsize=7)
ax.set_ylabel(r"$W_\sigma$ (composite intracluster variance of log$_{10}\sigma$)")
ax.set_title(f"W_sigma over k = {snakemake.config['k_min']}..{k_max}: "
             "descriptor (left, blue) vs random control (right, grey)", fontsize=9)
fig.tight_layout()
for out in snakemake.output:
    fig.savefig(out + ".part." + out.rsplit(".", 1)[1], dpi=150)
    os.replace(out + ".part." + out.rsplit(".", 1)[1], out)

with open(snakemake.output[0].rsplit("/", 1)[0] + "/figure2_ranking.tsv", "w") as f:
    f.write("rank\tdescriptor\tbest_representation\tmean_w_sigma\tmean_control\n")
    for i, d in enumerate(order):
        rep = best[d][0]
        f.write(f"{i + 1}\t{d}\t{rep}\t{best[d][1]:.6g}\t{np.mean(ctrl[(d, rep)]):.6g}\n")
