// Reads crystal structures from CIF files with gemmi's CIF parser: every data
// block, symmetry expanded to the full cell, coincident sites merged, partial
// occupancies kept as several occupants, oxidation states from
// _atom_type_oxidation_number or typed symbols ("Li1+", "O2-").
#ifndef IONSCREEN_LIB_CIF_CIF_READER_H_
#define IONSCREEN_LIB_CIF_CIF_READER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/crystal/crystal.pb.h"

namespace ionscreen::cif {

struct CifOptions {
  // Sites closer than this (Å, minimum image) are the same site.
  double merge_tolerance_angstrom = 0.01;
};

// One data block's outcome: a crystal, or an error naming file, block and
// reason. A file that cannot be parsed at all yields one failed block.
struct BlockResult {
  std::string file;
  std::string block;
  absl::StatusOr<crystal::Crystal> crystal;
};

// Parses CIF text (`name` is used in ids and messages).
std::vector<BlockResult> ReadCifText(const std::string& text,
                                     const std::string& name,
                                     const CifOptions& options = {});
// Reads a file from disk.
std::vector<BlockResult> ReadCifFile(const std::string& path,
                                     const CifOptions& options = {});

// Convenience: the first block of a file as a crystal, or its error.
absl::StatusOr<crystal::Crystal> ReadFirstCrystal(const std::string& path,
                                                  const CifOptions& options = {});

}  // namespace ionscreen::cif

#endif  // IONSCREEN_LIB_CIF_CIF_READER_H_
