#!/usr/bin/python3
"""W_sigma against k from a Score stream, with the random controls.

    bash python/build_pb2.sh && export PYTHONPATH=$PWD/python   # once
    /usr/bin/python3 docs/examples/plot_scores.py can.score [scores.png]

A Score stream is what `score` writes (one record per scored clustering;
the workflow keeps them under results/). Each record is a curve: one row per
k in ionscreen.to_dataframe.
"""
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed; remove to use plt.show()
import matplotlib.pyplot as plt  # noqa: E402

import ionscreen  # noqa: E402

# %% Read the stream: one row per (record, k).
path = sys.argv[1] if len(sys.argv) > 1 else "can.score"
out = sys.argv[2] if len(sys.argv) > 2 else "scores.png"
df = ionscreen.to_dataframe(path)
steps = [p["tool"] for p in df.attrs["header"]["provenance"]]
print(f"{path}: {df['record'].nunique()} score record(s), k = {df['k'].min()}..{df['k'].max()}; "
      f"made by {' | '.join(steps)}")

# %% Plot W against k, with the two random controls as mean ± sd bands.
fig, ax = plt.subplots(figsize=(6, 4))
for record, d in df.groupby("record"):
    label = d["label"].iloc[0]
    ax.plot(d["k"], d["w"], "o-", ms=3, label=f"W ({label}), record {record}")
    for col, name in (("control_w", "same-size control"),
                      ("uniform_control_w", "uniform control")):
        mean, sd = d[f"{col}_mean"], d[f"{col}_sd"]
        if (mean > 0).any():
            (line,) = ax.plot(d["k"], mean, "--", lw=1, label=name)
            ax.fill_between(d["k"], mean - sd, mean + sd, color=line.get_color(), alpha=0.2)
ax.set_xlabel("k (clusters)")
ax.set_ylabel(r"$W_\sigma$")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(out, dpi=150)
print(f"wrote {out}")
