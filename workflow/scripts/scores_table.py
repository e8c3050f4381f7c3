"""Concatenates the per-(representation, descriptor) W_sigma tables with two
key columns (Snakemake script)."""
import os

out = snakemake.output[0]
with open(out + ".part", "w") as f_out:
    header_written = False
    for (rep, d), path in zip(snakemake.params.pairs, snakemake.input):
        with open(path) as f:
            header = f.readline()
            if not header_written:
                f_out.write(f"representation\tdescriptor\t{header}")
                header_written = True
            for line in f:
                f_out.write(f"{rep}\t{d}\t{line}")
os.replace(out + ".part", out)
with open(snakemake.log[0], "w") as f:
    f.write(f"{len(snakemake.input)} score tables\n")
