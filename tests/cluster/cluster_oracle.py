"""Oracle check of `cluster` against Debian's scipy (run by cluster_oracle_test.sh).

Usage: cluster_oracle.py make_mp_matrix OUT_MATRIX OUT_IDS STEP
       cluster_oracle.py compare MATRIX LINKAGE_TSV ASSIGN_TSV METHOD METRIC
                                 STANDARDIZE [SCIPY_LINKAGE_FILE]
Tolerances: merge heights 1e-9 relative (absolute 1e-12 at height 0); merged
pairs, sizes and every fcluster(maxclust) partition identical, including
scipy's cluster numbering.
"""
import re
import sys

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage


def make_mp_matrix(shared, out_matrix, out_ids, step):
    """Element-fraction vectors of every STEP-th MP structure: a real
    descriptor matrix with many exact duplicates (polymorphs), i.e. ties."""
    rows, ids, mps, icsds = [], [], [], []
    with open(f"{shared}/data/mp/index.tsv") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {c: i for i, c in enumerate(header)}
        for i, line in enumerate(f):
            if i % step:
                continue
            p = line.rstrip("\n").split("\t")
            comp = {}
            for tok in p[col["formula_sum"]].split():
                m = re.fullmatch(r"([A-Z][a-z]?)([0-9.]*)", tok)
                comp[m.group(1)] = float(m.group(2) or 1)
            tot = sum(comp.values())
            rows.append({e: v / tot for e, v in comp.items()})
            ids.append(p[col["mp_id"]])
            icsds.append(p[col["icsd_ids"]])
    elements = sorted({e for r in rows for e in r})
    x = np.array([[r.get(e, 0.0) for e in elements] for r in rows])
    np.savetxt(out_matrix, x, delimiter="\t", fmt="%.17g")
    with open(out_ids, "w") as f:
        f.write("id\tmp_id\ticsd_ids\n")
        for i, m, c in zip(ids, ids, icsds):
            f.write(f"{i}\t{m}\t{c}\n")
    print(f"mp matrix: {x.shape[0]} x {x.shape[1]}, "
          f"{len(np.unique(x, axis=0))} distinct rows")


def make_blobs(out_matrix, n, d):
    rng = np.random.default_rng(20231)
    centers = rng.normal(size=(40, d)) * 3
    x = centers[rng.integers(0, 40, size=n)] + rng.normal(size=(n, d))
    x[n // 2:n // 2 + 20] = x[:20]  # exact duplicates: ties at height 0
    np.savetxt(out_matrix, x, delimiter="\t", fmt="%.17g")


def compare(matrix, linkage_tsv, assign_tsv, method, metric, standardize,
            ref_file=None):
    x = np.loadtxt(matrix, ndmin=2)
    if standardize == "1":
        sd = x.std(axis=0)
        sd[sd == 0] = 1
        x = (x - x.mean(axis=0)) / sd
    scipy_metric = {"manhattan": "cityblock"}.get(metric, metric)
    z = linkage(x, method=method, metric=scipy_metric)
    refs = [("scipy now", z)]
    if ref_file:
        refs.append(("oracle file", np.loadtxt(ref_file, comments="#")))
    got = np.loadtxt(linkage_tsv, skiprows=1, ndmin=2)
    bad = 0
    for name, ref in refs:
        if got.shape != ref.shape:
            print(f"{name}: shape {got.shape} vs {ref.shape}")
            return 1
        pairs = np.all(got[:, [0, 1, 3]] == ref[:, [0, 1, 3]], axis=1)
        rel = np.abs(got[:, 2] - ref[:, 2]) / np.maximum(np.abs(ref[:, 2]),
                                                          1e-3)
        print(f"{method}/{metric}/std={standardize} vs {name}: "
              f"{int((~pairs).sum())} differing rows, max rel height err "
              f"{rel.max():.3g}")
        if not pairs.all():
            i = int(np.argmin(pairs))
            print("  first differing row", i, got[i], ref[i])
            bad += 1
        if rel.max() > 1e-9:
            bad += 1
    with open(assign_tsv) as f:
        head = f.readline().rstrip("\n").split("\t")
        table = [line.rstrip("\n").split("\t") for line in f]
    ks = [int(h[1:]) for h in head[1:]]
    mismatched = []
    for c, k in enumerate(ks, start=1):
        ours = np.array([int(r[c]) for r in table])
        theirs = fcluster(z, k, criterion="maxclust")
        if not np.array_equal(ours, theirs):
            mismatched.append(k)
    print(f"  partitions k={ks[0]}..{ks[-1]}: {len(ks) - len(mismatched)} "
          f"identical to fcluster(maxclust), mismatched: {mismatched}")
    if mismatched:
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "make_mp_matrix":
        make_mp_matrix(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        sys.exit(0)
    if sys.argv[1] == "make_blobs":
        make_blobs(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        sys.exit(0)
    sys.exit(compare(*sys.argv[2:]))
