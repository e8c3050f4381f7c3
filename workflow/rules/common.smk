# Shared helpers: tool paths, representation/descriptor lists, file lists.
import os
import subprocess

BIN = config["bin"]
REPS = list(config["representations"])
SHARDS = list(range(int(config["shards"])))


def tool(name):
    """A tool binary; listed as an input so rebuilding a tool re-runs its steps."""
    return os.path.join(BIN, name)


def registered_descriptors():
    out = subprocess.run([tool("describe"), "--list"], check=True,
                         capture_output=True, text=True).stdout
    names = []
    for line in out.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            names.append(line.split()[0].rstrip(":"))
    return names


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


def read_ids(path):
    if not path:
        return None
    with open(path) as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def cif_list(directory, ids_file):
    ids = read_ids(ids_file)
    files = sorted(f for f in os.listdir(directory) if f.endswith(".cif"))
    if ids is not None:
        files = [f for f in files if f[:-4] in ids]
    return [os.path.join(directory, f) for f in files]


wildcard_constraints:
    shard=r"\d+",
