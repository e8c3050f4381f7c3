// Writes the hostile inputs of tests/hostile (issue 16) into a folder:
// Crystal and Descriptor streams that are empty, truncated, of the wrong
// record type, corrupt in the middle, hold NaN/inf values or a 100,000-site
// cell, and CIFs with a 10^6 Å cell edge or 100,000 atoms.
// Usage: make_hostile_inputs DIR
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/cluster/clustering.pb.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/testing/fixtures.h"
#include "lib/describe/descriptor.pb.h"
#include "lib/stream/record_stream.h"
#include "lib/stream/stream.pb.h"

namespace {

using ionscreen::cluster::Clustering;
using ionscreen::crystal::Crystal;
using ionscreen::crystal::fixtures::AddSite;
using ionscreen::describe::DescriptorRecord;
using ionscreen::stream::StreamHeader;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void AppendDelimited(const std::string& bytes, std::string* out) {
  ionscreen::stream::AppendFrame(bytes, out);
}

template <typename T>
std::string Header(const std::vector<std::string>& labels = {}) {
  StreamHeader h;
  h.set_magic(std::string(ionscreen::stream::kMagic));
  h.set_record_type(T::descriptor()->full_name());
  auto* step = h.add_provenance();
  step->set_tool("make_hostile_inputs");
  for (const auto& l : labels) h.add_feature_labels(l);
  if (!labels.empty()) {
    (*h.mutable_parameters())["descriptor"] = "hostile";
    (*h.mutable_parameters())["dimension"] = absl::StrCat(labels.size());
  }
  return h.SerializeAsString();
}

// A stream of records, each given as serialized bytes (so a test can put
// bytes that do not parse in the middle).
template <typename T>
std::string Stream(const std::vector<std::string>& records,
                   const std::vector<std::string>& labels = {}) {
  std::string out;
  AppendDelimited(Header<T>(labels), &out);
  for (const std::string& r : records) AppendDelimited(r, &out);
  return out;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  if (!f) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

void SetLattice(double a, double b, double c, Crystal* x) {
  auto* l = x->mutable_lattice();
  l->clear_a_angstrom();
  l->clear_b_angstrom();
  l->clear_c_angstrom();
  for (double v : {a, 0.0, 0.0}) l->add_a_angstrom(v);
  for (double v : {0.0, b, 0.0}) l->add_b_angstrom(v);
  for (double v : {0.0, 0.0, c}) l->add_c_angstrom(v);
}


// Rock-salt LiF (8 sites, a = 4.03 Å) with oxidation states and properties.
Crystal LiF(const std::string& id) {
  Crystal c;
  c.set_id(id);
  c.set_mp_id(id);
  c.set_reduced_formula("LiF");
  c.set_representation("none");
  c.set_e_above_hull_ev(0.0);
  c.set_band_gap_ev(8.0);
  c.set_oxidation_tier(ionscreen::crystal::OXIDATION_FIXED_TABLE);
  SetLattice(4.03, 4.03, 4.03, &c);
  const double f[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
  for (int i = 0; i < 4; ++i) {
    AddSite(&c, absl::StrCat("Li", i), {f[i][0], f[i][1], f[i][2]}, {{3, 1.0, 1}});
    AddSite(&c, absl::StrCat("F", i), {std::fmod(f[i][0] + .5, 1.0), f[i][1], f[i][2]},
            {{9, 1.0, -1}});
  }
  return c;
}

std::string Bytes(const google::protobuf::Message& m) {
  return m.SerializeAsString();
}

std::string LiFCif(const std::string& name, const std::string& cell_a,
                   const std::string& f_symbol) {
  return absl::StrCat(
      "data_", name, "\n_cell_length_a ", cell_a,
      "\n_cell_length_b 4.03\n_cell_length_c 4.03\n"
      "_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n"
      "_symmetry_space_group_name_H-M 'F m -3 m'\n"
      "_symmetry_Int_Tables_number 225\n"
      "loop_\n_atom_site_label\n_atom_site_type_symbol\n"
      "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n"
      "_atom_site_occupancy\n"
      "Li1 Li 0 0 0 1\nF1 ",
      f_symbol, " 0.5 0.5 0.5 1\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_hostile_inputs DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  auto path = [&](const std::string& name) { return dir + "/" + name; };

  // --- Crystal streams.
  std::vector<std::string> good;
  for (int i = 0; i < 3; ++i) good.push_back(Bytes(LiF(absl::StrCat("lif-", i))));
  WriteFile(path("good.crystals"), Stream<Crystal>(good));
  WriteFile(path("empty.crystals"), "");
  WriteFile(path("header_only.crystals"), Stream<Crystal>({}));
  {
    std::string s = Stream<Crystal>(good);
    WriteFile(path("truncated.crystals"), s.substr(0, s.size() - 7));
  }
  // The middle record's bytes do not parse (wire type 7 everywhere).
  WriteFile(path("corrupt_middle.crystals"),
            Stream<Crystal>({good[0], std::string(good[1].size(), '\xff'),
                             good[2]}));
  Crystal nan_coord = LiF("bad-nan-coordinate");
  nan_coord.mutable_sites(2)->set_frac_y(kNaN);
  Crystal nan_lattice = LiF("bad-nan-lattice");
  nan_lattice.mutable_lattice()->set_b_angstrom(1, kNaN);
  Crystal inf_occ = LiF("bad-inf-occupancy");
  inf_occ.mutable_sites(0)->mutable_occupants(0)->set_occupancy(kInf);
  Crystal bad_z = LiF("bad-atomic-number");
  bad_z.mutable_sites(1)->mutable_occupants(0)->set_atomic_number(200);
  Crystal neg_z = LiF("bad-negative-atomic-number");
  neg_z.mutable_sites(1)->mutable_occupants(0)->set_atomic_number(-5);
  Crystal flat = LiF("bad-flat-cell");
  SetLattice(4.03, 4.03, 0, &flat);
  WriteFile(path("nan.crystals"), Stream<Crystal>({Bytes(nan_lattice)}));
  WriteFile(path("inf.crystals"), Stream<Crystal>({Bytes(inf_occ)}));
  WriteFile(path("bad_z.crystals"), Stream<Crystal>({Bytes(bad_z)}));
  WriteFile(path("mixed.crystals"),
            Stream<Crystal>({good[0], Bytes(nan_coord), good[1], Bytes(bad_z),
                             Bytes(neg_z), good[2], Bytes(inf_occ),
                             Bytes(flat)}));
  // Bad records before a good one (neb-prep --keep_going takes the first
  // record it can prepare).
  WriteFile(path("bad_first.crystals"),
            Stream<Crystal>({Bytes(nan_lattice), Bytes(bad_z), good[2]}));
  {
    // 100,000 sites on a simple grid in a 100 x 100 x 100 Å cell.
    Crystal huge = LiF("bad-100000-sites");
    huge.clear_sites();
    SetLattice(100, 100, 100, &huge);
    for (int i = 0; i < 100000; ++i) {
      AddSite(&huge, "Li",
              {(i % 50) / 50.0, ((i / 50) % 50) / 50.0, (i / 2500) / 40.0},
              {{3, 1.0, 1}});
    }
    WriteFile(path("huge.crystals"), Stream<Crystal>({Bytes(huge)}));
  }
  {
    Crystal big = LiF("bad-1e6-angstrom-edge");
    SetLattice(1e6, 4.03, 4.03, &big);
    WriteFile(path("bigcell.crystals"), Stream<Crystal>({Bytes(big)}));
  }

  // --- Descriptor streams (cluster, describe --mix).
  const std::vector<std::string> labels = {"f0", "f1", "f2"};
  auto descriptor = [](const std::string& id, double a, double b, double c) {
    DescriptorRecord r;
    r.set_id(id);
    r.set_mp_id(id);
    r.set_representation("none");
    for (double v : {a, b, c}) r.add_values(v);
    return r.SerializeAsString();
  };
  std::vector<std::string> gd = {
      descriptor("lif-0", 0, 0, 0), descriptor("lif-1", 1, 0, 0),
      descriptor("lif-2", 5, 5, 0), descriptor("lif-3", 5, 6, 0)};
  WriteFile(path("good.descriptors"), Stream<DescriptorRecord>(gd, labels));
  {
    std::vector<std::string> mix = {descriptor("lif-0", 1, 2, 3),
                                    descriptor("lif-1", 1, 2, 4),
                                    descriptor("lif-2", 1, 2, 5),
                                    descriptor("lif-3", 1, 2, 6)};
    WriteFile(path("good2.descriptors"), Stream<DescriptorRecord>(mix, labels));
  }
  WriteFile(path("empty.descriptors"), "");
  {
    std::string s = Stream<DescriptorRecord>(gd, labels);
    WriteFile(path("truncated.descriptors"), s.substr(0, s.size() - 5));
  }
  WriteFile(path("corrupt_middle.descriptors"),
            Stream<DescriptorRecord>(
                {gd[0], gd[1], std::string(gd[2].size(), '\xff'), gd[3]},
                labels));
  WriteFile(path("nan.descriptors"),
            Stream<DescriptorRecord>({gd[0], descriptor("bad-nan", kNaN, 0, 0),
                                      gd[1]},
                                     labels));
  // lif-3 missing: --mix cannot pair every record.
  WriteFile(path("three.descriptors"),
            Stream<DescriptorRecord>({gd[0], gd[1], gd[2]}, labels));
  // Same ids as good.descriptors (so --mix pairs them), NaN in one.
  WriteFile(path("nan4.descriptors"),
            Stream<DescriptorRecord>({gd[0], descriptor("lif-1", 0, kNaN, 0),
                                      gd[2], gd[3]},
                                     labels));
  WriteFile(path("mixed.descriptors"),
            Stream<DescriptorRecord>(
                {gd[0], descriptor("bad-nan", kNaN, 0, 0), gd[1],
                 descriptor("bad-inf", 0, -kInf, 0), gd[2], gd[3]},
                labels));
  {
    // 100,000 records: the average-linkage distance matrix would need 40 GB.
    std::vector<std::string> many;
    many.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
      many.push_back(descriptor(absl::StrCat("x", i), i % 317, i % 101, i % 7));
    }
    WriteFile(path("huge.descriptors"), Stream<DescriptorRecord>(many, labels));
  }

  // --- Clustering streams (score): a good clustering of lif-0..lif-3, one
  // of a single item (cannot be scored), the good one again.
  {
    Clustering ok;
    for (int i = 0; i < 4; ++i) {
      ok.add_ids(absl::StrCat("lif-", i));
      ok.add_mp_ids(absl::StrCat("lif-", i));
    }
    ok.set_linkage("ward");
    ok.set_metric("euclidean");
    ok.set_dimension(3);
    const double merges[3][4] = {{0, 1, 1.0, 2}, {2, 3, 1.5, 2}, {4, 5, 8.0, 4}};
    for (const auto& m : merges) {
      auto* row = ok.add_merges();
      row->set_a(static_cast<int64_t>(m[0]));
      row->set_b(static_cast<int64_t>(m[1]));
      row->set_height(m[2]);
      row->set_size(static_cast<int64_t>(m[3]));
    }
    auto* cut = ok.add_cuts();
    cut->set_k(2);
    cut->set_num_clusters(2);
    for (int a : {1, 1, 2, 2}) cut->add_assignment(a);
    cut->add_cluster_sizes(2);
    cut->add_cluster_sizes(2);
    Clustering one;
    one.add_ids("bad-one-item");
    one.add_mp_ids("bad-one-item");
    WriteFile(path("mixed.clustering"),
              Stream<Clustering>({Bytes(ok), Bytes(one), Bytes(ok)}));
    WriteFile(path("mixed_bad_only.clustering"), Stream<Clustering>({Bytes(one)}));
  }

  // --- Labels.
  WriteFile(path("labels.csv"),
            "id,sigma\nlif-0,1e-3\nlif-1,1e-9\nlif-2,2e-4\nlif-3,1e-8\n");
  WriteFile(path("nan_labels.csv"),
            "id,sigma\nlif-0,nan\nlif-1,inf\nlif-2,-inf\nlif-3,1e-8\n");

  // --- CIFs.
  WriteFile(path("good.cif"), LiFCif("lif_good", "4.03", "F"));
  WriteFile(path("good2.cif"), LiFCif("lif_good2", "4.05", "F"));
  WriteFile(path("bad_element.cif"), LiFCif("lif_bad", "4.03", "Xx"));
  WriteFile(path("nan.cif"), LiFCif("lif_nan", "nan", "F"));
  WriteFile(path("inf.cif"), LiFCif("lif_inf", "inf", "F"));
  WriteFile(path("bigedge.cif"), LiFCif("lif_bigedge", "1000000", "F"));
  {
    std::string s = LiFCif("lif_truncated", "4.03", "F");
    WriteFile(path("truncated.cif"), s.substr(0, s.size() - 40));
  }
  WriteFile(path("empty.cif"), "");
  WriteFile(path("garbage.cif"), std::string("\x00\x01\xff\xfe loop_ _x", 12));
  {
    std::string s =
        "data_huge\n_cell_length_a 100\n_cell_length_b 100\n"
        "_cell_length_c 100\n_cell_angle_alpha 90\n_cell_angle_beta 90\n"
        "_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 1'\n"
        "loop_\n_atom_site_label\n_atom_site_type_symbol\n"
        "_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n";
    for (int i = 0; i < 100000; ++i) {
      absl::StrAppend(&s, "Li", i, " Li ", (i % 50) / 50.0, " ",
                      ((i / 50) % 50) / 50.0, " ", (i / 2500) / 40.0, "\n");
    }
    WriteFile(path("huge.cif"), s);
  }
  return 0;
}
