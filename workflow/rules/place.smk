# Placing the user's own structures (config new_structures: a directory of
# CIFs) in the clustering the candidates come from, at the candidates' depth:
# results/tables/placement.tsv. The new structures go through the same
# ingest flags, simplification and descriptor parameters as the clustered
# ones (`place` checks the stream headers). Not run when new_structures is
# empty (the default). NEW_STRUCTURES and place_descriptors: common.smk.


rule place_ingest:
    input:
        cifs=lambda wc: NEW_STRUCTURES,
        tool=tool("cif2proto"),
    output:
        "results/place/new.crystals",
    params:
        mobile=config["mobile"],
        unbalanced=config.get("oxidation_unbalanced", "zero"),
    log:
        "results/logs/place_ingest.log",
    benchmark:
        "results/benchmarks/place_ingest.tsv"
    shell:
        "{input.tool} --keep_going --require_element={params.mobile} "
        "--unbalanced={params.unbalanced} --output={output}.part {input.cifs} 2> {log} "
        "&& mv {output}.part {output}"


rule place_simplify:
    wildcard_constraints:
        rep=REP_RE,
    input:
        crystals="results/place/new.crystals",
        tool=tool("simplify"),
    output:
        "results/place/{rep}.crystals",
    params:
        mobile=config["mobile"],
        volume=config["volume_per_anion_angstrom3"],
    log:
        "results/logs/place_simplify_{rep}.log",
    benchmark:
        "results/benchmarks/place_simplify_{rep}.tsv"
    shell:
        "{input.tool} --scheme={wildcards.rep} --mobile={params.mobile} "
        "--volume_per_anion_angstrom3={params.volume} "
        "--keep_going {input.crystals} --output={output}.part 2> {log} "
        "&& mv {output}.part {output}"


rule place_describe:
    wildcard_constraints:
        rep=REP_RE,
        descriptor="[a-z_]+",
    input:
        crystals="results/place/{rep}.crystals",
        elements="results/ingest/elements.txt",
        tool=tool("describe"),
    output:
        "results/place/{rep}/{descriptor}.desc",
    params:
        extra=describe_params,
    log:
        "results/logs/place_describe_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/place_describe_{rep}_{descriptor}.tsv"
    shell:
        "{input.tool} --descriptor={wildcards.descriptor} {params.extra} "
        "--keep_going {input.crystals} > {output}.part 2> {log} "
        "&& mv {output}.part {output}"


rule place_mix:
    wildcard_constraints:
        other="[a-z_0-9]+",
        weight="[0-9.eE+-]+",
    input:
        base=f"results/place/{MIX['representation']}/{MIX['base_descriptor']}.desc",
        other=f"results/place/{MIX['representation']}/{{other}}.desc",
        tool=tool("describe"),
    output:
        "results/place/mix/{other}_{weight}.desc",
    log:
        "results/logs/place_mix_{other}_{weight}.log",
    benchmark:
        "results/benchmarks/place_mix_{other}_{weight}.tsv"
    shell:
        "{input.tool} --mix={input.base}:1,{input.other}:{wildcards.weight} "
        "--keep_going > {output}.part 2> {log} && mv {output}.part {output}"


rule place:
    input:
        clustering=clustering_files(CAND["clustering"], "rank"),
        desc=place_descriptors,
        labels=config["labels"]["files"],
        tool=tool("place"),
    output:
        table="results/tables/placement.tsv",
        clusters="results/place/clusters.tsv",
    params:
        labels=lambda wc, input: ",".join(input.labels),
        duplicates=LABEL_DUPLICATES,
        k=CAND["k"],
        sigma_high=CAND["sigma_high_s_per_cm"],
    log:
        "results/logs/place.log",
    benchmark:
        "results/benchmarks/place.tsv"
    shell:
        "{input.tool} --clustering={input.clustering} --k={params.k} "
        "--labels={params.labels} --label_duplicates={params.duplicates} "
        "--sigma_high={params.sigma_high} --keep_going "
        "--clusters_tsv={output.clusters}.part --output={output.table}.part "
        "{input.desc} 2> {log} "
        "&& mv {output.clusters}.part {output.clusters} "
        "&& mv {output.table}.part {output.table}"
