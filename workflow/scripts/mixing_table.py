"""2nd-order SOAP mixing screen: mean W_sigma over k for the base descriptor
and for each mixture, with the relative change (Snakemake script)."""
import csv
import os


def mean_w(path, k_max):
    with open(path) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    vals = [float(r["w_sigma"]) for r in rows if int(r["k"]) <= k_max]
    return sum(vals) / len(vals) if vals else float("nan"), len(vals)


k_max = int(snakemake.config["figure2_k_max"])
base, n = mean_w(snakemake.input.base, k_max)
out = snakemake.output[0]
with open(out + ".part", "w") as f:
    f.write("mixture\tweight\tmean_w_sigma\tchange_vs_base_percent\tk_values\n")
    f.write(f"{snakemake.config['mix']['base_descriptor']}\t0\t{base:.6g}\t0\t{n}\n")
    for path in snakemake.input.mixed:
        name = os.path.basename(path)[: -len(".tsv")]
        other, weight = name.rsplit("_", 1)
        m, n = mean_w(path, k_max)
        f.write(f"{other}\t{weight}\t{m:.6g}\t{100 * (m - base) / base:.3f}\t{n}\n")
os.replace(out + ".part", out)
