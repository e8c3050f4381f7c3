# Ward clustering into k_min..k_max clusters and W_sigma scores per
# representation x descriptor, plus the 2nd-order SOAP mixing screen.


checkpoint coverage:
    # Decides whether a pair is clustered: a descriptor that is undefined for
    # most structures of a representation (e.g. the global instability index
    # of anion-only structures) would be clustered on a biased remnant.
    wildcard_constraints:
        rep=REP_RE,
        descriptor="[a-z_]+",
    input:
        desc="results/descriptors/{rep}/{descriptor}.desc",
        crystals="results/simplified/{rep}.crystals",
        tool=tool("records"),
    output:
        "results/coverage/{rep}/{descriptor}.tsv",
    params:
        min_coverage=config["min_coverage"],
        k_max=config["k_max"],
    log:
        "results/logs/coverage_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/coverage_{rep}_{descriptor}.tsv"
    script:
        "../scripts/coverage.py"


rule coverage_table:
    input:
        coverage_tables(),
    output:
        "results/tables/coverage.tsv",
    log:
        "results/logs/coverage_table.log",
    benchmark:
        "results/benchmarks/coverage_table.tsv"
    shell:
        "awk 'FNR > 1 || NR == 1' {input} > {output}.part 2> {log} && mv {output}.part {output}"


checkpoint common_set:
    # The authors score every pair on one structure set (Step4's `compiled`:
    # the structures every descriptor described), so W_sigma sums over the
    # same labels for every pair. Pairs below min_coverage are left out first
    # (they would shrink the set to almost nothing; coverage.tsv lists them).
    input:
        coverage="results/tables/coverage.tsv",
        descs=lambda wc: [f"results/descriptors/{r}/{d}.desc" for r, d in clustered_pairs()],
        crystals="results/ingest/all.crystals",
        tool=tool("records"),
    output:
        ids="results/common/ids.txt",
        table="results/tables/common_set.tsv",
    log:
        "results/logs/common_set.log",
    benchmark:
        "results/benchmarks/common_set.tsv"
    script:
        "../scripts/common_set.py"


rule common_desc:
    # A pair's descriptor stream cut to the common structure set.
    wildcard_constraints:
        rep=REP_RE,
        descriptor="[a-z_]+",
    input:
        desc="results/descriptors/{rep}/{descriptor}.desc",
        ids="results/common/ids.txt",
        tool=tool("records"),
    output:
        # Not temp: the two-stage mixing screen reads the base again after a
        # checkpoint, which Snakemake cannot do for a deleted temp file.
        "results/common/{rep}/{descriptor}.desc",
    log:
        "results/logs/common_desc_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/common_desc_{rep}_{descriptor}.tsv"
    shell:
        "{input.tool} --concat --ids_from={input.ids} {input.desc} > {output}.part 2> {log} "
        "&& mv {output}.part {output}"


rule cluster:
    wildcard_constraints:
        descriptor=r"(?!.*\.k[0-9]+$)[a-z_0-9.eE+-]+",
    input:
        desc=lambda wc: desc_for_clustering(wc.rep, wc.descriptor),
        tool=tool("cluster"),
    output:
        clustering="results/clusters/{rep}/{descriptor}.clustering",
        linkage="results/clusters/{rep}/{descriptor}.linkage.tsv",
        assignments="results/clusters/{rep}/{descriptor}.assignments.tsv",
    params:
        k=K_RANGE,
        matrix_mb=config["cluster_matrix_memory_mb"],
    threads: THREADS
    resources:
        mem_mb=int(config["cluster_matrix_memory_mb"]) + 1000,
    log:
        "results/logs/cluster_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/cluster_{rep}_{descriptor}.tsv"
    shell:
        # No centroids: for k = 2..300 they outgrow a stream record at D ~ 1,800
        # (656 MB) and only `rank` needs them, at one k (rule cluster_for_rank).
        "{input.tool} --k={params.k} --threads={threads} --matrix_memory_mb={params.matrix_mb} "
        "--centroids=false "
        "--linkage_tsv={output.linkage}.part --assignments_tsv={output.assignments}.part "
        "--output={output.clustering}.part {input.desc} 2> {log} "
        "&& mv {output.linkage}.part {output.linkage} "
        "&& mv {output.assignments}.part {output.assignments} "
        "&& mv {output.clustering}.part {output.clustering}"


rule cluster_for_rank:
    # The candidates' clustering again, at the candidates' depth with its
    # centroids ("nearest cluster" needs them); Ward is deterministic, so the
    # tree is the one scored.
    wildcard_constraints:
        descriptor="[a-z_0-9.eE+-]+?",
        k="[0-9]+",
    input:
        desc=lambda wc: desc_for_clustering(wc.rep, wc.descriptor),
        tool=tool("cluster"),
    output:
        "results/clusters/{rep}/{descriptor}.k{k}.clustering",
    params:
        matrix_mb=config["cluster_matrix_memory_mb"],
    threads: THREADS
    resources:
        mem_mb=int(config["cluster_matrix_memory_mb"]) + 1000,
    log:
        "results/logs/cluster_for_rank_{rep}_{descriptor}_{k}.log",
    benchmark:
        "results/benchmarks/cluster_for_rank_{rep}_{descriptor}_{k}.tsv"
    shell:
        "{input.tool} --k={wildcards.k} --threads={threads} "
        "--matrix_memory_mb={params.matrix_mb} --output={output}.part {input.desc} 2> {log} "
        "&& mv {output}.part {output}"


