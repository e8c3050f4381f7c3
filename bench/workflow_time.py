#!/usr/bin/env python3
"""Where a workflow run spent its time: sums Snakemake's benchmark files
(results/benchmarks/*.tsv, one per job) by rule, and prints a Markdown table
of jobs, summed job wall time, summed CPU time and the largest peak memory.

Usage: python3 bench/workflow_time.py [RESULTS_DIR] [CORES]
  RESULTS_DIR defaults to results/; CORES (default: this machine's) turns
  the CPU total into the wall time a perfectly packed run would need.
Job names come from the benchmark file names (results/benchmarks/<rule>_...),
matched against the workflow's rule names."""
import csv
import os
import re
import sys

RULES = [  # longest first, so describe_merge is not counted as describe
    "describe_merge", "describe", "shard_simplified", "shard_crystals", "shard",
    "common_desc", "common_set", "bvse_structures", "score_obelix_labels",
    "sensitivity_obelix_labels",
    "ingest_mp", "ingest_obelix", "ingest_summary", "merge_crystals", "file_list",
    "obelix_list", "elements", "simplify", "coverage_table", "coverage", "cluster",
    "scores_table", "score", "mixing_table", "mix", "bvse_merge", "bvse", "figure2",
    "figure3", "table2", "rank", "neb", "report",
]


def rule_of(name):
    for r in RULES:
        if name == r or name.startswith(r + "_"):
            return r
    return re.sub(r"_.*", "", name)


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "results"
    cores = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count()
    bdir = os.path.join(results, "benchmarks")
    if not os.path.isdir(bdir):
        sys.exit(f"workflow_time: no {bdir}: run the workflow first")
    by_rule = {}
    by_descriptor = {}  # describe jobs by descriptor: where describe's time goes
    for f in sorted(os.listdir(bdir)):
        if not f.endswith(".tsv"):
            continue
        with open(os.path.join(bdir, f)) as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        if not rows:
            continue
        r = rows[-1]
        agg = by_rule.setdefault(rule_of(f[:-4]), [0, 0.0, 0.0, 0.0])
        agg[0] += 1
        agg[1] += float(r["s"])
        cpu = float(r["cpu_time"]) if r.get("cpu_time") not in (None, "", "NA", "-") else 0.0
        agg[2] += cpu
        try:
            agg[3] = max(agg[3], float(r["max_rss"]))
        except ValueError:
            pass
        m = re.match(r"describe_(?:none|CAMN|CAN|AM|A)(?:-40)?_([a-z_]+)_\d+$", f[:-4])
        if m:
            d = by_descriptor.setdefault(m.group(1), [0.0, 0.0])
            d[0] += float(r["s"])
            d[1] += cpu
    print(f"| rule | jobs | job wall time (sum) | CPU time (sum) | peak RSS |")
    print("|---|---|---|---|---|")
    tot_wall = tot_cpu = 0.0
    for rule, (n, wall, cpu, rss) in sorted(by_rule.items(), key=lambda kv: -kv[1][2]):
        tot_wall += wall
        tot_cpu += cpu
        print(f"| {rule} | {n} | {wall / 60:.1f} min | {cpu / 60:.1f} min | {rss:.0f} MB |")
    print(f"| **total** | {sum(v[0] for v in by_rule.values())} | {tot_wall / 3600:.2f} h | "
          f"{tot_cpu / 3600:.2f} h | |")
    if by_descriptor:
        print("\n| describe: descriptor | job wall time (sum) | CPU time (sum) |")
        print("|---|---|---|")
        for d, (wall, cpu) in sorted(by_descriptor.items(), key=lambda kv: -kv[1][1]):
            print(f"| {d} | {wall / 60:.1f} min | {cpu / 60:.1f} min |")
    print(f"\nCPU time / {cores} cores = {tot_cpu / cores / 3600:.2f} h "
          f"(the wall time of a perfectly packed run on {cores} cores).")


if __name__ == "__main__":
    main()
