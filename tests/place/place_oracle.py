"""Independent check of `place` with numpy/scipy (Debian's /usr/bin/python3).

  make DIR SEED STANDARDIZE  -> DIR/train.tsv, train_ids.tsv, new.tsv,
                                new_ids.tsv, labels.csv
  compare DIR K STANDARDIZE SIGMA_HIGH PLACEMENT.tsv CLUSTERS.tsv

The oracle clusters the training matrix with scipy's Ward linkage and
fcluster(maxclust=K), then computes for every new vector the nearest centroid,
the Ward increase n/(n+1)·||x-c||² and its argmin, each cluster's RMS member
distance to its centroid, and rank's candidate-cluster rule (clusters holding
a label with sigma > SIGMA_HIGH, plus the cluster whose centroid is nearest
to each of them). Tolerance: 5e-6 relative (place prints %.6g).
"""
import csv
import math
import sys

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

REL = 5e-6


def make(out, seed, standardize):
    rng = np.random.default_rng(int(seed))
    dim, blobs = 12, 9
    centres = rng.normal(0, 6, size=(blobs, dim))
    if standardize == "1":  # features on very different scales
        centres[:, 3] *= 1000
    rows = []
    for b in range(blobs):
        n = int(rng.integers(8, 50))
        spread = rng.uniform(0.3, 2.0)
        x = centres[b] + rng.normal(0, spread, size=(n, dim))
        if standardize == "1":
            x[:, 3] = centres[b, 3] + rng.normal(0, 1000 * spread, size=n)
        rows.append(x)
    train = np.vstack(rows)
    rng.shuffle(train)
    new = centres[rng.integers(0, blobs, size=40)] + rng.normal(0, 3, size=(40, dim))
    new[:5] = rng.normal(0, 12, size=(5, dim))  # far from everything
    np.savetxt(f"{out}/train.tsv", train, delimiter="\t", fmt="%.17g")
    np.savetxt(f"{out}/new.tsv", new, delimiter="\t", fmt="%.17g")
    with open(f"{out}/train_ids.tsv", "w") as f:
        f.write("id\tmp_id\n")
        for i in range(len(train)):
            f.write(f"t{i}\tmp-{i}\n")
    with open(f"{out}/new_ids.tsv", "w") as f:
        f.write("id\tmp_id\n")
        for i in range(len(new)):
            f.write(f"n{i}\t\n")
    labelled = rng.choice(len(train), size=30, replace=False)
    with open(f"{out}/labels.csv", "w") as f:
        f.write("mp_id,sigma_s_per_cm\n")
        for j, i in enumerate(labelled):
            # log-uniform 1e-10 .. 1e-2, one exactly at the threshold
            s = 1e-5 if j == 0 else 10 ** rng.uniform(-10, -2)
            f.write(f"mp-{i},{s!r}\n")


def close(a, b):
    return abs(a - b) <= REL * max(1.0, abs(b))


def compare(out, k, standardize, sigma_high, placement, clusters_tsv):
    k, sigma_high = int(k), float(sigma_high)
    train = np.loadtxt(f"{out}/train.tsv", ndmin=2)
    new = np.loadtxt(f"{out}/new.tsv", ndmin=2)
    if standardize == "1":
        mean, sd = train.mean(axis=0), train.std(axis=0)
        sd[sd == 0] = 1
        train, new = (train - mean) / sd, (new - mean) / sd
    lab = fcluster(linkage(train, "ward"), k, criterion="maxclust")
    nc = lab.max()
    cent = np.array([train[lab == c].mean(axis=0) for c in range(1, nc + 1)])
    size = np.array([(lab == c).sum() for c in range(1, nc + 1)])
    rms = np.array([math.sqrt(((train[lab == c] - cent[c - 1]) ** 2).sum(axis=1).mean())
                    for c in range(1, nc + 1)])
    sigma = {}
    with open(f"{out}/labels.csv") as f:
        for r in csv.DictReader(f):
            sigma[int(r["mp_id"][3:])] = float(r["sigma_s_per_cm"])
    high = sorted({lab[i] for i, s in sigma.items() if s > sigma_high * (1 + 1e-9)})
    cand = {c: "label" for c in high}
    for h in high:
        d = ((cent - cent[h - 1]) ** 2).sum(axis=1)
        d[h - 1] = np.inf
        nearest = int(np.argmin(d)) + 1
        cand.setdefault(nearest, "nearest")
    errors = []
    with open(clusters_tsv) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if len(rows) != nc:
        errors.append(f"clusters: {len(rows)} rows, oracle {nc}")
    for r in rows:
        c = int(r["cluster"])
        if int(r["size"]) != size[c - 1] or not close(float(r["rms_radius"]), rms[c - 1]) \
                or r["candidate"] != cand.get(c, "no"):
            errors.append(f"cluster {c}: {r} vs size {size[c-1]} rms {rms[c-1]:.9g} "
                          f"candidate {cand.get(c, 'no')}")
    with open(placement) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if len(rows) != len(new):
        errors.append(f"placement: {len(rows)} rows for {len(new)} structures")
    disagree = 0
    for i, r in enumerate(rows):
        d2 = ((cent - new[i]) ** 2).sum(axis=1)
        w = size / (size + 1.0) * d2
        c, cw = int(np.argmin(d2)) + 1, int(np.argmin(w)) + 1
        disagree += c != cw
        members = {f"t{j}" for j, s in sigma.items() if lab[j] == c}
        got = set() if r["nearest_labels"] == "-" else \
            {x.split(":")[0] for x in r["nearest_labels"].split(",")}
        checks = [
            ("nearest_cluster", int(r["nearest_cluster"]) == c),
            ("nearest_distance", close(float(r["nearest_distance"]), math.sqrt(d2[c - 1]))),
            ("nearest_rms_radius", close(float(r["nearest_rms_radius"]), rms[c - 1])),
            ("nearest_relative_distance", rms[c - 1] == 0 or
             close(float(r["nearest_relative_distance"]), math.sqrt(d2[c - 1]) / rms[c - 1])),
            ("nearest_size", int(r["nearest_size"]) == size[c - 1]),
            ("nearest_candidate", r["nearest_candidate"] == cand.get(c, "no")),
            ("nearest_labels", got == members),
            ("ward_cluster", int(r["ward_cluster"]) == cw),
            ("ward_increase", close(float(r["ward_increase"]), w[cw - 1])),
            ("ward_distance", close(float(r["ward_distance"]), math.sqrt(d2[cw - 1]))),
            ("ward_candidate", r["ward_candidate"] == cand.get(cw, "no")),
        ]
        for name, ok in checks:
            if not ok:
                errors.append(f"{r['id']}: {name} = {r.get(name)} (oracle cluster {c}, "
                              f"ward {cw}, d {math.sqrt(d2[c-1]):.9g}, w {w[cw-1]:.9g})")
    for e in errors[:20]:
        print("MISMATCH", e)
    print(f"place vs scipy: k={k} ({nc} clusters, {len(high)} with high labels, "
          f"{len(cand)} candidate), {len(rows)} placed, centroid and Ward disagree "
          f"on {disagree}; {len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(*sys.argv[2:])
    else:
        sys.exit(compare(*sys.argv[2:]))
