"""results/report.md: which of the paper's numbers this run reproduces on
this corpus, which differ, and why (Snakemake script)."""
import csv
import math
import os

cfg = snakemake.config
out = []
w = out.append


def read_tsv(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


summary = read_tsv(snakemake.input.summary)
n = len(summary)
disordered = sum(1 for r in summary if r["disordered"] == "yes")
w("# ionscreen reproduction report\n")
w(f"Structures after ingest and merging: **{n}** ({disordered} with partial occupancy). "
  "The paper clustered ~26,000 ICSD + Materials Project (2020) structures; this corpus is "
  "21,796 MP (2025) Li structures plus 321 OBELiX structures, so it lacks the paper's "
  "~4,700 ICSD-only structures, and MP has re-relaxed many cells since 2020 (often r2SCAN).\n")

ranking = os.path.join(os.path.dirname(snakemake.input.ranking), "figure2_ranking.tsv")
if os.path.exists(ranking):
    rk = read_tsv(ranking)
    w("## Figure 2: descriptor ranking by mean W_sigma (k = 2..%s)\n" % cfg["figure2_k_max"])
    w("| rank | descriptor | best simplification | mean W_sigma | control |")
    w("|---|---|---|---|---|")
    for r in rk:
        w(f"| {r['rank']} | {r['descriptor']} | {r['best_representation']} | "
          f"{float(r['mean_w_sigma']):.4g} | {float(r['mean_control']):.4g} |")
    top = rk[0] if rk else None
    if top:
        verdict = ("reproduced" if top["descriptor"] == "soap" and top["best_representation"] == "CAN"
                   else "differs")
        w(f"\nPaper: SOAP on CAN is the best descriptor. Here the best is "
          f"**{top['descriptor']} on {top['best_representation']}** — {verdict}.\n")

common = read_tsv(snakemake.input.common)
if common:
    allrow = common[0]
    w("## Structure set\n")
    if cfg.get("structure_set", "common") == "common":
        w(f"Every pair (and every 2nd-order mixture) was clustered on the same **{allrow['common']}** "
          f"structures: those every clustered pair described ({allrow['not_in_common']} of "
          f"{allrow['described']} left out; per pair in results/tables/common_set.tsv), as the "
          "authors' Step 4 `compiled` set.\n")
    else:
        w("Each pair was clustered on the structures its descriptor described (structure_set: per_pair).\n")

scores = read_tsv(snakemake.input.scores)
if scores:
    per_pair = {}
    for r in scores:
        per_pair.setdefault((r["representation"], r["descriptor"]), r)
    labels = sorted({r.get("matched_labels", "") for r in per_pair.values()})
    w(f"Matched labels per pair: {', '.join(labels)} (one label per structure; "
      f"labels.duplicates = {cfg['labels'].get('duplicates', 'average')}).\n")

cov = read_tsv(snakemake.input.coverage)
skipped = [r for r in cov if r["clustered"] != "yes"]
w("## Representations not clustered\n")
w(f"{len(cov) - len(skipped)} of {len(cov)} (representation, descriptor) pairs were clustered "
  f"and scored. A pair is clustered when its descriptor describes at least "
  f"{float(cfg['min_coverage']):.0%} of the representation's structures (results/tables/coverage.tsv; "
  "docs/decisions.md, \"Coverage rule\"). The paper reports 180 scored pairs without saying how "
  "undefined descriptors were treated.\n")
if skipped:
    w("| representation | descriptor | described | reason |")
    w("|---|---|---|---|")
    for r in skipped:
        w(f"| {r['representation']} | {r['descriptor']} | {r['described']} of {r['structures']} | "
          f"{r['reason']} |")
    w("")

mix = read_tsv(snakemake.input.mixing)
w("## 2nd-order SOAP mixing\n")
w("Paper: mixing SOAP with a second descriptor at 1e-5..9e-5 improves W_sigma by 2-3%.\n")
w("| mixture | weight | mean W_sigma | change vs SOAP (%) |")
w("|---|---|---|---|")
for r in mix:
    w(f"| {r['mixture']} | {r['weight']} | {float(r['mean_w_sigma']):.4g} | "
      f"{r['change_vs_base_percent']} |")

w(f"\nBest by mean W_sigma (k = 2..{cfg['figure2_k_max']}), used for the candidates and "
  f"Figure 3: **{snakemake.params.best}**.\n")

f3 = [r for r in read_tsv(snakemake.input.figure3) if not r["cluster"].startswith("#")]
if f3:
    best = max(f3, key=lambda r: float(r["high_sigma_percent"]))
    w("\n## Figure 3\n")
    w(f"Paper: at 9 clusters one cluster holds 15% of structures and >50% of high-sigma labels. "
      f"Here (cut to {len(f3)} clusters) cluster #{best['cluster']} holds "
      f"{float(best['structures_percent']):.1f}% of structures and "
      f"{float(best['high_sigma_percent']):.1f}% of high-sigma labels.\n")

cands = read_tsv(snakemake.input.candidates)
null = {r["quantity"]: r["value"] for r in read_tsv(snakemake.input.null)}
w("## Candidates\n")
w(f"Paper: 212 structures at k = 241 after the E_hull (<= 70 meV), band-gap (>= 1 eV) and "
  f"BVSE (< 0.6 eV) filters. Here: **{len(cands)}** from {null.get('selected_clusters', '?')} "
  f"clusters ({null.get('selected_structures', '?')} structures before the filters).\n")
if null:
    w("Null model (`rank --null_tsv`): the same filters on every structure give "
      f"{null['filters_alone_structures']} structures, with {null['filters_alone_recall']} of the "
      f"paper's top ten ({null['top_ids_present']} of them are in this corpus). The clusters "
      f"keep {null['real_recall']}; {null['draws']} random sets of clusters of the same total "
      f"size keep {float(null['mean_recall']):.2f} ± {float(null['sd_recall']):.2f} on average, "
      f"and {100 * float(null['fraction_recall_ge_real']):.1f}% of them keep at least as many.\n")

t2 = read_tsv(snakemake.input.table2)
paper_top = ["Li3VS4", "Na3Li3Al2F12", "Li2Te", "LiAlTe2", "LiInTe2", "Li6MnS4",
             "LiGaTe2", "Li3BS3", "KLi6TaO6", "Li3CuS2"]
w("## Table 2\n")
w("Paper's top ten (BVSE meV): Li3VS4 160, Na3Li3Al2F12 230, Li2Te 260, LiAlTe2 260, "
  "LiInTe2 270, Li6MnS4 270, LiGaTe2 270, Li3BS3 280, KLi6TaO6 300, Li3CuS2 310.\n")
ours = [r["compound"] for r in t2]
found = [c for c in paper_top if c in ours]
w(f"Our Table 2 has {len(t2)} compounds; {len(found)} of the paper's top ten appear: "
  f"{', '.join(found) if found else 'none'}. Top of ours: "
  f"{', '.join(ours[:10]) if ours else 'none'}.\n")

# BVSE vs the paper's values (joined by MP id through mp/index.tsv).
paper = {}
for r in read_tsv(snakemake.input.index):
    try:
        paper[r["mp_id"]] = float(r["bvse_ea_ev_paper"])
    except (ValueError, KeyError):
        pass
pairs = []
for r in read_tsv(snakemake.input.bvse):
    try:
        ours_ea = float(r["ea_3d_ev"])
    except ValueError:
        continue
    if r["mp_id"] in paper and math.isfinite(ours_ea):
        pairs.append((ours_ea, paper[r["mp_id"]]))
w("## BVSE activation energies vs the paper\n")
if len(pairs) >= 3:
    import statistics
    xs, ys = zip(*pairs)
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    r = sum((x - mx) * (y - my) for x, y in pairs) / (sx * sy) if sx > 0 and sy > 0 else float("nan")
    mad = statistics.median(abs(x - y) for x, y in pairs)
    w(f"{len(pairs)} structures have both: Pearson r = {r:.3f}, median |difference| = "
      f"{1000 * mad:.0f} meV. Differences come from re-relaxed MP cells and the paper's "
      f"bisection to 20/2^11 eV.\n")
else:
    w(f"Only {len(pairs)} structures have both values (too few to compare).\n")

with open(snakemake.output[0] + ".part", "w") as f:
    f.write("\n".join(out) + "\n")
os.replace(snakemake.output[0] + ".part", snakemake.output[0])
