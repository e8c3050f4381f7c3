# Ward clustering into k_min..k_max clusters and W_sigma scores per
# representation x descriptor, plus the 2nd-order SOAP mixing screen.

K_RANGE = f"{config['k_min']}:{config['k_max']}"


rule cluster:
    input:
        desc="results/descriptors/{rep}/{descriptor}.desc",
        tool=tool("cluster"),
    output:
        multiext("results/clusters/{rep}/{descriptor}",
                 ".clustering", ".linkage.tsv", ".assignments.tsv"),
    threads: int(config["threads"])
    resources:
        mem_mb=2000,
    log:
        "results/logs/cluster_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/cluster_{rep}_{descriptor}.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --k={K_RANGE} --threads={threads} "
        "--linkage_tsv={output[1]}.part --assignments_tsv={output[2]}.part "
        "--out={output[0]}.part {input.desc} 2> {log} "
        "&& mv {output[1]}.part {output[1]} "
        "&& mv {output[2]}.part {output[2]} "
        "&& mv {output[0]}.part {output[0]}"


rule score:
    input:
        clustering="results/clusters/{rep}/{descriptor}.clustering",
        labels=config["labels"]["files"],
        tool=tool("score"),
    output:
        "results/scores/{rep}/{descriptor}.tsv",
    log:
        "results/logs/score_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/score_{rep}_{descriptor}.tsv"
    params:
        labels=lambda wc, input: ",".join(input.labels),
    shell:
        "{input.tool} --labels={params.labels} --below_bound={config[labels][censored]} "
        "--control_draws={config[control_draws]} --seed={config[seed]} "
        "--tsv={output}.part --out=/dev/null {input.clustering} 2> {log} "
        "&& mv {output}.part {output}"


rule scores_table:
    input:
        [f"results/scores/{rep}/{d}.tsv" for rep, d in pairs()],
    output:
        "results/tables/scores.tsv",
    log:
        "results/logs/scores_table.log",
    benchmark:
        "results/benchmarks/scores_table.tsv"
    run:
        # Concatenates the per-representation tables with two key columns.
        with open(output[0] + ".part", "w") as out:
            header_written = False
            for (rep, d), path in zip(pairs(), input):
                with open(path) as f:
                    header = f.readline()
                    if not header_written:
                        out.write("representation\tdescriptor\t" + header)
                        header_written = True
                    for line in f:
                        out.write(f"{rep}\t{d}\t{line}")
        os.replace(output[0] + ".part", output[0])
        with open(log[0], "w") as f:
            f.write(f"{len(input)} score tables\n")


MIX = config["mix"]


rule mix:
    wildcard_constraints:
        other="[a-z_0-9]+",
        weight="[0-9.eE+-]+",
    input:
        base=f"results/descriptors/{MIX['representation']}/{MIX['base_descriptor']}.desc",
        other=f"results/descriptors/{MIX['representation']}/{{other}}.desc",
        tool=tool("describe"),
    output:
        temp("results/descriptors/mix/{other}_{weight}.desc"),
    log:
        "results/logs/mix_{other}_{weight}.log",
    benchmark:
        "results/benchmarks/mix_{other}_{weight}.tsv"
    shell:
        "{input.tool} --mix={input.base}:1,{input.other}:{wildcards.weight} "
        "> {output} 2> {log}"


def mix_pairs():
    base = MIX["base_descriptor"]
    others = [d for r, d in pairs() if r == MIX["representation"] and d != base]
    return [(o, w) for o in others for w in MIX["weights"]]


rule mixing_table:
    input:
        base=f"results/scores/{MIX['representation']}/{MIX['base_descriptor']}.tsv",
        mixed=[f"results/scores/mix/{o}_{w}.tsv" for o, w in mix_pairs()],
    output:
        "results/tables/mixing.tsv",
    log:
        "results/logs/mixing_table.log",
    benchmark:
        "results/benchmarks/mixing_table.tsv"
    script:
        "../scripts/mixing_table.py"
