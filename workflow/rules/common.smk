# Shared helpers: tool paths, representation/descriptor lists, file lists,
# per-rule parameters. Rules live in the other .smk files.
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
BVSE_DIR = config["data"]["bvse_dir"]


wildcard_constraints:
    shard="[0-9]{1,9}",


def tool(name):
    """A tool binary; listed as an input so rebuilding a tool re-runs its steps."""
    return os.path.join(BIN, name)


def registered_descriptors():
    out = subprocess.run([tool("describe"), "--list"], check=True,
                         capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines()
            if re.fullmatch(r"[a-z][a-z0-9_]*", line)]


def descriptors():
    d = config["descriptors"]
    return registered_descriptors() if d == "all" else list(d)


def pairs():
    """(representation, descriptor) pairs that are computed."""
    out = []
    for rep in REPS:
        for d in descriptors():
            if d == "soap" and rep.split("-")[0] not in config["soap_species"]:
                continue  # see config.yaml: no SOAP on unsimplified structures
            out.append((rep, d))
    return out


def describe_params(wildcards):
    """Flags that fix data-set-wide choices, so shards agree on dimensions."""
    rep = wildcards.rep.split("-")[0]
    species = config["soap_species"].get(rep)
    if wildcards.descriptor == "soap":
        return f"--species={species}"
    if wildcards.descriptor == "bond_fractions":
        # Element list of the whole data set (or of the representation).
        elements = species or "$(cat results/ingest/elements.txt)"
        return f"--params=elements={elements}"
    if wildcards.descriptor == "sine_coulomb":
        return f"--params=max_sites={config['sine_coulomb_max_sites']}"
    return ""


def mix_pairs():
    base = MIX["base_descriptor"]
    others = [d for r, d in pairs() if r == MIX["representation"] and d != base]
    return [(o, w) for o in others for w in MIX["weights"]]


def score_tables():
    return [f"results/scores/{rep}/{d}.tsv" for rep, d in pairs()]
