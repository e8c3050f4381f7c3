#!/usr/bin/python3
"""Held-out evaluation of `place` (issue 17): do high-sigma structures the
clustering never saw land in candidate clusters more often than chance?

  /usr/bin/python3 bench/place_holdout.py RESULTS_DIR [--bin=DIR] [--output=DIR]
      [--folds=10] [--run_folds=N] [--seed=1] [--threads=2]

RESULTS_DIR is a finished workflow's results/ (full scale, workflow/config/
quick.yaml or the test config). The script takes the clustering the
candidates come from (results/clusters/<rep>/<d>.k<K>.clustering; --clustering
to choose), its descriptor stream (results/common/<rep>/<d>.desc; a mixture is
rebuilt with `describe --mix` from the streams its header names) and its
resolved labels (results/scores/<rep>/<d>.labels.tsv). The labelled
structures are shuffled (--seed) and split into --folds parts of ~10 %; for
each part (the first --run_folds of them) the other structures are clustered
again at depth K (`cluster --k=K`, Ward as the workflow) and the held-out
ones placed (`place`, labels of the training structures only). A held-out
structure "lands in a candidate cluster" when the cluster it is placed in
would be selected by rank's rule (it holds a training label with sigma >
--sigma_high, or is the nearest cluster to one). The base rate is the
fraction of the training structures in candidate clusters.

Writes OUT/folds.tsv (one row per fold), OUT/placements.tsv (every held-out
structure with its sigma and fold) and OUT/summary.md, printed at the end.
"""
import argparse
import csv
import glob
import math
import os
import random
import re
import subprocess
import sys
import time


def sh(cmd, log):
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=f)
    if r.returncode != 0:
        sys.exit(f"place_holdout: {' '.join(cmd[:2])} ... failed (exit {r.returncode}); see {log}")
    return r.stdout


def header(records, path, log):
    """(parameters, [(tool, flags)]) of a stream's header."""
    text = sh([records, "--format=text", "--limit=0", path], log).decode()
    params = dict(re.findall(r'parameters \{\n\s+key: "(.*?)"\n\s+value: "(.*?)"\n\s*\}', text))
    steps = []
    for block in re.findall(r"provenance \{\n(.*?)\n\}", text, re.S):
        tool = re.search(r'tool: "(.*?)"', block).group(1)
        steps.append((tool, re.findall(r'flags: "(.*?)"', block)))
    return params, steps


def find_desc(results, rep, name):
    for sub in ("common", "descriptors"):
        p = os.path.join(results, sub, rep, f"{name}.desc")
        if os.path.exists(p):
            return p
    sys.exit(f"place_holdout: no descriptor stream for {rep}/{name} under {results}/common "
             f"or {results}/descriptors")


