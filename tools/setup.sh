#!/bin/bash
# Installs the Debian packages ionscreen needs (only those missing; safe to
# re-run), and points Bazel's tests at the shared data set.
# Usage (as root, from anywhere): bash tools/setup.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
packages=(
  # build
  bazel-bootstrap g++ libabsl-dev libeigen3-dev libprotobuf-dev
  protobuf-compiler libgtest-dev libgmock-dev gemmi-dev tao-pegtl-dev
  libstb-dev libsymspg-dev voro++-dev zlib1g-dev
  # workflow and plots
  snakemake python3-matplotlib python3-protobuf python3-yaml python3-jsonschema
  # python/ionscreen (to_dataframe)
  python3-pandas
  # test oracles (never used by the pipeline itself)
  python3-pymatgen python3-ase python3-scipy python3-sklearn
  # NEB input check (neb.x, pw.x)
  quantum-espresso
  # SLURM profile test (a private munged + slurmctld + slurmd)
  slurm-wlm munge
)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all ${#packages[@]} packages present" >&2
fi
# Shared data: $SHARED_DIR, else ../shared beside the repository.
shared="${SHARED_DIR:-$repo/../shared}"
if [ -d "$shared/data" ]; then
  shared="$(cd "$shared" && pwd)"
  echo "test --test_env=SHARED_DIR=$shared" > "$repo/.bazelrc.shared"
  echo "setup: shared data at $shared" >&2
else
  rm -f "$repo/.bazelrc.shared"
  echo "setup: WARNING: no shared data at $shared; tests that need it will fail (set SHARED_DIR)" >&2
fi
