"""Structures for the descriptor oracle tests, as Crystal JSON lines.

Programmatic pymatgen structures (rock salt, antifluorite, a hexagonal cell,
a seeded random triclinic cell, disordered cells) plus a deterministic sample
of the shared CIFs read with pymatgen's CifParser. Each record is converted to
the Crystal proto's JSON mapping, and `to_structure` rebuilds the pymatgen
Structure from that same record, so the C++ code and pymatgen see identical
numbers.

Oxidation states come from a small fixed table (accepted when the cell is
neutral), enough for the Ewald oracle; records without them carry none.
"""
import glob
import os
import random
import sys
import warnings

warnings.filterwarnings("ignore")

from pymatgen.core import Lattice, Species, Structure, DummySpecies  # noqa: E402
from pymatgen.core.periodic_table import Element  # noqa: E402
from pymatgen.io.cif import CifParser  # noqa: E402

FIXED_OXI = {"H": 1, "Li": 1, "Na": 1, "K": 1, "Rb": 1, "Cs": 1, "Be": 2,
             "Mg": 2, "Ca": 2, "Sr": 2, "Ba": 2, "B": 3, "Al": 3, "Ga": 3,
             "In": 3, "Sc": 3, "Y": 3, "La": 3, "Si": 4, "Ge": 4, "Ti": 4,
             "Zr": 4, "Hf": 4, "Nb": 5, "Ta": 5, "P": 5, "O": -2, "S": -2,
             "Se": -2, "Te": -2, "N": -3, "F": -1, "Cl": -1, "Br": -1,
             "I": -1}


def shared_dir():
    d = os.environ.get("SHARED_DIR")
    if not d or not os.path.isdir(os.path.join(d, "data")):
        sys.exit("SHARED_DIR is not set or has no data/ (set it via "
                 ".bazelrc.shared to the absolute path of ../shared)")
    return d


def to_record(s, rid, oxi=None):
    """pymatgen Structure -> Crystal JSON dict. oxi: symbol -> state."""
    m = s.lattice.matrix
    sites = []
    for i, site in enumerate(s):
        occupants = []
        for sp, occ in site.species.items():
            el = sp.element if hasattr(sp, "element") else sp
            o = {"atomicNumber": int(el.Z), "occupancy": float(occ)}
            if oxi is not None:
                o["oxidationState"] = float(oxi[el.symbol])
            occupants.append(o)
        f = [float(x) % 1.0 for x in site.frac_coords]
        f = [0.0 if x >= 1.0 else x for x in f]
        sites.append({"label": f"s{i}", "fracX": f[0], "fracY": f[1],
                      "fracZ": f[2], "occupants": occupants})
    return {"id": rid,
            "lattice": {"aAngstrom": [float(x) for x in m[0]],
                        "bAngstrom": [float(x) for x in m[1]],
                        "cAngstrom": [float(x) for x in m[2]]},
            "sites": sites}


def to_structure(rec, with_oxidation=False):
    """Crystal JSON dict -> pymatgen Structure on the very same numbers."""
    lat = Lattice([rec["lattice"]["aAngstrom"], rec["lattice"]["bAngstrom"],
                   rec["lattice"]["cAngstrom"]])
    species, coords = [], []
    for site in rec["sites"]:
        comp = {}
        for o in site["occupants"]:
            el = Element.from_Z(o["atomicNumber"])
            key = (Species(el.symbol, o["oxidationState"])
                   if with_oxidation else el)
            comp[key] = comp.get(key, 0.0) + o["occupancy"]
        species.append(comp)
        coords.append([site.get("fracX", 0.0), site.get("fracY", 0.0),
                       site.get("fracZ", 0.0)])
    return Structure(lat, species, coords)


def fixed_oxidation(s):
    """Fixed-table oxidation states if every element has one, else None. The
    cell may come out charged (pymatgen then adds its charged-cell term)."""
    comp = s.composition.element_composition
    if any(el.symbol not in FIXED_OXI for el in comp):
        return None
    return FIXED_OXI


