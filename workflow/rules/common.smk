# Shared helpers: tool paths, representation/descriptor lists, file lists,
# per-rule parameters. Rules live in the other .smk files.
import json
import os
import re
import subprocess

BIN = config["bin"]
REPS = list(config["representations"])
REP_RE = "|".join(re.escape(r) for r in REPS)
SHARDS = list(range(int(config["shards"])))
K_RANGE = f"{config['k_min']}:{config['k_max']}"
MIX = config["mix"]
FIG3 = config["figure3"]
CAND = config["candidates"]
# Threads per multi-threaded job: 0 = every core snakemake was given.
THREADS = int(config["threads"]) or workflow.cores
STRUCTURE_SET = config.get("structure_set", "common")
# score/rank --label_duplicates: average (one label per structure) | rows.
LABEL_DUPLICATES = {"average": "average", "separate": "rows"}[
    config["labels"].get("duplicates", "average")]
DESCRIPTOR_CONFIG_PARAMS = config.get("descriptor_params") or {}
BVSE_DIR = config["data"]["bvse_dir"]
# A directory of CIFs to place in the candidates' clustering (rules/place.smk).
NEW_STRUCTURES = config.get("new_structures") or ""


wildcard_constraints:
    shard="[0-9]{1,9}",


def tool(name):
    """A tool binary; listed as an input so rebuilding a tool re-runs its steps."""
    return os.path.join(BIN, name)


def registered_descriptors():
    return sorted(DESCRIPTOR_PARAMS)


def descriptors():
    d = config["descriptors"]
    return registered_descriptors() if d == "all" else list(d)


def uses_species(d):
    """Whether a descriptor's config parameters name {species} (SOAP): it
    runs only on representations with a soap_species entry (config.yaml: no
    SOAP on unsimplified structures)."""
    return any("{species}" in param_text(v)
               for v in (DESCRIPTOR_CONFIG_PARAMS.get(d) or {}).values())


def pairs():
    """(representation, descriptor) pairs that are computed."""
    out = []
    for rep in REPS:
        for d in descriptors():
            if uses_species(d) and rep.split("-")[0] not in config["soap_species"]:
                continue
            out.append((rep, d))
    return out


def describe_catalog():
    """{descriptor: {parameter: its spec}} from `describe --list --format=json`
    (name, type, default, unit, range, choices, data_path, help)."""
    if not os.path.exists(tool("describe")):
        raise ValueError(f"no describe binary at {tool('describe')}: build the tools "
                         "(bazel build -c opt //tools:all) and set config bin")
    out = subprocess.run([tool("describe"), "--list", "--format=json"], check=True,
                         capture_output=True, text=True).stdout
    return {d["name"]: {p["name"]: p for p in d["parameters"]}
            for d in json.loads(out)["descriptors"]}


DESCRIPTOR_PARAMS = describe_catalog()


def param_text(value):
    """A config value as describe reads it (YAML true -> "true")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def check_descriptor_params():
    """Every descriptor_params entry names a registered descriptor and one of
    its parameters (caught when the DAG is built, not by a failing job)."""
    for d, params in DESCRIPTOR_CONFIG_PARAMS.items():
        if d not in DESCRIPTOR_PARAMS:
            raise ValueError(f"descriptor_params: unknown descriptor {d!r} "
                             f"(known: {', '.join(sorted(DESCRIPTOR_PARAMS))})")
        for name in params:
            if name not in DESCRIPTOR_PARAMS[d]:
                raise ValueError(f"descriptor_params.{d}: {d} has no parameter {name!r} "
                                 f"(parameters: {', '.join(DESCRIPTOR_PARAMS[d]) or 'none'})")


check_descriptor_params()


def describe_params(wildcards):
    """--params for one (representation, descriptor) pair: the config's
    descriptor_params in their order, placeholders filled ({species}: the
    representation's soap_species; {elements}: the same, or every element of
    the data set), then every data-path parameter not set there, pointed at
    its file under data.matminer_dir (the file the default names)."""
    rep = wildcards.rep.split("-")[0]
    species = config["soap_species"].get(rep)
    d = wildcards.descriptor
    fill = {"species": species or "",
            "elements": species or "$(cat results/ingest/elements.txt)"}
    given = DESCRIPTOR_CONFIG_PARAMS.get(d) or {}
    params = [f"{name}={param_text(value).format(**fill)}" for name, value in given.items()]
    for name, spec in DESCRIPTOR_PARAMS.get(d, {}).items():
        if spec["data_path"] and name not in given:
            path = os.path.join(config["data"]["matminer_dir"], os.path.basename(spec["default"]))
            params.append(f"{name}={os.path.abspath(path)}")
    return f"--params={','.join(params)}" if params else ""


def coverage_ok(rep, descriptor):
    """Whether a (representation, descriptor) pair is clustered: reads the
    pair's coverage verdict once the `coverage` checkpoint has run (before,
    Snakemake's checkpoint exception defers the decision)."""
    path = checkpoints.coverage.get(rep=rep, descriptor=descriptor).output[0]
    with open(path) as f:
        rows = f.read().splitlines()
    return rows[1].split("\t")[5] == "yes"


