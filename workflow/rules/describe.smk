# Descriptors per representation, computed on shards in parallel and
# concatenated (the shards spread over a cluster with the SLURM profile).


rule shard_simplified:
    wildcard_constraints:
        rep=REP_RE,
    input:
        crystals="results/simplified/{rep}.crystals",
        tool=tool("records"),
    output:
        temp("results/shards/{rep}_{shard}.crystals"),
    params:
        shards=config["shards"],
    log:
        "results/logs/shard_{rep}_{shard}.log",
    benchmark:
        "results/benchmarks/shard_{rep}_{shard}.tsv"
    shell:
        "{input.tool} --concat --shard={wildcards.shard}/{params.shards} "
        "{input.crystals} > {output} 2> {log}"


rule describe_shard:
    wildcard_constraints:
        rep=REP_RE,
        descriptor="[a-z_]+",
    input:
        crystals="results/shards/{rep}_{shard}.crystals",
        elements="results/ingest/elements.txt",
        tool=tool("describe"),
    output:
        temp("results/descriptor_shards/{rep}/{descriptor}/{shard}.desc"),
    params:
        extra=describe_params,
    threads: THREADS
    resources:
        mem_mb=4000,
    log:
        "results/logs/describe_{rep}_{descriptor}_{shard}.log",
    benchmark:
        "results/benchmarks/describe_{rep}_{descriptor}_{shard}.tsv"
    shell:
        "{input.tool} --descriptor={wildcards.descriptor} {params.extra} "
        "--threads={threads} --keep_going {input.crystals} "
        "> {output} 2> {log}"


rule describe_merge:
    wildcard_constraints:
        rep=REP_RE,
        descriptor="[a-z_]+",
    input:
        shards=expand("results/descriptor_shards/{{rep}}/{{descriptor}}/{shard}.desc",
                      shard=SHARDS),
        tool=tool("records"),
    output:
        "results/descriptors/{rep}/{descriptor}.desc",
    log:
        "results/logs/describe_merge_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/describe_merge_{rep}_{descriptor}.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --concat {input.shards} > {output}.part 2> {log} "
        "&& mv {output}.part {output}"


rule elements:
    input:
        "results/ingest/summary.tsv",
    output:
        "results/ingest/elements.txt",
    log:
        "results/logs/elements.log",
    benchmark:
        "results/benchmarks/elements.tsv"
    script:
        "../scripts/elements.py"
