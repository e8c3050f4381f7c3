"""Coverage of one (representation, descriptor) pair: how many of the
representation's structures the descriptor described, and whether that is
enough to cluster the pair (Snakemake script; the `coverage` checkpoint).

A descriptor skips the structures it is undefined for (with a reason in
results/logs/describe_*.log). Clustering the remnant would score a
representation on a different, biased structure set, so a pair is clustered
only if it covers >= min_coverage of the structures and more than k_max."""
import os
import subprocess

tool = snakemake.input.tool
rep = snakemake.wildcards.rep
descriptor = snakemake.wildcards.descriptor
min_coverage = float(snakemake.params.min_coverage)
k_max = int(snakemake.params.k_max)


def count_records(path):
    """Records in an ionscreen stream (`records --format=tsv` prints a header
    line and one line per record; it validates the whole stream)."""
    out = subprocess.run([tool, "--format=tsv", path], check=True,
                         capture_output=True, text=True).stdout
    return max(0, len(out.splitlines()) - 1)


structures = count_records(snakemake.input.crystals)
described = count_records(snakemake.input.desc)
fraction = described / structures if structures else 0.0
if described <= k_max:
    ok, reason = False, f"{described} structures described, clustering needs more than k_max = {k_max}"
elif fraction < min_coverage:
    ok, reason = False, (f"described {fraction:.1%} of the structures, below min_coverage "
                         f"{min_coverage:.0%}; skip reasons in "
                         f"results/logs/describe_{rep}_{descriptor}_*.log")
else:
    ok, reason = True, ""

out = snakemake.output[0]
with open(out + ".part", "w") as f:
    f.write("representation\tdescriptor\tstructures\tdescribed\tfraction\tclustered\treason\n")
    f.write(f"{rep}\t{descriptor}\t{structures}\t{described}\t{fraction:.4f}\t"
            f"{'yes' if ok else 'no'}\t{reason}\n")
os.replace(out + ".part", out)
with open(snakemake.log[0], "w") as f:
    f.write(f"{rep} {descriptor}: {described} of {structures} described; "
            f"clustered: {'yes' if ok else 'no'} {reason}\n")