def programmatic():
    out = []
    lif = Structure.from_spacegroup("Fm-3m", Lattice.cubic(4.03), ["Li", "F"],
                                    [[0, 0, 0], [0.5, 0.5, 0.5]])
    out.append(("prog-LiF", lif))
    li2o = Structure.from_spacegroup("Fm-3m", Lattice.cubic(4.61), ["O", "Li"],
                                     [[0, 0, 0], [0.25, 0.25, 0.25]])
    out.append(("prog-Li2O", li2o))
    hexa = Structure(Lattice.hexagonal(3.2, 5.1), ["Li", "Li", "N", "N"],
                     [[1 / 3, 2 / 3, 0], [2 / 3, 1 / 3, 0.5],
                      [1 / 3, 2 / 3, 0.38], [2 / 3, 1 / 3, 0.88]])
    out.append(("prog-hex-Li3N-like", hexa))
    rng = random.Random(20261124)
    lat = Lattice.from_parameters(5.3, 6.1, 7.4, 81.0, 97.0, 104.0)
    els = ["Li", "Li", "Li", "P", "S", "S", "S", "S"]
    coords = [[rng.random() for _ in range(3)] for _ in els]
    out.append(("prog-triclinic-Li3PS4", Structure(lat, els, coords)))
    # Disordered: a Li/Na mixed site and a half-occupied Li site.
    dis = Structure(Lattice.orthorhombic(4.2, 5.0, 6.3),
                    [{"Li": 0.5, "Na": 0.5}, {"Li": 0.5}, "Cl", "Cl"],
                    [[0, 0, 0], [0.5, 0.5, 0.1], [0.5, 0.0, 0.5],
                     [0.0, 0.5, 0.6]])
    out.append(("prog-disordered-LiNaCl", dis))
    return out


def cif_sample(n_mp, n_obelix, max_sites=48):
    """Deterministic sample: every k-th MP entry of index.tsv with <= max_sites
    sites, and the first OBELiX files (sorted) that expand to <= max_sites."""
    base = os.path.join(shared_dir(), "data")
    rows = []
    with open(os.path.join(base, "mp", "index.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(header, line.rstrip("\n").split("\t")))
            if r.get("nsites", "").isdigit() and int(r["nsites"]) <= max_sites:
                rows.append(r["mp_id"])
    out = []
    if n_mp:
        step = max(1, len(rows) // n_mp)
        for mp_id in rows[::step][:n_mp]:
            path = os.path.join(base, "mp", "cif", mp_id + ".cif")
            s = CifParser(path).get_structures(primitive=False)[0]
            out.append((mp_id, s))
    files = sorted(glob.glob(os.path.join(base, "obelix", "cifs", "*.cif")))
    got = 0
    for path in files:
        if got >= n_obelix:
            break
        try:
            s = CifParser(path).get_structures(primitive=False)[0]
        except Exception:
            continue
        if len(s) > max_sites:
            continue
        out.append(("obelix-" + os.path.basename(path)[:-4], s))
        got += 1
    return out


def records(n_mp=10, n_obelix=5, require_oxidation=False):
    recs = []
    for rid, s in programmatic() + cif_sample(n_mp, n_obelix):
        oxi = fixed_oxidation(s)
        if require_oxidation and oxi is None:
            continue
        recs.append(to_record(s, rid, oxi))
    return recs


def rdf_bounds(s, cutoff=20.0, bin_size=0.1):
    """matminer's RDF of pymatgen Structure s (pairs weighted by total site
    occupancies) as (low, high) per bin: a distance within 1e-9 Å of a bin
    edge may fall on either side (its last bit decides), so both are allowed.
    Returns (low, high, number of such distances)."""
    import math
    import numpy as np
    occ = [sum(site.species.values()) for site in s]
    n_atoms = sum(occ)
    dists, weights = [], []
    for i, nbrs in enumerate(s.get_all_neighbors(cutoff)):
        for nb in nbrs:
            dists.append(nb.nn_distance)
            weights.append(occ[i] * occ[nb.index])
    edges = np.arange(0, cutoff + bin_size, bin_size)
    dists = np.array(dists)
    weights = np.array(weights)
    k = np.rint(dists / bin_size)
    tie = np.abs(dists - k * bin_size) < 1e-9
    lo = np.where(tie, k * bin_size - 0.5 * bin_size, dists)
    hi = np.where(tie, k * bin_size + 0.5 * bin_size, dists)
    hist_lo, _ = np.histogram(np.minimum(lo, cutoff), bins=edges, weights=weights)
    hist_hi, _ = np.histogram(np.minimum(hi, cutoff), bins=edges, weights=weights)
    shell = 4.0 / 3.0 * math.pi * (np.power(edges[1:], 3) - np.power(edges[:-1], 3))
    scale = shell * (n_atoms / s.volume)
    return (np.minimum(hist_lo, hist_hi) / scale,
            np.maximum(hist_lo, hist_hi) / scale, int(tie.sum()))
