#!/bin/bash
# ionscreen.to_dataframe on real Descriptor, Clustering, Score and BvseResult
# streams, against the C++ tools' JSON and TSV forms (frames_oracle.py); then
# the example docs/examples/plot_scores.py on the Score stream.
# Streams: describe (density_features) and bvse on the three test CIFs of
# python/testdata; cluster and score on the 72 CAN-SOAP vectors and labels
# of the shared Ward oracle.
set -euo pipefail
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/oracle/ward" ] || [ ! -d "$SHARED_DIR/data/bvse" ]; then
  echo "FAIL: this test needs the shared data set: set SHARED_DIR to the absolute path of ../shared (tools/setup.sh writes .bazelrc.shared)" >&2
  exit 1
fi
export PYTHONPATH="$(pwd)/python" PYTHONDONTWRITEBYTECODE=1 MPLBACKEND=Agg
T="$(mktemp -d)"
trap 'rc=$?; [ $rc -ne 0 ] && cat "$T/log" >&2; rm -rf "$T"' EXIT
O="$SHARED_DIR/oracle/ward"
tools/cif2proto python/testdata/*.cif > "$T/x.crystals" 2> "$T/log"
tools/describe --descriptor=density_features < "$T/x.crystals" > "$T/d.pb" 2>> "$T/log"
tests/cluster/tsv_to_descriptors "$O/can_soap_matrix.tsv" "$O/can_soap_ids.tsv" > "$T/soap.pb"
tools/cluster --quiet --k=2:20 "$T/soap.pb" > "$T/soap.clu"
tools/score --labels="$O/can_soap_ids.tsv" --label=log10_sigma --control_draws=20 \
  --tsv="$T/w.tsv" "$T/soap.clu" > "$T/w.pb" 2>> "$T/log"
# --keep_going: the unbalanced LiMg3 test CIF has all states 0, which bvse
# refuses (issue 18); the frame is checked on the other records.
tools/bvse --keep_going --params_dir="$SHARED_DIR/data/bvse" --resolution=0.3 --hop_path \
  --tsv="$T/b.tsv" "$T/x.crystals" > "$T/b.pb" 2>> "$T/log"
/usr/bin/python3 tests/python/frames_oracle.py tools/records "$T/d.pb" "$T/soap.clu" \
  "$T/w.pb" "$T/w.tsv" "$T/b.pb" "$T/b.tsv"
/usr/bin/python3 docs/examples/plot_scores.py "$T/w.pb" "$T/w.png"
test -s "$T/w.png" || { echo "FAIL: plot_scores.py wrote no figure" >&2; exit 1; }

# The README's "From Python" example, as written, on these streams.
mkdir "$T/readme"
cp "$T/x.crystals" "$T/readme/mp.crystals"; cp "$T/d.pb" "$T/readme/can.soap"
cp "$T/w.pb" "$T/readme/can.score"
awk '/^## From Python/ {on = 1} on && /^```python/ {grab = 1; next}
     grab && /^```/ {exit} grab {print}' README.md > "$T/readme/example.py"
test -s "$T/readme/example.py" || { echo "FAIL: no python example in the README" >&2; exit 1; }
(cd "$T/readme" && /usr/bin/python3 example.py) > "$T/readme/out"
grep -q "^Li3PS4_disordered NaLi4PS4 11$" "$T/readme/out" || {
  cat "$T/readme/out"; echo "FAIL: README example output" >&2; exit 1; }
echo "README example: ok ($(wc -l < "$T/readme/out") lines)"
