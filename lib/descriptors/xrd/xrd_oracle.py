"""XRD oracle. Tolerances: peak 2θ within 1e-4 degrees, peak intensity (max
= 100) within 0.5 % relative (0.005 absolute below 1); smoothed vector within
1e-6 of its maximum (weights int(y + 1e-9), see below); scattering coefficients exact."""
import json
import os
import re
import subprocess
import sys

import numpy as np
from scipy.stats import gaussian_kde
import pymatgen.analysis.diffraction as diffraction
from pymatgen.analysis.diffraction.xrd import XRDCalculator

import oracle_structures as osx

dump, inc = sys.argv[1], sys.argv[2]
fails = 0

# 1. Scattering table.
with open(os.path.join(os.path.dirname(diffraction.__file__),
                       "atomic_scattering_params.json")) as f:
    ref = json.load(f)
n_rows = 0
for line in open(inc):
    m = re.match(r"\{(\d+), \{(.*)\}\},  // (\w+)", line)
    if not m:
        continue
    n_rows += 1
    nums = [float(x) for x in re.findall(r"[-\d.eE]+", m.group(2))]
    want = [x for pair in ref[m.group(3)] for x in pair]
    if nums != [float(x) for x in want]:
        print("scattering table mismatch", m.group(3)); fails += 1
if n_rows != len([k for k in ref if k != "D"]):
    print("scattering table has", n_rows, "rows"); fails += 1

# 2. Peaks and smoothed pattern.
recs = osx.records(n_mp=10, n_obelix=5)
inp = "".join(json.dumps(r) + "\n" for r in recs)
out = subprocess.run([dump, "xrd"], input=inp, capture_output=True, text=True,
                     check=True).stdout
got = {d["id"]: d for d in map(json.loads, out.splitlines())}
calc = XRDCalculator()
grid = np.linspace(0, 127, 128)
max_dtt = max_dint = max_dvec = 0.0
n_peaks = 0
for rec in recs:
    rid = rec["id"]
    s = osx.to_structure(rec)
    pat = calc.get_pattern(s, two_theta_range=(0, 127))
    peaks = np.array(got[rid]["peaks"])
    if len(peaks) != len(pat.x):
        print(rid, "peak count", len(peaks), "vs pymatgen", len(pat.x)); fails += 1
        continue
    n_peaks += len(peaks)
    dtt = np.max(np.abs(peaks[:, 0] - pat.x))
    dint = np.max(np.abs(peaks[:, 1] - pat.y) / np.maximum(pat.y, 1.0))
    max_dtt, max_dint = max(max_dtt, dtt), max(max_dint, dint)
    if dtt > 1e-4 or dint > 0.005:
        print(rid, "peaks differ: 2θ", dtt, "intensity", dint); fails += 1
    # matminer XRDPowderPattern.featurize, except int(y1 + 1e-9) for int(y1):
    # plain int() turns the strongest peak's 99.99999999999999 into 99 (a
    # last-bit artifact; see SmoothXrdPattern in xrd.cc).
    hist = []
    for x1, y1 in zip(pat.x, pat.y):
        hist += [x1] * int(y1 + 1e-9)
    want = gaussian_kde(hist, bw_method=0.05)(grid)
    vec = np.array(got[rid]["values"])
    dvec = np.max(np.abs(vec - want)) / np.max(want)
    max_dvec = max(max_dvec, dvec)
    if dvec > 1e-6:
        print(rid, "smoothed pattern differs by", dvec); fails += 1
print(f"{len(recs)} structures, {n_peaks} peaks: max |Δ2θ| = {max_dtt:.3g} deg, "
      f"max rel ΔI = {max_dint:.3g}, max smoothed Δ/max = {max_dvec:.3g}; "
      f"{fails} failures")
sys.exit(1 if fails or n_peaks == 0 else 0)
