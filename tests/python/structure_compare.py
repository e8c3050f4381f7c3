"""Compares two pymatgen Structures site by site (used by the round-trip
oracle tests; Debian's pymatgen).

Tolerances (stated once, used by every caller):
  lattice     every component of the 3x3 matrix within LATTICE_TOL_ANGSTROM
  positions   each reference site matched to a site of the other structure
              within POSITION_TOL_ANGSTROM (periodic, Cartesian)
  species     the matched sites hold the same elements with occupancies
              within OCCUPANCY_TOL (oxidation states, to 1e-6, compared only when both
              structures carry them)

pymatgen's CifParser moves a fractional coordinate within 1e-4 (relative) of
1/3 or 2/3 onto it (and says so in its warnings); ionscreen keeps the CIF's
value. For such files the callers use ROUNDED_TOL_PER_ANGSTROM * (a + b + c)
as the position tolerance, the bound of that rounding.
"""
import numpy as np

LATTICE_TOL_ANGSTROM = 1e-6
POSITION_TOL_ANGSTROM = 1e-4
OCCUPANCY_TOL = 1e-6
OXIDATION_DIGITS = 6  # oxidation states compared after rounding to 1e-6
ROUNDED_TOL_PER_ANGSTROM = 1e-4
ROUNDED_WARNING = "fractional coordinates rounded to ideal values"


def position_tolerance(parser, structure):
    """POSITION_TOL_ANGSTROM, or the rounding bound when pymatgen's parser
    rounded coordinates (see the module docstring)."""
    if any(ROUNDED_WARNING in w for w in parser.warnings):
        return max(POSITION_TOL_ANGSTROM,
                   ROUNDED_TOL_PER_ANGSTROM * sum(structure.lattice.abc))
    return POSITION_TOL_ANGSTROM


def _species(site, with_oxidation):
    out = {}
    for sp, occ in site.species.items():
        oxi = getattr(sp, "oxi_state", None) if with_oxidation else None
        # Non-integer states (averages) are written to 10 digits.
        key = (sp.symbol, None if oxi is None else round(oxi, OXIDATION_DIGITS))
        out[key] = out.get(key, 0.0) + occ
    return out


def _same_species(a, b):
    if a.keys() != b.keys():
        return False
    return all(abs(a[k] - b[k]) <= OCCUPANCY_TOL for k in a)


def compare(ref, got, compare_lattice_matrix=True, with_oxidation=False,
            position_tol=POSITION_TOL_ANGSTROM):
    """A list of problems (empty when the structures agree), and the largest
    position deviation found (Å)."""
    problems = []
    if compare_lattice_matrix:
        dl = np.abs(ref.lattice.matrix - got.lattice.matrix).max()
        if dl > LATTICE_TOL_ANGSTROM:
            problems.append(f"lattice differs by {dl:.3g} Å")
    else:
        da = np.abs(np.array(ref.lattice.abc) - np.array(got.lattice.abc)).max()
        dg = np.abs(np.array(ref.lattice.angles) - np.array(got.lattice.angles)).max()
        if da > LATTICE_TOL_ANGSTROM or dg > 1e-6:
            problems.append(f"cell parameters differ by {da:.3g} Å, {dg:.3g}°")
    if len(ref) != len(got):
        problems.append(f"{len(ref)} sites vs {len(got)}")
        return problems, float("nan")
    if len(ref) == 0:
        return problems, 0.0
    # Positions in the reference frame: fractional coordinates of `got`
    # placed in `ref`'s lattice, so the two frames may differ by a rotation.
    d = ref.lattice.get_all_distances(ref.frac_coords, got.frac_coords)
    worst = 0.0
    used = set()
    for i in range(len(ref)):
        order = np.argsort(d[i])
        want = _species(ref[i], with_oxidation)
        match = None
        for j in order:
            if d[i, j] > position_tol:
                break
            if j not in used and _same_species(want, _species(got[j], with_oxidation)):
                match = j
                break
        if match is None:
            j = order[0]
            problems.append(
                f"site {i} {ref[i].species_string} at {np.round(ref[i].frac_coords, 5)}: "
                f"nearest {got[j].species_string} at {d[i, j]:.3g} Å")
            if len(problems) > 5:
                break
            continue
        used.add(match)
        worst = max(worst, d[i, match])
    return problems, worst
