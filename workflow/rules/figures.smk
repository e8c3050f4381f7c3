# Figures 2 and 3 (matplotlib, from TSVs the tools wrote).


rule figure2:
    input:
        scores="results/tables/scores.tsv",
    output:
        "results/figures/figure2.png",
        "results/figures/figure2.pdf",
    log:
        "results/logs/figure2.log",
    benchmark:
        "results/benchmarks/figure2.tsv"
    script:
        "../scripts/figure2.py"


rule figure3:
    input:
        linkage=clustering_files(FIG3["clustering"], "linkage"),
        assignments=clustering_files(FIG3["clustering"], "assignments"),
        labels=clustering_files(FIG3["clustering"], "labels"),
        bvse="results/bvse/bvse.tsv",
        # The checkpoint its clustering (and its name below) is chosen from.
        mixing="results/tables/mixing.tsv",
    params:
        name=lambda wc: clustering_name(FIG3["clustering"]),
    output:
        figures=["results/figures/figure3.png", "results/figures/figure3.pdf"],
        table="results/tables/figure3_clusters.tsv",
    log:
        "results/logs/figure3.log",
    benchmark:
        "results/benchmarks/figure3.tsv"
    script:
        "../scripts/figure3.py"
