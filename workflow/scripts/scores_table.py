"""Concatenates the per-(representation, descriptor) W_sigma tables with two
key columns (Snakemake script). Inputs are results/scores/{rep}/{descriptor}.tsv
for the pairs that passed the coverage rule."""
import os

out = snakemake.output[0]
with open(out + ".part", "w") as f_out:
    header_written = False
    for path in snakemake.input:
        rep = os.path.basename(os.path.dirname(path))
        d = os.path.splitext(os.path.basename(path))[0]
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
