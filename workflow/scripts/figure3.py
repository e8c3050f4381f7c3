"""Figure 3 as in the paper (Snakemake script): the Ward dendrogram of the
chosen clustering (the best 2nd-order SOAP mixture by default) drawn to k_fig
leaves (241), coloured by a cut into a few large clusters (9); violins of
log10 sigma of the labels in each large cluster; and, under the leaves, the
number of high-sigma and low-Ea labels in each of the k_fig clusters.
Labels are the ones `score` resolved (one per structure; its --labels_tsv),
so the figure, the scores and `rank` count the same labels."""
import csv
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

cfg = snakemake.config
m = int(cfg["figure3"]["display_clusters"])
k_fig = int(cfg["candidates"]["k"])
sigma_high = float(cfg["candidates"]["sigma_high_s_per_cm"])
ea_low = float(cfg["candidates"]["ea_max_ev"])
name = snakemake.params.name

# Merge tree (scipy convention) and ids in input order.
Z = []
with open(snakemake.input.linkage) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        Z.append((int(r["a"]), int(r["b"]), float(r["height"]), int(r["size"])))
ids = []
with open(snakemake.input.assignments) as f:
    next(f)
    for line in f:
        ids.append(line.split("\t", 1)[0])
n = len(ids)
m = min(m, n)
k_fig = max(m, min(k_fig, n))

# Resolved labels: id -> log10 sigma (one per structure).
log_sigma = {}
with open(snakemake.input.labels) as f:
    rdr = csv.DictReader(f, delimiter="\t")
    col = next(c for c in rdr.fieldnames if c.startswith("log10_sigma"))
    for r in rdr:
        log_sigma[r["id"]] = float(r[col])
low_ea = set()
with open(snakemake.input.bvse) as f:
    rdr = csv.DictReader(f, delimiter="\t")
    col = next((c for c in rdr.fieldnames if c.lower().startswith("ea_3d")), None)
    for r in rdr:
        try:
            if col and float(r[col]) < ea_low:
                low_ea.add(r["id"])
        except (ValueError, KeyError):
            pass
high = {i for i, v in log_sigma.items() if v > math.log10(sigma_high)}

children = {n + i: (a, b) for i, (a, b, h, s) in enumerate(Z)}
height = {n + i: h for i, (a, b, h, s) in enumerate(Z)}
root = n + len(Z) - 1


def cut(k):
    """Nodes alive after the first n - k merges (the tree cut to k clusters),
    in dendrogram (left-to-right) order."""
    first = n + (n - k)
    out, stack = [], [root]
    while stack:
        x = stack.pop()
        if x >= first and x in children:
            a, b = children[x]
            stack.extend([b, a])
        else:
            out.append(x)
    return out


def members(node):
    out, stack = [], [node]
    while stack:
        x = stack.pop()
        if x < n:
            out.append(x)
        else:
            stack.extend(children[x])
    return out


leaves = cut(k_fig)
big = cut(m)
pos = {leaf: i for i, leaf in enumerate(leaves)}
leaf_members = {leaf: [ids[i] for i in members(leaf)] for leaf in leaves}
# Which large cluster each drawn leaf belongs to.
big_of = {}
for j, b in enumerate(big):
    stack = [b]
    while stack:
        x = stack.pop()
        if x in pos:
            big_of[x] = j
        elif x in children:
            stack.extend(children[x])
colors = plt.cm.tab10(np.linspace(0, 1, 10))

fig = plt.figure(figsize=(11, 8))
gs = fig.add_gridspec(3, 1, height_ratios=[2.2, 0.8, 1.4], hspace=0.35)
ax = fig.add_subplot(gs[0])
dx = fig.add_subplot(gs[1], sharex=ax)
vx = fig.add_subplot(gs[2])


def draw(x):
    if x in pos:
        return pos[x], 0.0, big_of.get(x)
    a, b = children[x]
    xa, ya, ca = draw(a)
    xb, yb, cb = draw(b)
    c = ca if ca == cb else None
    ax.plot([xa, xa, xb, xb], [ya, height[x], height[x], yb],
            color=colors[c % 10] if c is not None else "0.5", lw=0.6)
    return (xa + xb) / 2, height[x], c