def clustered_pairs():
    """pairs() whose descriptor describes enough structures to be clustered
    (config min_coverage; see docs/decisions.md "Coverage rule")."""
    return [(rep, d) for rep, d in pairs() if coverage_ok(rep, d)]


def mix_others():
    """Every other clustered descriptor of the mixing representation."""
    base = MIX["base_descriptor"]
    others = [d for r, d in pairs() if r == MIX["representation"] and d != base]
    return [d for d in others if coverage_ok(MIX["representation"], d)]


def mix_stage1_pairs():
    """Stage 1 of the two-stage screen: every other descriptor at one weight."""
    return [(o, MIX["stage1_weight"]) for o in mix_others()]


def mix_pairs():
    """(other descriptor, weight) for the 2nd-order SOAP screen. "full": every
    other clustered descriptor at every weight. "two_stage": stage 1 (every
    descriptor at stage1_weight, a checkpoint), then every weight for the
    stage2_top descriptors with the lowest stage-1 mean W_sigma
    (docs/decisions.md "Paper mode")."""
    if MIX.get("screen", "full") == "full":
        return [(o, w) for o in mix_others() for w in MIX["weights"]]
    path = checkpoints.mix_stage1.get().output[0]
    import csv
    with open(path) as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["weight"] != "0"]
    rows.sort(key=lambda r: (float(r["mean_w_sigma"]), r["mixture"]))
    top = [r["mixture"] for r in rows[: int(MIX.get("stage2_top", 3))]]
    out = list(mix_stage1_pairs())
    out += [(o, w) for o in top for w in MIX["weights"] if (o, w) not in out]
    return out


def score_tables(wildcards):
    return [f"results/scores/{rep}/{d}.tsv" for rep, d in clustered_pairs()]


def mixed_score_tables(wildcards):
    return [f"results/scores/mix/{o}_{w}.tsv" for o, w in mix_pairs()]


def mix_stage1_score_tables(wildcards):
    return [f"results/scores/mix/{o}_{w}.tsv" for o, w in mix_stage1_pairs()]


def coverage_tables():
    return [f"results/coverage/{rep}/{d}.tsv" for rep, d in pairs()]


def desc_for_clustering(rep, descriptor):
    """The descriptor stream a pair is clustered on: mixtures are built from
    the common set already; with structure_set=common the others are cut to
    the common structure set (docs/decisions.md "Paper mode")."""
    if rep == "mix":
        return f"results/descriptors/mix/{descriptor}.desc"
    if STRUCTURE_SET == "common":
        return f"results/common/{rep}/{descriptor}.desc"
    return f"results/descriptors/{rep}/{descriptor}.desc"


def best_clustering(spec):
    """(representation, descriptor) for a config clustering spec: "best_mix"
    reads the mixing screen (a checkpoint) for the lowest mean W_sigma, the
    plain SOAP base included; else "<rep>/<descriptor>"."""
    if spec != "best_mix":
        rep, d = spec.split("/", 1)
        return rep, d
    path = checkpoints.mixing_table.get().output[0]
    import csv
    with open(path) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    best = min(rows, key=lambda r: (float(r["mean_w_sigma"]), r["mixture"] != MIX["base_descriptor"]))
    if best["mixture"] == MIX["base_descriptor"] and best["weight"] == "0":
        return MIX["representation"], MIX["base_descriptor"]
    return "mix", f"{best['mixture']}_{best['weight']}"


def clustering_name(spec):
    """"<representation>/<descriptor>" of a config clustering spec."""
    rep, d = best_clustering(spec)
    return f"{rep}/{d}"


def clustering_files(spec, what):
    """Paths of a clustering's outputs for a config clustering spec."""
    def f(wildcards):
        rep, d = best_clustering(spec)
        suffix = {"clustering": "clustering", "linkage": "linkage.tsv",
                  "assignments": "assignments.tsv", "labels": "labels.tsv",
                  "rank": f"k{CAND['k']}.clustering"}[what]
        if what == "labels":
            return f"results/scores/{rep}/{d}.labels.tsv"
        return f"results/clusters/{rep}/{d}.{suffix}"
    return f


def place_descriptors(wildcards):
    """The new structures' descriptor stream for the candidates' clustering
    (rules/place.smk): results/place/<rep>/<d>.desc, a mixture built there
    from the new structures' own descriptor streams."""
    rep, d = best_clustering(CAND["clustering"])
    return f"results/place/{rep}/{d}.desc"
