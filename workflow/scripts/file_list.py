"""Lists the CIFs of a directory (optionally restricted to ids in a file),
sorted, and keeps every n-th starting at this shard (Snakemake script)."""
import os

directory = snakemake.params.directory
ids_file = snakemake.params.ids
n = int(snakemake.params.shards)
shard = int(snakemake.wildcards.get("shard", 0))
files = sorted(f for f in os.listdir(directory) if f.endswith(".cif"))
if ids_file:
    with open(ids_file) as f:
        ids = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    files = [f for f in files if f[:-4] in ids]
mine = files[shard::n]
with open(snakemake.output[0], "w") as f:
    f.writelines(f"{os.path.join(directory, name)}\n" for name in mine)
with open(snakemake.log[0], "w") as f:
    f.write(f"{len(mine)} of {len(files)} CIFs in shard {shard}\n")
