"""Structures BVSE is computed for (Snakemake script): with
bvse.structures = filtered, those whose E_hull and band gap (the properties
table cif2proto read) pass the candidates' filters; else all."""
import csv
import os
import subprocess

tool = snakemake.input.tool
ids_out = snakemake.output.ids
which = snakemake.params.which
ehull_max = float(snakemake.params.ehull_max)
gap_min = float(snakemake.params.gap_min)

out = subprocess.run([tool, "--format=tsv", snakemake.input.crystals], check=True,
                     capture_output=True, text=True).stdout.splitlines()
col = out[0].split("\t").index("id")
all_ids = [line.split("\t")[col] for line in out[1:]]

if which == "all":
    keep = all_ids
else:
    props = {}
    with open(snakemake.input.properties) as f:
        rdr = csv.DictReader(f, delimiter="\t")
        hull = next(c for c in rdr.fieldnames if c.startswith("e_above_hull"))
        gap = next(c for c in rdr.fieldnames if c.startswith("band_gap"))
        for r in rdr:
            props[r["mp_id"]] = (r[hull], r[gap])

    def passes(i):
        h, g = props.get(i, ("", ""))
        try:
            return float(h) <= ehull_max + 1e-12 and float(g) >= gap_min - 1e-12
        except ValueError:
            return False  # missing E_hull or gap: rank drops it too

    keep = [i for i in all_ids if passes(i)]
with open(ids_out + ".part", "w") as f:
    f.writelines(i + "\n" for i in keep)
os.replace(ids_out + ".part", ids_out)
with open(snakemake.log[0], "w") as log:
    log.write(f"bvse structures ({which}): {len(keep)} of {len(all_ids)}\n")
    subprocess.run([tool, "--concat", f"--ids_from={ids_out}", snakemake.input.crystals],
                   check=True, stdout=open(snakemake.output.crystals, "wb"), stderr=log)
