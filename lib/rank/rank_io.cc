#include "lib/rank/rank_io.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/symmetry/symmetry.h"

namespace ionscreen::rank {

absl::Status ItemsFromClustering(const cluster::Clustering& cl, int k,
                                 std::vector<Item>* items,
                                 std::vector<double>* centroids,
                                 int* num_clusters) {
  const cluster::Cut* cut = nullptr;
  for (const auto& c : cl.cuts()) {
    if (c.k() == k) cut = &c;
  }
  if (cut == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "the clustering has no cut at k=", k, " (run cluster with --k=", k,
        ")"));
  }
  if (cut->assignment_size() != cl.ids_size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cut at k=", k, " assigns ", cut->assignment_size(),
                     " items but the clustering has ", cl.ids_size()));
  }
  items->clear();
  for (int i = 0; i < cl.ids_size(); ++i) {
    Item it;
    it.id = cl.ids(i);
    if (i < cl.mp_ids_size()) it.mp_id = cl.mp_ids(i);
    if (i < cl.icsd_ids_size()) {
      for (int64_t id : cl.icsd_ids(i).icsd_ids()) it.icsd_ids.push_back(id);
    }
    it.cluster = cut->assignment(i);
    items->push_back(std::move(it));
  }
  centroids->assign(cut->centroids().begin(), cut->centroids().end());
  *num_clusters = cut->num_clusters();
  return absl::OkStatus();
}

void JoinCrystal(const crystal::Crystal& c, Item* item) {
  item->formula = c.reduced_formula();
  if (c.space_group().number() > 0 || !c.space_group().hermann_mauguin().empty()) {
    item->space_group = absl::StrCat(c.space_group().hermann_mauguin(), " (#",
                                     c.space_group().number(), ")");
  }
  if (item->mp_id.empty()) item->mp_id = c.mp_id();
  if (item->icsd_ids.empty()) {
    for (int64_t id : c.icsd_ids()) item->icsd_ids.push_back(id);
  }
  if (c.has_e_above_hull_ev()) item->e_above_hull_ev = c.e_above_hull_ev();
  if (c.has_band_gap_ev()) item->band_gap_ev = c.band_gap_ev();
}

void DetectSpaceGroup(const crystal::Crystal& c, double symprec_angstrom,
                      Item* item) {
  absl::StatusOr<symmetry::Symmetry> s = symmetry::Analyze(c, symprec_angstrom);
  if (s.ok()) item->space_group = symmetry::Label(*s);
}

void JoinBvse(const bvse::BvseResult& r, Item* item) {
  item->ea_bvse_ev = r.ea_3d_ev();
}

}  // namespace ionscreen::rank
