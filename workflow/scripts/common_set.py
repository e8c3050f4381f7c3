"""The common structure set (Snakemake script; the `common_set` checkpoint):
the structures that every clustered (representation, descriptor) pair
described, as the authors' Step 4 `compiled` set. Writes the ids (input
order of results/ingest/all.crystals) and a table of what each pair lost."""
import os
import subprocess

tool = snakemake.input.tool


def ids_of(path):
    """Record ids of an ionscreen stream, in stream order (`records
    --format=tsv` validates the whole stream and prints an id column)."""
    out = subprocess.run([tool, "--format=tsv", path], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    col = out[0].split("\t").index("id")
    return [line.split("\t")[col] for line in out[1:]]


all_ids = ids_of(snakemake.input.crystals)
common = set(all_ids)
per_pair = []
for path in snakemake.input.descs:
    rep = os.path.basename(os.path.dirname(path))
    d = os.path.splitext(os.path.basename(path))[0]
    ids = set(ids_of(path))
    per_pair.append((rep, d, len(ids)))
    common &= ids

ordered = [i for i in all_ids if i in common]
with open(snakemake.output.ids + ".part", "w") as f:
    f.writelines(i + "\n" for i in ordered)
os.replace(snakemake.output.ids + ".part", snakemake.output.ids)
with open(snakemake.output.table + ".part", "w") as f:
    f.write("representation\tdescriptor\tdescribed\tcommon\tnot_in_common\n")
    f.write(f"all\tall\t{len(all_ids)}\t{len(ordered)}\t{len(all_ids) - len(ordered)}\n")
    for rep, d, n in per_pair:
        f.write(f"{rep}\t{d}\t{n}\t{len(ordered)}\t{n - len(ordered)}\n")
os.replace(snakemake.output.table + ".part", snakemake.output.table)
with open(snakemake.log[0], "w") as f:
    f.write(f"common set: {len(ordered)} of {len(all_ids)} structures, over "
            f"{len(per_pair)} clustered pairs\n")
