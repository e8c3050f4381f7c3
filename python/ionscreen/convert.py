"""Crystal records as pymatgen Structures and ASE Atoms.

Both keep the cell as stored (rows a, b, c in Å) and the fractional
coordinates as stored (not wrapped or reordered), one site per Crystal site.

pymatgen keeps disorder: a site's occupants become a partial-occupancy
species dict ({Species("Li", 1): 0.5, Element("Na"): 0.5}); oxidation states
become pymatgen Species (oxidation=True, the default) when the record has
them. Site labels go to site_properties["label"].

ASE has no partial occupancy in Atoms. `to_ase` follows ASE's own CIF
reader: one atom per site carrying its dominant occupant (highest occupancy;
the first listed on a tie), `atoms.info["occupancy"]` = {"<site index>":
{symbol: occupancy}} for every site, and the site index in
`atoms.arrays["spacegroup_kinds"]` and the tags, so `ase.io.write(..., format
="cif")` writes the partial occupancies back. The dominant occupant's
oxidation state is the atom's initial charge (0 when unknown).
"""
from ionscreen.elements import symbol


def _occupants(site, oxidation):
    """[(symbol, oxidation state or None, occupancy)], same species merged."""
    merged = {}
    for o in site.occupants:
        oxi = o.oxidation_state if (oxidation and o.HasField("oxidation_state")) else None
        key = (symbol(o.atomic_number), oxi)
        merged[key] = merged.get(key, 0.0) + o.occupancy
    return [(s, oxi, occ) for (s, oxi), occ in merged.items()]


def _lattice_rows(crystal):
    lat = crystal.lattice
    rows = [list(lat.a_angstrom), list(lat.b_angstrom), list(lat.c_angstrom)]
    if any(len(r) != 3 for r in rows):
        raise ValueError(f"{crystal.id}: lattice vectors must have 3 components")
    return rows


def _check_sites(crystal):
    for i, site in enumerate(crystal.sites):
        if not site.occupants:
            raise ValueError(f"{crystal.id}: site {i} ({site.label}) has no occupants")


def to_pymatgen(crystal, oxidation=True):
    """A pymatgen Structure of a Crystal record (disorder kept as partial
    species; oxidation states as Species when `oxidation` and known)."""
    from pymatgen.core import Element, Lattice, Species, Structure

    _check_sites(crystal)
    species, coords, labels = [], [], []
    for site in crystal.sites:
        sp = {}
        for sym, oxi, occ in _occupants(site, oxidation):
            key = Species(sym, oxi) if oxi is not None else Element(sym)
            sp[key] = sp.get(key, 0.0) + occ
        species.append(sp)
        coords.append([site.frac_x, site.frac_y, site.frac_z])
        labels.append(site.label)
    return Structure(Lattice(_lattice_rows(crystal)), species, coords,
                     site_properties={"label": labels})


def dominant_occupant(site):
    """(symbol, occupancy, oxidation state or None) of the site's occupant
    with the highest occupancy; the first listed wins a tie."""
    best = None
    for o in site.occupants:
        if best is None or o.occupancy > best.occupancy:
            best = o
    oxi = best.oxidation_state if best.HasField("oxidation_state") else None
    return symbol(best.atomic_number), best.occupancy, oxi


def to_ase(crystal):
    """An ase.Atoms of a Crystal record: one atom per site (its dominant
    occupant), occupancies in info["occupancy"] as ASE's CIF reader stores
    them; see the module docstring."""
    import numpy as np
    from ase import Atoms

    _check_sites(crystal)
    symbols, frac, charges, occupancy = [], [], [], {}
    for i, site in enumerate(crystal.sites):
        sym, _, oxi = dominant_occupant(site)
        symbols.append(sym)
        frac.append([site.frac_x, site.frac_y, site.frac_z])
        charges.append(oxi if oxi is not None else 0.0)
        occ = {}
        for s, _, o in _occupants(site, oxidation=False):
            occ[s] = occ.get(s, 0.0) + o
        occupancy[str(i)] = occ
    atoms = Atoms(symbols=symbols, cell=_lattice_rows(crystal),
                  scaled_positions=np.array(frac).reshape(-1, 3), pbc=True)
    index = np.arange(len(symbols), dtype=int)
    atoms.set_tags(index)
    atoms.new_array("spacegroup_kinds", index)
    atoms.set_initial_charges(charges)
    atoms.info["occupancy"] = occupancy
    atoms.info["id"] = crystal.id
    atoms.info["representation"] = crystal.representation or "none"
    if crystal.mp_id:
        atoms.info["mp_id"] = crystal.mp_id
    return atoms