rule score:
    input:
        clustering="results/clusters/{rep}/{descriptor}.clustering",
        labels=config["labels"]["files"],
        tool=tool("score"),
    output:
        tsv="results/scores/{rep}/{descriptor}.tsv",
        stream="results/scores/{rep}/{descriptor}.score",
        labels="results/scores/{rep}/{descriptor}.labels.tsv",
    log:
        "results/logs/score_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/score_{rep}_{descriptor}.tsv"
    threads: 1
    params:
        labels=lambda wc, input: ",".join(input.labels),
        censored=config["labels"]["censored"],
        duplicates=LABEL_DUPLICATES,
        draws=config["control_draws"],
        seed=config["seed"],
    shell:
        "{input.tool} --labels={params.labels} --below_bound={params.censored} "
        "--label_duplicates={params.duplicates} "
        "--control_draws={params.draws} --seed={params.seed} --threads={threads} "
        "--labels_tsv={output.labels}.part "
        "--tsv={output.tsv}.part --output={output.stream}.part {input.clustering} 2> {log} "
        "&& mv {output.labels}.part {output.labels} "
        "&& mv {output.tsv}.part {output.tsv} && mv {output.stream}.part {output.stream}"


rule score_obelix_labels:
    # The sensitivity run: the same clusterings scored with the paper's labels
    # and OBELiX's (target `sensitivity_obelix_labels`).
    input:
        clustering="results/clusters/{rep}/{descriptor}.clustering",
        labels=[config["labels"]["files"][0], config["data"]["obelix_csv"]],
        tool=tool("score"),
    output:
        tsv="results/sensitivity/obelix_labels/scores/{rep}/{descriptor}.tsv",
    log:
        "results/logs/score_obelix_labels_{rep}_{descriptor}.log",
    benchmark:
        "results/benchmarks/score_obelix_labels_{rep}_{descriptor}.tsv"
    params:
        labels=lambda wc, input: ",".join(input.labels),
        censored=config["labels"]["censored"],
        duplicates=LABEL_DUPLICATES,
        draws=config["control_draws"],
        seed=config["seed"],
    shell:
        "{input.tool} --labels={params.labels} --below_bound={params.censored} "
        "--label_duplicates={params.duplicates} "
        "--control_draws={params.draws} --seed={params.seed} "
        "--tsv={output.tsv}.part {input.clustering} 2> {log} "
        "&& mv {output.tsv}.part {output.tsv}"


rule sensitivity_obelix_labels:
    input:
        lambda wc: [f"results/sensitivity/obelix_labels/scores/{r}/{d}.tsv"
                    for r, d in clustered_pairs()],
    output:
        scores="results/sensitivity/obelix_labels/scores.tsv",
    log:
        "results/logs/sensitivity_obelix_labels.log",
    benchmark:
        "results/benchmarks/sensitivity_obelix_labels.tsv"
    script:
        "../scripts/scores_table.py"


rule scores_table:
    input:
        score_tables,
    output:
        "results/tables/scores.tsv",
    log:
        "results/logs/scores_table.log",
    benchmark:
        "results/benchmarks/scores_table.tsv"
    script:
        "../scripts/scores_table.py"


rule mix:
    wildcard_constraints:
        other="[a-z_0-9]+",
        weight="[0-9.eE+-]+",
    input:
        base=desc_for_clustering(MIX["representation"], MIX["base_descriptor"]),
        other=lambda wc: desc_for_clustering(MIX["representation"], wc.other),
        tool=tool("describe"),
    output:
        temp("results/descriptors/mix/{other}_{weight}.desc"),
    log:
        "results/logs/mix_{other}_{weight}.log",
    benchmark:
        "results/benchmarks/mix_{other}_{weight}.tsv"
    shell:
        # --keep_going: mix the structures both descriptors describe (the
        # dropped ones are listed in the log).
        "{input.tool} --mix={input.base}:1,{input.other}:{wildcards.weight} "
        "--keep_going > {output} 2> {log}"


checkpoint mix_stage1:
    # Two-stage screen only: every other descriptor at one weight.
    input:
        base=f"results/scores/{MIX['representation']}/{MIX['base_descriptor']}.tsv",
        mixed=mix_stage1_score_tables,
    output:
        "results/tables/mixing_stage1.tsv",
    log:
        "results/logs/mix_stage1.log",
    benchmark:
        "results/benchmarks/mix_stage1.tsv"
    script:
        "../scripts/mixing_table.py"


checkpoint mixing_table:
    input:
        base=f"results/scores/{MIX['representation']}/{MIX['base_descriptor']}.tsv",
        mixed=mixed_score_tables,
    output:
        "results/tables/mixing.tsv",
    log:
        "results/logs/mixing_table.log",
    benchmark:
        "results/benchmarks/mixing_table.tsv"
    script:
        "../scripts/mixing_table.py"