draw(root)
for leaf, i in pos.items():  # leaf ticks in their large cluster's colour
    ax.plot([i], [0], "|", color=colors[big_of.get(leaf, 0) % 10], ms=6)
cut_height = (height[n + (n - m) - 1] + height[n + (n - m)]) / 2 if n - m >= 1 else 0
ax.axhline(cut_height, color="k", ls="--", lw=0.6)
ax.set_ylabel("Ward merge height")
ax.set_xticks([])
ax.set_title(f"{name}: dendrogram to {k_fig} clusters ({n} structures), "
             f"cut to {m} large clusters", fontsize=9)

n_high = np.array([sum(1 for i in leaf_members[l] if i in high) for l in leaves])
n_ea = np.array([sum(1 for i in leaf_members[l] if i in low_ea) for l in leaves])
x = np.arange(len(leaves))
dx.bar(x - 0.2, n_high, 0.4, color="tab:red", label=f"high σ (> {sigma_high:g} S/cm)")
dx.bar(x + 0.2, n_ea, 0.4, color="tab:blue", label=f"low Ea (< {ea_low:g} eV, BVSE)")
dx.set_ylabel(f"labels per\ncluster (k={k_fig})", fontsize=8)
dx.legend(fontsize=7, loc="upper right")
dx.set_xticks([])

tot_high = len([i for i in ids if i in high]) or 1
tot_ea = len([i for i in ids if i in low_ea]) or 1
rows, violins = [], []
for j, b in enumerate(big):
    mem = [ids[i] for i in members(b)]
    vals = [log_sigma[i] for i in mem if i in log_sigma]
    violins.append(vals)
    rows.append((j + 1, len(mem), 100 * len(mem) / n, len(vals),
                 100 * sum(1 for i in mem if i in high) / tot_high,
                 100 * sum(1 for i in mem if i in low_ea) / tot_ea,
                 float(np.median(vals)) if vals else float("nan")))
for j, vals in enumerate(violins):
    if len(vals) > 1 and np.ptp(vals) > 0:
        parts = vx.violinplot([vals], positions=[j], showextrema=False, widths=0.8)
        for body in parts["bodies"]:
            body.set_facecolor(colors[j % 10])
            body.set_alpha(0.7)
    vx.plot([j] * len(vals), vals, "k.", ms=2)
vx.axhline(math.log10(sigma_high), color="tab:red", ls=":", lw=0.8)
vx.set_xticks(range(len(big)))
vx.set_xticklabels([f"#{r[0]}\n{r[2]:.1f}% str.\n{r[4]:.0f}% high σ" for r in rows],
                   fontsize=7)
vx.set_ylabel("log$_{10}$ σ (S/cm)")
for out in snakemake.output.figures:
    ext = out.rsplit(".", 1)[1]
    # No creation date in the PDF: same inputs, same bytes.
    fig.savefig(out + ".part." + ext, dpi=110,
                metadata={"CreationDate": None} if ext == "pdf" else None)
    os.replace(out + ".part." + ext, out)

# The paper's k = 17 statement: the cluster holding most high-sigma labels.
k17 = cut(min(17, n))
best17 = max(k17, key=lambda c: sum(1 for i in members(c) if ids[i] in high))
mem17 = [ids[i] for i in members(best17)]
with open(snakemake.output.table + ".part", "w") as f:
    f.write("cluster\tstructures\tstructures_percent\tlabels\thigh_sigma_percent\t"
            "low_ea_percent\tmedian_log10_sigma\n")
    for r in rows:
        f.write("%d\t%d\t%.2f\t%d\t%.2f\t%.2f\t%.3f\n" % r)
    f.write("# k=17 densest\t%d\t%.2f\t\t%.2f\t%.2f\t\n" % (
        len(mem17), 100 * len(mem17) / n,
        100 * sum(1 for i in mem17 if i in high) / tot_high,
        100 * sum(1 for i in mem17 if i in low_ea) / tot_ea))
os.replace(snakemake.output.table + ".part", snakemake.output.table)
with open(snakemake.log[0], "w") as f:
    f.write(f"{name}: {n} structures, {len(log_sigma)} labels, {tot_high} high-sigma, "
            f"{tot_ea} low-Ea\n")
