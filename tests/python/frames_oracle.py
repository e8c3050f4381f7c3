#!/usr/bin/python3
"""Oracle: ionscreen.to_dataframe against the C++ tools' own text forms.

usage: frames_oracle.py RECORDS DESCRIPTORS CLUSTERING SCORE SCORE_TSV BVSE BVSE_TSV

Each stream is also printed by `records --format=json` (protobuf's JSON
printer, C++); every scalar field there must equal the frame's column of the
same name in the record's row(s); descriptor vectors must equal the frame's
feature columns (named by the header's feature labels) exactly; every cut's
assignment must equal its cluster_k<k> column; the Score frame's per-k
columns must equal `score --tsv` (written to 12 digits: 1e-10 relative) and
the BvseResult frame `bvse --tsv`'s barriers (6 decimals).
"""
import json
import math
import subprocess
import sys

import ionscreen

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("MISMATCH\t" + what)


def json_records(records_bin, path):
    out = subprocess.run([records_bin, "--format=json", path], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    header = json.loads(out[0])["header"]
    return header, [json.loads(line) for line in out[1:]]


def same(a, b):
    if isinstance(b, bool) or isinstance(a, bool):
        return bool(a) == bool(b)
    try:
        fa, fb = float(a), float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)
    return fa == fb or (math.isnan(fa) and math.isnan(fb))


def check_scalars(what, rec, row):
    for key, value in rec.items():
        if isinstance(value, (list, dict)):
            continue
        check(key in row.index and same(row[key], value),
              f"{what}: {key} = {row.get(key)!r}, JSON {value!r}")


def read_tsv(path):
    lines = open(path).read().splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:]]


def main():
    records, desc, clu, score, score_tsv, bvse, bvse_tsv = sys.argv[1:8]

    header, recs = json_records(records, desc)
    df = ionscreen.to_dataframe(desc)
    labels = header.get("feature_labels", [])
    check(len(df) == len(recs) > 0, f"descriptors: {len(df)} rows, {len(recs)} records")
    check(list(df.columns[4:]) == labels, "descriptor columns are not the feature labels")
    for i, rec in enumerate(recs):
        row = df.iloc[i]
        check(row["id"] == rec["id"], f"descriptor row {i}: id")
        check([float(x) for x in row[labels]] == [float(x) for x in rec.get("values", [])],
              f"descriptor {rec['id']}: values differ")
    print(f"descriptors: {len(df)} rows x {len(labels)} features {labels}")

    _, recs = json_records(records, clu)
    df = ionscreen.to_dataframe(clu)
    n = sum(len(r["ids"]) for r in recs)
    check(len(df) == n, f"clustering: {len(df)} rows, {n} items")
    ks = []
    for r, rec in enumerate(recs):
        part = df[df["record"] == r]
        check(list(part["id"]) == rec["ids"], f"clustering {r}: ids")
        for cut in rec.get("cuts", []):
            ks.append(cut["k"])
            check(list(part[f"cluster_k{cut['k']}"]) == cut["assignment"],
                  f"clustering {r}: cut at k={cut['k']}")
    print(f"clustering: {len(df)} rows, cuts k = {min(ks)}..{max(ks)}")

    _, recs = json_records(records, score)
    df = ionscreen.to_dataframe(score)
    check(len(df) == sum(len(r.get("levels", [])) for r in recs), "score: rows != levels")
    for r, rec in enumerate(recs):
        part = df[df["record"] == r]
        check_scalars(f"score {r}", {k: v for k, v in rec.items() if k != "levels"},
                      part.iloc[0])
        for (_, row), level in zip(part.iterrows(), rec["levels"]):
            check_scalars(f"score {r} k={level['k']}", level, row)
    tsv = read_tsv(score_tsv)
    check(len(tsv) == len(df), "score: TSV rows")
    for (_, row), t in zip(df.iterrows(), tsv):
        for col, tcol in (("k", "k"), ("num_clusters", "num_clusters"),
                          ("w", f"w_{row['label']}"), ("control_w_mean", "control_w_mean"),
                          ("uniform_control_w_mean", "uniform_control_w_mean")):
            a, b = float(row[col]), float(t[tcol])
            check(abs(a - b) <= 1e-10 * max(1.0, abs(b)), f"score k={row['k']}: {col} {a} vs TSV {b}")
    print(f"score: {len(df)} rows (k = {df['k'].min()}..{df['k'].max()}), W at k=2: {df['w'].iloc[0]:.6g}")

    _, recs = json_records(records, bvse)
    df = ionscreen.to_dataframe(bvse)
    check(len(df) == len(recs) > 0, "bvse: rows")
    for i, rec in enumerate(recs):
        row = df.iloc[i]
        check_scalars(f"bvse {rec['id']}", rec, row)
        if "hop" in rec:
            check_scalars(f"bvse {rec['id']} hop",
                          {k if k.startswith("hop_") else f"hop_{k}": v
                           for k, v in rec["hop"].items()}, row)
    tsv = read_tsv(bvse_tsv)
    for t in tsv:
        row = df[df["id"] == t["id"]].iloc[0]
        for col in ("ea_1d_ev", "ea_2d_ev", "ea_3d_ev"):
            if col in t:
                check(abs(float(row[col]) - float(t[col])) <= 5e-6,
                      f"bvse {t['id']}: {col} {row[col]} vs TSV {t[col]}")
    print(f"bvse: {len(df)} rows, columns {list(df.columns)}")

    print(f"{len(failures)} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
