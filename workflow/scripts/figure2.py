"""Figure 2 as in the paper: W_sigma over k = 2..K per descriptor (its best
simplification), half-violins with the raw points beside them, sorted by
mean, and the random control as one column (Snakemake script). Every pair is
scored on the same structures and labels (structure_set: common), so the
uniform control does not depend on the pair; it is drawn once, from the pair
ranked first, with the size-preserving control of that pair beside it.
Reads results/tables/scores.tsv (written by the tools via the workflow)."""
import csv
import os
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

k_max = int(snakemake.config["figure2_k_max"])
w = defaultdict(list)
ctrl = defaultdict(list)
uni = defaultdict(list)
with open(snakemake.input.scores) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        if int(r["k"]) > k_max or r["representation"] == "mix":
            continue
        key = (r["descriptor"], r["representation"])
        w[key].append(float(r["w_sigma"]))
        ctrl[key].append(float(r["control_w_mean"]))
        uni[key].append(float(r.get("uniform_control_w_mean") or "nan"))

best = {}
for (d, rep), vals in w.items():
    m = float(np.mean(vals))
    if d not in best or m < best[d][1]:
        best[d] = (rep, m)
order = sorted(best, key=lambda d: best[d][1])


def half_violin(ax, vals, x, color, side=-1):
    vals = np.asarray(vals)
    if len(vals) > 1 and np.ptp(vals) > 0:
        parts = ax.violinplot([vals], positions=[x], showextrema=False, widths=0.8)
        for b in parts["bodies"]:
            verts = b.get_paths()[0].vertices
            c = np.mean(verts[:, 0])
            verts[:, 0] = (np.clip(verts[:, 0], -np.inf, c) if side < 0
                           else np.clip(verts[:, 0], c, np.inf))
            b.set_facecolor(color)
            b.set_alpha(0.8)
    # Raw W_sigma of each k beside the violin, jittered deterministically.
    jitter = 0.05 + 0.12 * ((np.arange(len(vals)) * 0.618) % 1.0)
    ax.plot(x - side * jitter, vals, ".", color="k", ms=1.5, alpha=0.6)
    ax.plot([x], [np.mean(vals)], "o", color="w", mec="k", ms=3)


fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(order) + 3), 4.5))
for i, d in enumerate(order):
    half_violin(ax, w[(d, best[d][0])], i, "tab:blue")
labels = [f"{d}\n({best[d][0]})" for d in order]
if order:
    top = (order[0], best[order[0]][0])
    n = len(order)
    if not np.isnan(uni[top]).all():
        half_violin(ax, uni[top], n, "0.6")
        labels.append("control\n(uniform)")
        n += 1
    half_violin(ax, ctrl[top], n, "0.8")
    labels.append("control\n(same sizes)")
ax.set_xticks(range(len(labels)))
ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
ax.set_ylabel(r"$W_\sigma$ (composite intracluster variance of log$_{10}\sigma$)")
ax.set_title(f"W_sigma over k = {snakemake.config['k_min']}..{k_max}, best simplification\n"
             "per descriptor, sorted by mean; random controls right", fontsize=9)
fig.tight_layout()
for out in snakemake.output:
    ext = out.rsplit(".", 1)[1]
    # No creation date in the PDF: same inputs, same bytes.
    fig.savefig(out + ".part." + ext, dpi=120,
                metadata={"CreationDate": None} if ext == "pdf" else None)
    os.replace(out + ".part." + ext, out)

with open(snakemake.output[0].rsplit("/", 1)[0] + "/figure2_ranking.tsv", "w") as f:
    f.write("rank\tdescriptor\tbest_representation\tmean_w_sigma\tmean_control\t"
            "mean_uniform_control\n")
    for i, d in enumerate(order):
        rep = best[d][0]
        f.write(f"{i + 1}\t{d}\t{rep}\t{best[d][1]:.6g}\t{np.mean(ctrl[(d, rep)]):.6g}\t"
                f"{np.mean(uni[(d, rep)]):.6g}\n")
