"""Table 2: candidates on the convex hull (E_hull = 0) ranked by BVSE Ea, as
TSV and Markdown (Snakemake script)."""
import csv
import os

with open(snakemake.input[0]) as f:
    rows = list(csv.DictReader(f, delimiter="\t"))
fields = ["compound", "space_group", "mp_id", "icsd_id", "cluster", "ea_bvse_ev",
          "e_above_hull_ev", "band_gap_ev", "labels_in_cluster"]


def on_hull(r):
    try:
        return abs(float(r["e_above_hull_ev"])) < 1e-6
    except ValueError:
        return False


table = [r for r in rows if on_hull(r)]
tsv, md = snakemake.output.tsv, snakemake.output.md
with open(tsv + ".part", "w") as f:
    f.write("rank\t" + "\t".join(fields) + "\n")
    for i, r in enumerate(table, 1):
        f.write(f"{i}\t" + "\t".join(r.get(k, "") for k in fields) + "\n")
os.replace(tsv + ".part", tsv)
with open(md + ".part", "w") as f:
    f.write(f"# Table 2: candidates on the hull ranked by BVSE Ea\n\n"
            f"{len(rows)} candidates passed the filters; {len(table)} have E_hull = 0.\n\n")
    f.write("| # | compound | space group | MP id | ICSD | cluster | Ea BVSE (meV) | gap (eV) |\n")
    f.write("|---|---|---|---|---|---|---|---|\n")
    for i, r in enumerate(table, 1):
        try:
            ea = f"{1000 * float(r['ea_bvse_ev']):.0f}"
        except ValueError:
            ea = r["ea_bvse_ev"]
        f.write(f"| {i} | {r['compound']} | {r['space_group']} | {r['mp_id']} | "
                f"{r['icsd_id']} | {r['cluster']} | {ea} | {r['band_gap_ev']} |\n")
os.replace(md + ".part", md)
