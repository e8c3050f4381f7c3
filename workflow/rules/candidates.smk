# BVSE over every structure (sharded), candidate ranking (Table 2), NEB
# inputs for the best candidates, and the report.


rule bvse_structures:
    # BVSE is needed only for structures that can pass the E_hull and band-gap
    # filters (config bvse.structures: filtered); the ids come from the same
    # properties table cif2proto attached to the records.
    input:
        crystals="results/ingest/all.crystals",
        properties=config["data"]["mp_properties"],
        tool=tool("records"),
    output:
        ids="results/bvse/structures.txt",
        crystals=temp("results/bvse/structures.crystals"),
    params:
        which=config["bvse"].get("structures", "filtered"),
        ehull_max=CAND["ehull_max_ev"],
        gap_min=CAND["gap_min_ev"],
    log:
        "results/logs/bvse_structures.log",
    benchmark:
        "results/benchmarks/bvse_structures.tsv"
    script:
        "../scripts/bvse_structures.py"


rule shard_crystals:
    input:
        crystals="results/bvse/structures.crystals",
        tool=tool("records"),
    output:
        temp("results/shards/all_{shard}.crystals"),
    params:
        shards=config["shards"],
    log:
        "results/logs/shard_all_{shard}.log",
    benchmark:
        "results/benchmarks/shard_all_{shard}.tsv"
    shell:
        "{input.tool} --concat --shard={wildcards.shard}/{params.shards} "
        "{input.crystals} > {output} 2> {log}"


rule bvse_shard:
    input:
        crystals="results/shards/all_{shard}.crystals",
        params_dir=BVSE_DIR,
        tool=tool("bvse"),
    output:
        stream=temp("results/bvse/bvse_{shard}.stream"),
        tsv=temp("results/bvse/bvse_{shard}.tsv"),
    params:
        mobile=config["mobile"],
        resolution=config["bvse"]["resolution_angstrom"],
    # bvse threads split one structure's grid planes, which pays only for
    # large grids; shards in parallel use the cores better.
    threads: max(1, THREADS // len(SHARDS))
    resources:
        mem_mb=4000,
    log:
        "results/logs/bvse_{shard}.log",
    benchmark:
        "results/benchmarks/bvse_{shard}.tsv"
    shell:
        "{input.tool} --keep_going --mobile={params.mobile} --threads={threads} "
        "--resolution={params.resolution} "
        "--hop_path --params_dir={input.params_dir} {input.crystals} "
        "--output={output.stream} --tsv={output.tsv} 2> {log}"


rule bvse_merge:
    input:
        streams=expand("results/bvse/bvse_{shard}.stream", shard=SHARDS),
        tsvs=expand("results/bvse/bvse_{shard}.tsv", shard=SHARDS),
        tool=tool("records"),
    output:
        stream="results/bvse/bvse.stream",
        tsv="results/bvse/bvse.tsv",
    log:
        "results/logs/bvse_merge.log",
    benchmark:
        "results/benchmarks/bvse_merge.tsv"
    shell:
        "{input.tool} --concat {input.streams} > {output.stream}.part 2> {log} "
        "&& awk 'FNR > 1 || NR == 1' {input.tsvs} > {output.tsv}.part "
        "&& mv {output.stream}.part {output.stream} && mv {output.tsv}.part {output.tsv}"


rule rank:
    input:
        clustering=clustering_files(CAND["clustering"], "rank"),
        crystals="results/ingest/all.crystals",
        bvse="results/bvse/bvse.stream",
        labels=config["labels"]["files"],
        tool=tool("rank"),
    output:
        table="results/tables/candidates.tsv",
        null="results/tables/candidates_null.tsv",
    params:
        labels=lambda wc, input: ",".join(input.labels),
        duplicates=LABEL_DUPLICATES,
        draws=CAND.get("null_draws", 1000),
        seed=config["seed"],
        k=CAND["k"],
        sigma_high=CAND["sigma_high_s_per_cm"],
        ehull_max=CAND["ehull_max_ev"],
        gap_min=CAND["gap_min_ev"],
        ea_max=CAND["ea_max_ev"],
    log:
        "results/logs/rank.log",
    benchmark:
        "results/benchmarks/rank.tsv"
    shell:
        "{input.tool} --clustering={input.clustering} --crystals={input.crystals} "
        "--bvse={input.bvse} --labels={params.labels} --label_duplicates={params.duplicates} "
        "--k={params.k} "
        "--sigma_high={params.sigma_high} --ehull_max={params.ehull_max} "
        "--gap_min={params.gap_min} --ea_max={params.ea_max} "
        "--null_tsv={output.null}.part --null_draws={params.draws} --seed={params.seed} "
        "--output={output.table}.part 2> {log} && mv {output.null}.part {output.null} "
        "&& mv {output.table}.part {output.table}"


rule table2:
    input:
        "results/tables/candidates.tsv",
    output:
        tsv="results/tables/table2.tsv",
        md="results/tables/table2.md",
    log:
        "results/logs/table2.log",
    benchmark:
        "results/benchmarks/table2.tsv"
    script:
        "../scripts/table2.py"


rule report:
    input:
        summary="results/ingest/summary.tsv",
        common="results/tables/common_set.tsv",
        scores="results/tables/scores.tsv",
        candidates="results/tables/candidates.tsv",
        null="results/tables/candidates_null.tsv",
        ranking="results/figures/figure2.png",
        mixing="results/tables/mixing.tsv",
        coverage="results/tables/coverage.tsv",
        table2="results/tables/table2.tsv",
        figure3="results/tables/figure3_clusters.tsv",
        bvse="results/bvse/bvse.tsv",
        index=config["data"]["mp_properties"],
    output:
        "results/report.md",
    params:
        best=lambda wc: clustering_name(CAND["clustering"]),
    log:
        "results/logs/report.log",
    benchmark:
        "results/benchmarks/report.tsv"
    script:
        "../scripts/report.py"


rule neb:
    input:
        table="results/tables/table2.tsv",
        crystals="results/ingest/all.crystals",
        bvse="results/bvse/bvse.stream",
        tool=tool("neb-prep"),
    output:
        "results/neb/README.md",
    params:
        top=config["neb"]["top"],
        min_length=config["neb"]["min_length_angstrom"],
    log:
        "results/logs/neb.log",
    benchmark:
        "results/benchmarks/neb.tsv"
    shell:
        """
        : > {log}
        ids=$(awk -F'\\t' 'NR > 1 && $4 != "" {{print $4}}' {input.table} | head -n {params.top})
        {{ echo "# NEB inputs (Quantum ESPRESSO neb.x / pw.x) for the top candidates"; echo; echo "In each folder: pw.x -inp relax_initial.in, pw.x -inp relax_final.in, then neb.x -inp neb_plain.in and neb.x -inp neb_climb.in (plain NEB, then a climbing-image restart, as the paper ran them)."; echo; }} > {output}.part
        for id in $ids; do
          mkdir -p results/neb/$id
          {input.tool} {input.crystals} --bvse={input.bvse} --id=$id \
            --min_length={params.min_length} --output=results/neb/$id 2>> {log}
          echo "- $id: results/neb/$id/ relax_initial.in, relax_final.in, then neb_plain.in (plain NEB) and neb_climb.in (climbing-image restart, same folder)" >> {output}.part
        done
        mv {output}.part {output}
        """