def binom_tail(n, x, p):
    """P(X >= x) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(x, n + 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results")
    ap.add_argument("--bin", default=os.environ.get("IONSCREEN_BIN", "bazel-bin/tools"),
                    help="directory of the ionscreen tools (default $IONSCREEN_BIN or "
                         "bazel-bin/tools)")
    ap.add_argument("--clustering", help="the k-clustering (default: the only "
                    "results/clusters/*/*.k*.clustering)")
    ap.add_argument("--output", default="place_holdout")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--run_folds", type=int, default=0, help="0 = all folds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sigma_high", type=float, default=1e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--matrix_memory_mb", type=int, default=4000)
    a = ap.parse_args()
    res = os.path.abspath(a.results)
    tools = {t: os.path.join(a.bin, t) for t in ("records", "describe", "cluster", "place")}
    for t, p in tools.items():
        if not os.access(p, os.X_OK):
            sys.exit(f"place_holdout: no {t} binary at {p} (build: bazel build -c opt //tools:all; "
                     "pass --bin)")
    os.makedirs(a.output, exist_ok=True)
    log = os.path.join(a.output, "log.txt")
    open(log, "w").close()

    if a.clustering:
        kfile = a.clustering
    else:
        found = sorted(glob.glob(os.path.join(res, "clusters", "*", "*.k*.clustering")))
        if len(found) != 1:
            sys.exit(f"place_holdout: {len(found)} k-clusterings under {res}/clusters "
                     f"({', '.join(found) or 'run the workflow first'}); pass --clustering")
        kfile = found[0]
    m = re.fullmatch(r"(.*)/clusters/([^/]+)/(.+)\.k(\d+)\.clustering", os.path.abspath(kfile))
    if not m:
        sys.exit(f"place_holdout: {kfile} is not results/clusters/<rep>/<d>.k<K>.clustering")
    rep, name, k = m.group(2), m.group(3), int(m.group(4))
    params, steps = header(tools["records"], kfile, log)
    scheme = [f.split("=", 1)[1] for t, fl in steps if t == "simplify" for f in fl
              if f.startswith("--scheme=")]
    work = os.path.join(a.output, "work")
    os.makedirs(work, exist_ok=True)
    if params.get("descriptor") == "mix":
        if not scheme:
            sys.exit("place_holdout: the mixture's header names no simplify --scheme")
        parts = []
        for piece in params["mix"].split(","):
            prefix, weight = piece.rsplit(":", 1)
            base = re.sub(r"_\d+$", "", prefix)
            parts.append(f"{find_desc(res, scheme[-1], base)}:{weight}")
        desc = os.path.join(work, "clustered.desc")
        with open(desc, "wb") as f:
            f.write(sh([tools["describe"], "--mix=" + ",".join(parts), "--keep_going"], log))
    else:
        desc = find_desc(res, rep, name)
    labels_tsv = os.path.join(res, "scores", rep, f"{name}.labels.tsv")
    assignments = os.path.join(res, "clusters", rep, f"{name}.assignments.tsv")
    with open(assignments) as f:
        ids = [r["id"] for r in csv.DictReader(f, delimiter="\t")]
    idset = set(ids)
    sigma = {}
    with open(labels_tsv) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["id"] in idset:
                sigma[r["id"]] = 10 ** float(r["log10_sigma"])
    labels_csv = os.path.join(work, "labels.csv")
    with open(labels_csv, "w") as f:
        f.write("id,sigma_s_per_cm\n")
        for i, s in sorted(sigma.items()):
            f.write(f"{i},{s!r}\n")
    high = lambda s: s > 0 and math.log10(s) > math.log10(a.sigma_high) + 1e-12
    labelled = sorted(sigma)
    random.Random(a.seed).shuffle(labelled)
    folds = [labelled[i::a.folds] for i in range(a.folds)]
    run = folds[: a.run_folds] if a.run_folds > 0 else folds
    print(f"place_holdout: {rep}/{name} at k={k}: {len(ids)} structures, {len(sigma)} labelled "
          f"({sum(high(s) for s in sigma.values())} high-sigma); {len(run)} of {a.folds} folds",
          file=sys.stderr)

    fold_rows, placed = [], []
    for fi, held in enumerate(run):
        t0 = time.time()
        held_set = set(held)
        fd = os.path.join(work, f"fold{fi}")
        os.makedirs(fd, exist_ok=True)
        with open(f"{fd}/train_ids.txt", "w") as f:
            f.write("".join(i + "\n" for i in ids if i not in held_set))
        with open(f"{fd}/held_ids.txt", "w") as f:
            f.write("".join(i + "\n" for i in held))
        for which in ("train", "held"):
            with open(f"{fd}/{which}.desc", "wb") as f:
                f.write(sh([tools["records"], "--concat", f"--ids_from={fd}/{which}_ids.txt", desc],
                           log))
        sh([tools["cluster"], f"--k={k}", "--centroids=true", "--quiet",
            f"--threads={a.threads}", f"--matrix_memory_mb={a.matrix_memory_mb}",
            f"--output={fd}/train.clustering", f"{fd}/train.desc"], log)
        sh([tools["place"], f"--clustering={fd}/train.clustering", f"--k={k}",
            f"--labels={labels_csv}", f"--sigma_high={a.sigma_high}", "--quiet",
            f"--clusters_tsv={fd}/clusters.tsv", f"--output={fd}/placement.tsv",
            f"{fd}/held.desc"], log)
        with open(f"{fd}/clusters.tsv") as f:
            clusters = list(csv.DictReader(f, delimiter="\t"))
        n_train = sum(int(c["size"]) for c in clusters)
        in_cand = sum(int(c["size"]) for c in clusters if c["candidate"] != "no")
        base = in_cand / n_train
        with open(f"{fd}/placement.tsv") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        for r in rows:
            s = sigma[r["id"]]
            placed.append({"fold": fi, "id": r["id"], "sigma_s_per_cm": f"{s:.3g}",
                           "high": int(high(s)), "base_rate": f"{base:.4f}",
                           "nearest_cluster": r["nearest_cluster"],
                           "nearest_relative_distance": r["nearest_relative_distance"],
                           "nearest_candidate": r["nearest_candidate"],
                           "ward_cluster": r["ward_cluster"],
                           "ward_candidate": r["ward_candidate"]})
        mine = [p for p in placed if p["fold"] == fi]
        hi = [p for p in mine if p["high"]]
        lo = [p for p in mine if not p["high"]]
        fold_rows.append({
            "fold": fi, "held_out": len(mine), "high": len(hi),
            "high_in_candidate": sum(p["nearest_candidate"] != "no" for p in hi),
            "high_in_candidate_ward": sum(p["ward_candidate"] != "no" for p in hi),
            "low": len(lo),
            "low_in_candidate": sum(p["nearest_candidate"] != "no" for p in lo),
            "candidate_clusters": sum(c["candidate"] != "no" for c in clusters),
            "clusters": len(clusters), "train_structures": n_train,
            "base_rate": f"{base:.4f}", "seconds": f"{time.time() - t0:.0f}"})
        print(f"place_holdout: fold {fi + 1}/{len(run)}: {fold_rows[-1]}", file=sys.stderr)

    def write(path, rows):
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    write(os.path.join(a.output, "folds.tsv"), fold_rows)
    if placed:
        write(os.path.join(a.output, "placements.tsv"), placed)
    hi = [p for p in placed if p["high"]]
    lo = [p for p in placed if not p["high"]]
    n_hi, n_lo = len(hi), len(lo)
    hit = sum(p["nearest_candidate"] != "no" for p in hi)
    hit_w = sum(p["ward_candidate"] != "no" for p in hi)
    hit_lo = sum(p["nearest_candidate"] != "no" for p in lo)
    # Base rate for the high-sigma structures: the mean of their folds'.
    base_hi = sum(float(p["base_rate"]) for p in hi) / n_hi if n_hi else float("nan")
    base_all = sum(float(r["base_rate"]) for r in fold_rows) / len(fold_rows)
    pct = lambda x, n: f"{100 * x / n:.0f} %" if n else "n/a"
    pval = binom_tail(n_hi, hit, base_hi) if n_hi else float("nan")
    lines = [
        f"# Held-out placement: {rep}/{name}, k = {k}",
        "",
        f"{len(ids)} clustered structures, {len(sigma)} labelled "
        f"({sum(high(s) for s in sigma.values())} with sigma > {a.sigma_high:g} S/cm); "
        f"labelled structures split into {a.folds} folds (seed {a.seed}), "
        f"{len(run)} run: each fold held out, the rest clustered again at k = {k} and the "
        f"held-out structures placed with `place`.",
        "",
        "| held-out structures | n | nearest cluster (centroid) is a candidate cluster | "
        "Ward-nearest cluster is a candidate cluster |",
        "|---|---|---|---|",
        f"| high sigma (> {a.sigma_high:g} S/cm) | {n_hi} | {hit} ({pct(hit, n_hi)}) | "
        f"{hit_w} ({pct(hit_w, n_hi)}) |",
        f"| low sigma | {n_lo} | {hit_lo} ({pct(hit_lo, n_lo)}) | "
        f"{sum(p['ward_candidate'] != 'no' for p in lo)} "
        f"({pct(sum(p['ward_candidate'] != 'no' for p in lo), n_lo)}) |",
        "",
        f"Base rate (fraction of the training structures in candidate clusters): "
        f"{100 * base_all:.1f} % (mean over folds; {100 * base_hi:.1f} % averaged over the "
        f"high-sigma structures' folds). One-sided binomial P(>= {hit} of {n_hi} | base "
        f"rate) = {pval:.3g}.",
        "",
    ]
    summary = "\n".join(lines)
    with open(os.path.join(a.output, "summary.md"), "w") as f:
        f.write(summary)
    print(summary)


if __name__ == "__main__":
    main()
