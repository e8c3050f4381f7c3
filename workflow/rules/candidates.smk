# BVSE over every structure (sharded), candidate ranking (Table 2), NEB
# inputs for the best candidates, and the report.

CAND = config["candidates"]


rule shard_crystals:
    input:
        crystals="results/ingest/all.crystals",
        tool=tool("records"),
    output:
        temp("results/shards/all_{shard}.crystals"),
    log:
        "results/logs/shard_all_{shard}.log",
    benchmark:
        "results/benchmarks/shard_all_{shard}.tsv"
    shell:
        "{input.tool} --concat --shard={wildcards.shard}/{config[shards]} "
        "{input.crystals} > {output} 2> {log}"


rule bvse_shard:
    input:
        crystals="results/shards/all_{shard}.crystals",
        params_dir=os.path.dirname(config["data"]["mp_properties"]) + "/../bvse",
        tool=tool("bvse"),
    output:
        stream=temp("results/bvse/bvse_{shard}.stream"),
        tsv=temp("results/bvse/bvse_{shard}.tsv"),
    resources:
        mem_mb=4000,
    log:
        "results/logs/bvse_{shard}.log",
    benchmark:
        "results/benchmarks/bvse_{shard}.tsv"
    shell:
        "{input.tool} --keep_going --mobile={config[mobile]} "
        "--resolution={config[bvse][resolution_angstrom]} "
        "--params_dir={input.params_dir} --input={input.crystals} "
        "--output={output.stream} --tsv={output.tsv} 2> {log}"


rule bvse_merge:
    input:
        streams=expand("results/bvse/bvse_{shard}.stream", shard=SHARDS),
        tsvs=expand("results/bvse/bvse_{shard}.tsv", shard=SHARDS),
        tool=tool("records"),
    output:
        multiext("results/bvse/bvse", ".stream", ".tsv"),
    log:
        "results/logs/bvse_merge.log",
    benchmark:
        "results/benchmarks/bvse_merge.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --concat {input.streams} > {output[0]}.part 2> {log} "
        "&& awk 'FNR > 1 || NR == 1' {input.tsvs} > {output[1]}.part "
        "&& mv {output[0]}.part {output[0]} && mv {output[1]}.part {output[1]}"


rule rank:
    input:
        clustering=f"results/clusters/{CAND['representation']}/{CAND['descriptor']}.clustering",
        crystals="results/ingest/all.crystals",
        bvse="results/bvse/bvse.stream",
        labels=config["labels"]["files"][0],
        tool=tool("rank"),
    output:
        "results/tables/candidates.tsv",
    log:
        "results/logs/rank.log",
    benchmark:
        "results/benchmarks/rank.tsv"
    shell:
        "{input.tool} --clustering={input.clustering} --crystals={input.crystals} "
        "--bvse={input.bvse} --labels={input.labels} --k={CAND[k]} "
        "--sigma_high={CAND[sigma_high_s_per_cm]} --ehull_max={CAND[ehull_max_ev]} "
        "--gap_min={CAND[gap_min_ev]} --ea_max={CAND[ea_max_ev]} "
        "--output={output}.part 2> {log} && mv {output}.part {output}"


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
        ranking="results/figures/figure2.png",
        mixing="results/tables/mixing.tsv",
        table2="results/tables/table2.tsv",
        figure3="results/tables/figure3_clusters.tsv",
        bvse="results/bvse/bvse.tsv",
        index=config["data"]["mp_properties"],
    output:
        "results/report.md",
    log:
        "results/logs/report.log",
    benchmark:
        "results/benchmarks/report.tsv"
    script:
        "../scripts/report.py"
