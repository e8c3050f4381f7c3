"""Concatenates the per-(representation, descriptor) W_sigma tables with two
key columns and, per pair, the number of structures clustered and of labels
matched (Snakemake script). Inputs are results/scores/{rep}/{descriptor}.tsv
for the pairs that passed the coverage rule; the counts come from the
clustering's assignments table and the labels `score` resolved, beside them."""
import os


def count_rows(path):
    """Data rows of a TSV with a header line (None if the file is absent)."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return max(0, sum(1 for _ in f) - 1)


out = snakemake.output[0]
with open(out + ".part", "w") as f_out:
    header_written = False
    for path in snakemake.input:
        rep = os.path.basename(os.path.dirname(path))
        d = os.path.splitext(os.path.basename(path))[0]
        root = os.path.dirname(os.path.dirname(os.path.dirname(path)))  # results/
        structures = count_rows(os.path.join(root, "clusters", rep, d + ".assignments.tsv"))
        labels = count_rows(path[: -len(".tsv")] + ".labels.tsv")
        extra = f"{'' if structures is None else structures}\t{'' if labels is None else labels}"
        with open(path) as f:
            header = f.readline()
            if not header_written:
                f_out.write(f"representation\tdescriptor\tstructures\tmatched_labels\t{header}")
                header_written = True
            for line in f:
                f_out.write(f"{rep}\t{d}\t{extra}\t{line}")
os.replace(out + ".part", out)
with open(snakemake.log[0], "w") as f:
    f.write(f"{len(snakemake.input)} score tables\n")
