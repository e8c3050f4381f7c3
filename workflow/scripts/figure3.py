"""Figure 3: Ward dendrogram of the chosen representation cut to a few large
clusters, with the share of structures, high-sigma labels and low-Ea labels
of each cluster beneath (Snakemake script)."""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

cfg = snakemake.config
m = int(cfg["figure3"]["display_clusters"])
sigma_high = float(cfg["candidates"]["sigma_high_s_per_cm"])
ea_low = float(cfg["candidates"]["ea_max_ev"])

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

# Labels: structure ids (or MP ids / ICSD ids) with sigma; paper BVSE Ea by MP id.
crystal_keys = {}
with open(snakemake.input.summary) as f:
    for r in csv.DictReader(f, delimiter="\t"):
        crystal_keys[r["id"]] = r["id"]
high = set()
for path in snakemake.input.labels:
    with open(path, newline="") as f:
        rdr = csv.DictReader(f)
        for r in rdr:
            s = r.get("sigma") or r.get("Ionic conductivity (S cm-1)") or ""
            key = r.get("mp_id") or r.get("ID") or ""
            try:
                v = float(s.lstrip("<>~ "))
            except ValueError:
                continue
            if key and v > sigma_high:
                high.add(key)
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

# Displayed leaves: clusters alive after the first n - m merges.
children = {n + i: (a, b) for i, (a, b, h, s) in enumerate(Z)}
height = {n + i: h for i, (a, b, h, s) in enumerate(Z)}
root = n + len(Z) - 1
first_shown = n + (n - m)  # nodes >= this are drawn as merges


def members(node):
    out, stack = [], [node]
    while stack:
        x = stack.pop()
        if x < n:
            out.append(x)
        else:
            stack.extend(children[x])
    return out


leaves = []
stack = [root]
while stack:
    x = stack.pop()
    if x >= first_shown and x in children:
        a, b = children[x]
        stack.extend([b, a])
    else:
        leaves.append(x)
pos = {leaf: i for i, leaf in enumerate(leaves)}

fig, (ax, bx) = plt.subplots(2, 1, figsize=(max(6, 0.8 * m + 2), 6),
                             gridspec_kw={"height_ratios": [2, 1]}, sharex=True)


def draw(x):
    if x in pos:
        return pos[x], 0.0
    a, b = children[x]
    xa, ya = draw(a)
    xb, yb = draw(b)
    h = height[x]
    ax.plot([xa, xa, xb, xb], [ya, h, h, yb], color="k", lw=1)
    return (xa + xb) / 2, h


if m > 1:
    draw(root)
ax.set_ylabel("Ward merge height")
ax.set_title(f"{cfg['figure3']['descriptor']} on {cfg['figure3']['representation']}: "
             f"dendrogram cut to {m} clusters ({n} structures)", fontsize=9)

tot_high = sum(1 for i in ids if i in high) or 1
tot_ea = sum(1 for i in ids if i in low_ea) or 1
share = {"structures": [], "high sigma": [], "low Ea": []}
for leaf in leaves:
    mem = [ids[i] for i in members(leaf)]
    share["structures"].append(100 * len(mem) / n)
    share["high sigma"].append(100 * sum(1 for i in mem if i in high) / tot_high)
    share["low Ea"].append(100 * sum(1 for i in mem if i in low_ea) / tot_ea)
width = 0.27
for j, (name, vals) in enumerate(share.items()):
    bx.bar([i + (j - 1) * width for i in range(len(leaves))], vals, width, label=name)
bx.set_ylabel("% of total")
bx.set_xticks(range(len(leaves)))
bx.set_xticklabels([f"#{i + 1}" for i in range(len(leaves))])
bx.legend(fontsize=7)
fig.tight_layout()
for out in snakemake.output.figures:
    ext = out.rsplit(".", 1)[1]
    fig.savefig(out + ".part." + ext, dpi=150)
    os.replace(out + ".part." + ext, out)
with open(snakemake.output.table, "w") as f:
    f.write("cluster\tstructures_percent\thigh_sigma_percent\tlow_ea_percent\n")
    for i in range(len(leaves)):
        f.write(f"{i + 1}\t{share['structures'][i]:.2f}\t{share['high sigma'][i]:.2f}"
                f"\t{share['low Ea'][i]:.2f}\n")
