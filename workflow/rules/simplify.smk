# The nine representations of every structure.


rule simplify:
    input:
        crystals="results/ingest/all.crystals",
        tool=tool("simplify"),
    output:
        "results/simplified/{rep}.crystals",
    log:
        "results/logs/simplify_{rep}.log",
    benchmark:
        "results/benchmarks/simplify_{rep}.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --scheme={wildcards.rep} --mobile={config[mobile]} "
        "--volume_per_anion_angstrom3={config[volume_per_anion_angstrom3]} "
        "--keep_going --input={input.crystals} --output={output} 2> {log}"
