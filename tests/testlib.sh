# Sourced by shell tests under tests/ (listed as data: //tests:testlib.sh):
#   source "$(dirname "$0")/../testlib.sh"
# which works under bazel test and when a golden test is run by hand.

# need_shared [SUBDIR...]: exit 1 unless $SHARED_DIR is set and has each
# SUBDIR (e.g. data/mp/cif).
need_shared() {
  local d
  for d in . "$@"; do
    if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/$d" ]; then
      echo "FAIL: this test needs the shared data set${1:+ (${*/#/\$SHARED_DIR/})}:" \
           "set SHARED_DIR to the absolute path of ../shared (tools/setup.sh writes .bazelrc.shared)" >&2
      exit 1
    fi
  done
}

# need_pymatgen: exit 1 unless Debian's /usr/bin/python3 imports pymatgen.
need_pymatgen() {
  if ! /usr/bin/python3 -c 'import pymatgen.io.cif' 2> /dev/null; then
    echo "FAIL: this test needs Debian's pymatgen (/usr/bin/python3 -c 'import pymatgen')" >&2
    exit 1
  fi
}

# python_env: the ionscreen package (python/) and tests/python on PYTHONPATH,
# run from the runfiles root; no .pyc files written.
python_env() {
  export PYTHONPATH="$(pwd)/python:$(pwd)/tests/python" PYTHONDONTWRITEBYTECODE=1
}

# obelix_cifs: every OBELiX CIF of $SHARED_DIR/data/obelix/cifs, one path a line.
obelix_cifs() {
  ls "$SHARED_DIR"/data/obelix/cifs/*.cif
}

# mp_sample [N]: a fixed Materials Project sample, every Nth CIF of
# $SHARED_DIR/data/mp/cif in name order (N = 73: 299 files), one path a line.
mp_sample() {
  ls "$SHARED_DIR/data/mp/cif" | sort | awk -v n="${1:-73}" 'NR % n == 1' \
    | sed "s|^|$SHARED_DIR/data/mp/cif/|"
}

# mp_cifs ID...: the paths of $SHARED_DIR/data/mp/cif/mp-ID.cif.
mp_cifs() {
  local id
  for id in "$@"; do echo "$SHARED_DIR/data/mp/cif/mp-$id.cif"; done
}

# source_root TOOL: sets root to the folder holding tools/ and tests/ (the
# runfiles root under bazel test, where tools/TOOL is built; else the
# checkout of this script), bin to its tools/ (unless $BIN is set), here to
# the test's own folder and tmp to a new folder removed on exit.
source_root() {
  root="$(pwd)"
  [ -x "$root/tools/$1" ] || root="$(cd "$(dirname "$0")/../.." && pwd)"
  bin="${BIN:-$root/tools}"
  here="$root/tests/$(basename "$(dirname "$0")")"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
}
