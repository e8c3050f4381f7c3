"""Shared helpers for the oracle tests: structures to the probe text format.

Run with /usr/bin/python3 (Debian's pymatgen)."""
import os
import sys

import numpy as np
from pymatgen.core import Structure

# A fixed sample of real Materials Project CIFs (ids from ../shared/data/mp):
# binaries to quaternaries, 2 to 32 sites, cubic to triclinic.
SAMPLE_IDS = [
    "mp-22905", "mp-1960", "mp-2530", "mp-2251", "mp-1001079", "mp-9059",
    "mp-8449", "mp-19017", "mp-5614", "mp-985583",
]


def shared_dir():
    d = os.environ.get("SHARED_DIR")
    if not d or not os.path.isdir(d):
        sys.exit("SHARED_DIR is not set or not a directory: the oracle test "
                 "needs ../shared (see .bazelrc.shared)")
    return d


def load_sample(ids=SAMPLE_IDS):
    """Reads the sample CIFs with pymatgen, sites wrapped into [0, 1)."""
    out = []
    for mp_id in ids:
        path = os.path.join(shared_dir(), "data", "mp", "cif", mp_id + ".cif")
        s = Structure.from_file(path)
        s = Structure.from_sites([site.to_unit_cell() for site in s])
        out.append((mp_id, s))
    return out


def to_probe(s, split=False):
    """Probe text: n, lattice rows, then frac coords and occupants per site.

    split=True writes every occupant as two half-occupancy occupants of the
    same species: a formally disordered structure equivalent to the input."""
    lines = [str(len(s))]
    for row in s.lattice.matrix:
        lines.append(" ".join(repr(float(x)) for x in row))
    for site in s:
        occ = []
        for sp, amount in site.species.items():
            oxi = getattr(sp, "oxi_state", None)
            ox = "nan" if oxi is None else repr(float(oxi))
            if split:
                occ.append("%d %r %s" % (sp.Z, float(amount) / 2, ox))
                occ.append("%d %r %s" % (sp.Z, float(amount) / 2, ox))
            else:
                occ.append("%d %r %s" % (sp.Z, float(amount), ox))
        f = site.frac_coords
        lines.append("%r %r %r %d %s" % (float(f[0]), float(f[1]), float(f[2]),
                                         len(occ), " ".join(occ)))
    return "\n".join(lines) + "\n"


def runfile(rel):
    """Path of a data dependency inside the test's runfiles."""
    for base in (os.environ.get("TEST_SRCDIR", ""), "."):
        for p in (os.path.join(base, "__main__", rel), os.path.join(base, rel)):
            if os.path.exists(p):
                return p
    sys.exit("missing runfile " + rel)


def load_disordered(count=3, max_sites=60):
    """The first `count` partially occupied OBELiX structures (file order)
    with at most `max_sites` sites, read with pymatgen."""
    import warnings
    warnings.filterwarnings("ignore")
    d = os.path.join(shared_dir(), "data", "obelix", "cifs")
    out = []
    for f in sorted(os.listdir(d)):
        try:
            s = Structure.from_file(os.path.join(d, f))
        except Exception:
            continue
        if s.is_ordered or len(s) > max_sites:
            continue
        s = Structure.from_sites([site.to_unit_cell() for site in s])
        out.append((f[:-4], s))
        if len(out) == count:
            break
    return out
