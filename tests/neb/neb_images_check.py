"""Checks neb-prep's images with ASE/pymatgen (independent readers).

usage: neb_images_check.py PATH.xyz CIF MIN_LENGTH N_IMAGES
- every image has the same cell, each lattice vector >= MIN_LENGTH;
- the supercell holds (N_Li - 1) Li per image (one vacancy) where N_Li is
  the Li count of the CIF cell (pymatgen) times the supercell volume ratio;
- the hopping ion (last atom) starts and ends on Li sites of the CIF
  structure (within 1e-6 A, periodic) and no image puts it closer than
  1.2 A to a framework atom (a sane path, not through an ion).
"""
import sys

import numpy as np
from ase.io import read
from pymatgen.core import Structure

path, cif, min_len, n_img = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
images = read(path, index=":", format="extxyz")
s = Structure.from_file(cif)
assert len(images) == n_img, f"{len(images)} images, expected {n_img}"
cell = images[0].cell
ratio = cell.volume / s.volume
n_li = sum(1 for site in s if site.specie.symbol == "Li")
for k, im in enumerate(images):
    assert np.allclose(im.cell, cell), "cells differ between images"
    assert min(im.cell.lengths()) >= min_len - 1e-9, im.cell.lengths()
    li = sum(1 for x in im.get_chemical_symbols() if x == "Li")
    assert li == round(n_li * ratio) - 1, (li, n_li, ratio)
    d = im.get_distances(len(im) - 1, range(len(im) - 1), mic=True)
    assert d.min() > 1.2, f"image {k}: hopping ion {d.min():.3f} A from an atom"
li_cart = np.array([site.coords for site in s if site.specie.symbol == "Li"])
inv = np.linalg.inv(s.lattice.matrix)
for k in (0, len(images) - 1):
    r = images[k].positions[-1]
    f = (r[None, :] - li_cart) @ inv
    f -= np.round(f)
    dmin = np.linalg.norm(f @ s.lattice.matrix, axis=1).min()
    assert dmin < 1e-6, f"end point {k} is {dmin} A from a Li site"
print(f"images ok: {len(images)} images, {len(images[0])} atoms, "
      f"cell lengths {np.round(cell.lengths(), 3).tolist()}")
