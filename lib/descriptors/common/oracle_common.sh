# Sourced by the *_oracle_test.sh scripts: checks SHARED_DIR and /usr/bin/python3.
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "${SHARED_DIR}/data" ]; then
  echo "FAIL: SHARED_DIR is not set or has no data/ (tools/setup.sh writes .bazelrc.shared)" >&2
  exit 1
fi
if [ ! -x /usr/bin/python3 ]; then
  echo "FAIL: /usr/bin/python3 (Debian, with python3-pymatgen) is missing" >&2
  exit 1
fi
DUMP="lib/descriptors/common/descriptor_dump"
export PYTHONPATH="lib/descriptors/common${PYTHONPATH:+:$PYTHONPATH}"
