#!/bin/bash
# neb-prep on Li2Te (mp-2530) with the BVSE hop path (two stages:
# neb_plain.in, neb_climb.in); then
#  1. ASE/pymatgen check of the images (neb_images_check.py);
#  2. Debian's neb.x parses the generated input: it splits it into neb.dat
#     and one pw_<i>.in per image, reads and checks &PATH (path_checkin),
#     reads the engine namelists and cards of pw_1.in, and stops only when
#     reading the (fake, empty) pseudopotentials — no DFT is run. pw.x does
#     the same for the relaxation inputs. A control input with a bad
#     CI_scheme must fail earlier, at path_checkin, so the check can fail.
set -euo pipefail
if [[ -z "${SHARED_DIR:-}" || ! -d "$SHARED_DIR/data/mp/cif" ]]; then
  echo "FAIL: SHARED_DIR is not set to the shared data folder" >&2; exit 1
fi
for x in neb.x pw.x; do
  command -v "$x" > /dev/null || { echo "FAIL: $x not installed (apt-get install quantum-espresso)" >&2; exit 1; }
done
R="$TEST_SRCDIR/$TEST_WORKSPACE"
T="${TEST_TMPDIR:-$(mktemp -d)}"
CIF="$SHARED_DIR/data/mp/cif/mp-2530.cif"
"$R/tools/cif2proto" --quiet "$CIF" > "$T/x.crystals"
"$R/tools/bvse" --params_dir="$SHARED_DIR/data/bvse" --resolution=0.2 \
  --hop_path "$T/x.crystals" --output="$T/x.bvse"
mkdir -p "$T/run/pseudo"
"$R/tools/neb-prep" "$T/x.crystals" --bvse="$T/x.bvse" --images=3 \
  --pseudo='Li=Li.pbe-s-kjpaw_psl.1.0.0.UPF' --output="$T/run" 2> "$T/prep.err"
grep -q "BVSE path" "$T/prep.err"
/usr/bin/python3 "$R/tests/neb/neb_images_check.py" "$T/run/path.xyz" "$CIF" 10 5
cd "$T/run"
: > pseudo/Li.pbe-s-kjpaw_psl.1.0.0.UPF
: > pseudo/Te.pbe-kjpaw_psl.1.0.0.UPF
export OMP_NUM_THREADS=1
# Stage 1: plain NEB from scratch.
timeout 120 neb.x -inp neb_plain.in > neb.out 2>&1 || true
grep -q "Reading input from pw_1.in" neb.out
grep -qE "Error in routine +readpp" neb.out || { cat neb.out; exit 1; }
grep -q "num_of_images = 5" neb.dat
grep -q "CI_scheme = 'no-CI'" neb.dat
grep -q "restart_mode = 'from_scratch'" neb.dat
# Stage 2 (same folder, as it is run): climbing image, restart.
timeout 120 neb.x -inp neb_climb.in > neb_climb.out 2>&1 || true
grep -q "Reading input from pw_1.in" neb_climb.out
grep -qE "Error in routine +readpp" neb_climb.out || { cat neb_climb.out; exit 1; }
grep -q "CI_scheme = 'auto'" neb.dat
grep -q "restart_mode = 'restart'" neb.dat
for i in 1 2 3 4 5; do
  # 3x3x3 cell of 3 atoms = 81, minus one Li vacancy = 80 atoms, + 2 species lines.
  n=$(grep -cE '^(Li|Te) ' "pw_$i.in")
  [[ "$n" -eq 82 ]] || { echo "pw_$i.in has $n atom/species lines"; exit 1; }
done
timeout 120 pw.x -inp relax_initial.in > relax.out 2>&1 || true
grep -qE "Error in routine +readpp" relax.out || { cat relax.out; exit 1; }
mkdir -p ../control/pseudo && cp pseudo/* ../control/pseudo/
sed "s/CI_scheme = 'no-CI'/CI_scheme = 'bogus'/" neb_plain.in > ../control/neb.in
cd ../control
timeout 120 neb.x -inp neb.in > neb.out 2>&1 || true
grep -qE "Error in routine +path_checkin" neb.out
if grep -qE "Error in routine +readpp" neb.out; then exit 1; fi
echo PASS
