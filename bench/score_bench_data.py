"""Synthetic input for bench/score_bench.sh: a random monotone merge tree on N
structures (JSON Clustering for tests/rank/json_to_stream, one cut at k=KMAX
so score covers k = 2..KMAX) and a label CSV with L rows (some duplicated)."""
import json
import random
import sys

n, kmax, nlab, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(7)
active = list(range(n))
size = {i: 1 for i in range(n)}
merges = []
for t in range(n - 1):
    i = rng.randrange(len(active))
    a = active[i]
    active[i] = active[-1]
    active.pop()
    j = rng.randrange(len(active))
    b = active[j]
    s = size[a] + size[b]
    node = n + t
    size[node] = s
    active[j] = node
    merges.append({"a": a, "b": b, "height": float(t + 1), "size": s})
ids = [f"s{i:05d}" for i in range(n)]
with open(out + ".json", "w") as f:
    json.dump({"ids": ids, "mp_ids": [f"mp-{i}" for i in range(n)],
               "merges": merges, "cuts": [{"k": kmax}]}, f)
    f.write("\n")
with open(out + ".labels.csv", "w") as f:
    f.write("id,sigma\n")
    picked = rng.sample(range(n), nlab)
    for r, i in enumerate(picked):
        f.write(f"{ids[i]},{10 ** rng.uniform(-12, -2):.6g}\n")
        if r % 10 == 0:  # a duplicate row for every tenth structure
            f.write(f"{ids[i]},{10 ** rng.uniform(-12, -2):.6g}\n")
