// Fills rank::Item from the pipeline's records: the Clustering cut at one
// depth, Crystal properties and BVSE results (joined by id, else MP id).
#ifndef IONSCREEN_LIB_RANK_RANK_IO_H_
#define IONSCREEN_LIB_RANK_RANK_IO_H_

#include <vector>

#include "absl/status/status.h"
#include "lib/bvse/bvse.pb.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/rank/rank.h"

namespace ionscreen::rank {

// Items (ids, cluster label at depth k) and the cut's centroids. NotFound
// when the clustering has no cut at k.
absl::Status ItemsFromClustering(const cluster::Clustering& clustering, int k,
                                 std::vector<Item>* items,
                                 std::vector<double>* centroids,
                                 int* num_clusters);

// Formula, space group, ICSD ids, E_hull and band gap from the crystal.
void JoinCrystal(const crystal::Crystal& c, Item* item);
// The space group spglib finds at `symprec_angstrom` (as pymatgen's
// SpacegroupAnalyzer), replacing the CIF's declared one: Materials Project
// CIFs are all written in P 1. Keeps the declared one if spglib fails.
void DetectSpaceGroup(const crystal::Crystal& c, double symprec_angstrom,
                      Item* item);
// BVSE Ea: the 3D percolation barrier (the paper's quantity).
void JoinBvse(const bvse::BvseResult& r, Item* item);

}  // namespace ionscreen::rank

#endif  // IONSCREEN_LIB_RANK_RANK_IO_H_
