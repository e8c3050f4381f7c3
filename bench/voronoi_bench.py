"""Per-structure time of the Voronoi/bonding descriptors (ours, via
descriptor_probe --time, -c opt) vs their pymatgen/matminer-formula
equivalents (lib/voronoi/descriptor_oracle.py: VoronoiNN, SpacegroupAnalyzer,
get_all_neighbors) on a deterministic sample of MP CIFs; prints a Markdown
table of median and total times and the speed-up.

Usage (via bench/voronoi_bench.sh): voronoi_bench.py PROBE N_STRUCTURES"""
import os
import statistics
import subprocess
import sys
import time
import warnings

warnings.filterwarnings("ignore")
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(repo, "lib", "voronoi"))
import descriptor_oracle as do  # noqa: E402
import probe_common as pc  # noqa: E402
from pymatgen.core import Structure  # noqa: E402

probe, n = sys.argv[1], int(sys.argv[2])
cif_dir = os.path.join(pc.shared_dir(), "data", "mp", "cif")
files = sorted(os.listdir(cif_dir))
step = max(1, len(files) // (4 * n))
sample = []
for f in files[::step]:
    s = Structure.from_file(os.path.join(cif_dir, f))
    if len(s) <= 80:  # keep pymatgen's side of the run short
        sample.append((f[:-4], Structure.from_sites([x.to_unit_cell() for x in s])))
    if len(sample) == n:
        break

decorated = []
for mp_id, s in sample:
    t = s.copy()
    try:
        t.add_oxidation_state_by_guess()
    except Exception:
        continue
    if all(getattr(sp, "oxi_state", 0) != 0 for sp in t.species):
        decorated.append((mp_id, t))

table = os.path.join(pc.shared_dir(), "data", "matminer", "bvparm2020.cif")
bv = do.bv_table(table)
elements = sorted({sp.symbol for _, s in sample for sp in s.composition})
cases = [
    ("max_packing_efficiency", [], do.ref_max_packing, sample),
    ("structural_heterogeneity", [], do.ref_heterogeneity, sample),
    ("chemical_ordering", [], do.ref_ordering, sample),
    ("orbital_field_matrix", [], do.ref_ofm, sample),
    ("bond_fractions", ["elements=" + ",".join(elements)],
     lambda s: do.ref_bond_fractions(s, elements, 0.1), sample),
    ("structural_complexity", [], do.ref_complexity, sample),
    ("density_features", [], do.ref_density, sample),
    ("global_instability", ["bv_table=" + table],
     lambda s: do.ref_gii(s, bv), decorated),
    # No pymatgen equivalent: the reference is the oracle's numpy/scipy
    # distance-grid percolation (0.1 Å) at a uniform 1.2 Å radius.
    ("cavd_free_sphere (vs grid)", ["uniform_radius_angstrom=1.2"],
     lambda s: do.ref_free_sphere_grid(s, 1.2, 0.1), sample),
]

print("Voronoi/bonding descriptors, %d MP structures (<= 80 sites, every "
      "%d-th file); pymatgen side = matminer's formulas on pymatgen "
      "(OFM without matminer's 3x3x3 supercell, so matminer itself is "
      "slower still); wall time, 1 thread\n" % (len(sample), step))
print("| descriptor | structures | ours median ms | pymatgen median ms | "
      "ours total s | pymatgen total s | speed-up (total) |")
print("|---|---|---|---|---|---|---|")
for name, params, ref, structs in cases:
    text = "".join(pc.to_probe(s) for _, s in structs)
    out = subprocess.run([probe, "--time", name.split()[0]] + params, input=text,
                         capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    ok = [i for i in range(0, len(lines), 2) if lines[i].startswith("values")]
    # Only structures ours computes (errors return at once and would flatter
    # the median); the reference runs on the same ones.
    ours = [float(lines[i + 1].split()[1]) for i in ok]
    structs = [structs[i // 2] for i in ok]
    if not structs:
        print("| %s | 0 | - | - | - | - | - |" % name)
        continue
    theirs = []
    for _, s in structs:
        t0 = time.perf_counter()
        try:
            ref(s)
        except Exception:
            pass
        theirs.append(time.perf_counter() - t0)
    print("| %s | %d | %.3f | %.1f | %.3f | %.2f | %.0fx |" % (
        name, len(structs), 1e3 * statistics.median(ours),
        1e3 * statistics.median(theirs), sum(ours), sum(theirs),
        sum(theirs) / max(sum(ours), 1e-12)))
