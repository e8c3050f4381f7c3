# The nine representations of every structure.


rule simplify:
    input:
        crystals="results/ingest/all.crystals",
        tool=tool("simplify"),
    output:
        "results/simplified/{rep}.crystals",
    params:
        mobile=config["mobile"],
        volume=config["volume_per_anion_angstrom3"],
    log:
        "results/logs/simplify_{rep}.log",
    benchmark:
        "results/benchmarks/simplify_{rep}.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --scheme={wildcards.rep} --mobile={params.mobile} "
        "--volume_per_anion_angstrom3={params.volume} "
        "--keep_going {input.crystals} --output={output} 2> {log}"
