# CIF -> Crystal streams (with oxidation states), sharded; MP and OBELiX merged.


rule file_list:
    output:
        temp("results/ingest/mp_files_{shard}.txt"),
    params:
        directory=config["data"]["mp_cif_dir"],
        ids=config["data"]["mp_ids_file"],
        shards=config["shards"],
    log:
        "results/logs/file_list_{shard}.log",
    benchmark:
        "results/benchmarks/file_list_{shard}.tsv"
    script:
        "../scripts/file_list.py"


rule ingest_mp_shard:
    input:
        files="results/ingest/mp_files_{shard}.txt",
        properties=config["data"]["mp_properties"],
        tool=tool("cif2proto"),
    output:
        "results/ingest/mp_{shard}.crystals",
    params:
        mobile=config["mobile"],
        unbalanced=config.get("oxidation_unbalanced", "zero"),
    log:
        "results/logs/ingest_mp_{shard}.log",
    benchmark:
        "results/benchmarks/ingest_mp_{shard}.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --keep_going --require_element={params.mobile} "
        "--unbalanced={params.unbalanced} "
        "--properties={input.properties} --files_from={input.files} "
        "--output={output} 2> {log}"


rule obelix_list:
    output:
        temp("results/ingest/obelix_files.txt"),
    params:
        directory=config["data"]["obelix_cif_dir"],
        ids=config["data"]["obelix_ids_file"],
        shards=1,
    log:
        "results/logs/obelix_list.log",
    benchmark:
        "results/benchmarks/obelix_list.tsv"
    script:
        "../scripts/file_list.py"


rule ingest_obelix:
    input:
        files="results/ingest/obelix_files.txt",
        properties=config["data"]["obelix_csv"],
        tool=tool("cif2proto"),
    output:
        "results/ingest/obelix.crystals",
    params:
        mobile=config["mobile"],
        unbalanced=config.get("oxidation_unbalanced", "zero"),
    log:
        "results/logs/ingest_obelix.log",
    benchmark:
        "results/benchmarks/ingest_obelix.tsv"
    cache: "omit-software"
    shell:
        "{input.tool} --keep_going --require_element={params.mobile} "
        "--unbalanced={params.unbalanced} "
        "--properties={input.properties} --files_from={input.files} "
        "--output={output} 2> {log}"


# MP first: an OBELiX structure whose ICSD id an MP entry already has is
# dropped (the MP entry carries E_hull/band gap and the paper's labels);
# see docs/decisions.md.
rule merge_crystals:
    input:
        mp=expand("results/ingest/mp_{shard}.crystals", shard=SHARDS),
        obelix="results/ingest/obelix.crystals",
        tool=tool("records"),
    output:
        "results/ingest/all.crystals",
    log:
        "results/logs/merge_crystals.log",
    benchmark:
        "results/benchmarks/merge_crystals.tsv"
    shell:
        "{input.tool} --concat --drop_duplicate_icsd {input.mp} {input.obelix} "
        "> {output}.part 2> {log} && mv {output}.part {output}"


rule ingest_summary:
    input:
        crystals="results/ingest/all.crystals",
        tool=tool("records"),
    output:
        "results/ingest/summary.tsv",
    log:
        "results/logs/ingest_summary.log",
    benchmark:
        "results/benchmarks/ingest_summary.tsv"
    shell:
        "{input.tool} --format=tsv {input.crystals} > {output}.part 2> {log} "
        "&& mv {output}.part {output}"
