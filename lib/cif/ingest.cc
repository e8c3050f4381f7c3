#include "lib/cif/ingest.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/element/element.h"
#include "lib/stream/byte_io.h"

namespace ionscreen::cif {

std::string ReasonClass(absl::string_view message) {
  static const std::pair<const char*, const char*> kClasses[] = {
      {"oxidation", "oxidation states"},
      {"net charge", "oxidation states"},
      {"syntax error", "CIF syntax error"},
      {"cannot open", "cannot open file"},
      {"missing cell parameter", "missing cell parameter"},
      {"is not positive", "bad cell parameter"},
      {"is not in (0, 180)", "bad cell parameter"},
      {"volume is zero", "zero or negative volume"},
      {"unknown element", "unknown element"},
      {"unknown symmetry operator", "unknown symmetry operator"},
      {"unknown space group", "unknown space group"},
      {"duplicate data block", "duplicate block name"},
      {"duplicate tag", "duplicate tag"},
      {"no atoms", "no atoms"},
      {"no data blocks", "no data blocks"},
      {"occupanc", "bad occupancy"},
      {"oxidation", "oxidation states"},
      {"net charge", "oxidation states"},
      {"is not a number", "non-numeric value"},
  };
  for (const auto& [needle, cls] : kClasses) {
    if (absl::StrContains(message, needle)) return cls;
  }
  return "other";
}

std::string IngestReport::Summary() const {
  std::string s = absl::StrCat("files ", files, ", blocks ", blocks,
                               ", parsed ", parsed, ", skipped ", skipped);
  if (filtered > 0) absl::StrAppend(&s, ", filtered out ", filtered);
  if (with_properties > 0) {
    absl::StrAppend(&s, ", with properties ", with_properties);
  }
  if (!skipped_by_reason.empty()) {
    absl::StrAppend(&s, " (");
    bool first = true;
    for (const auto& [reason, n] : skipped_by_reason) {
      absl::StrAppend(&s, first ? "" : ", ", reason, ": ", n);
      first = false;
    }
    absl::StrAppend(&s, ")");
  }
  return s;
}

namespace {

// Splits one CSV line (RFC 4180 quotes; no embedded newlines).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        out.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      out.emplace_back();
    } else if (ch != '\r') {
      out.back() += ch;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<absl::flat_hash_map<std::string, Properties>> ReadPropertiesTsv(
    const std::string& path) {
  // .csv files (e.g. OBELiX's obelix.csv: "ID", "ICSD ID") are read as CSV.
  const bool csv = absl::EndsWithIgnoreCase(path, ".csv");
  auto split = [csv](const std::string& line) {
    return csv ? SplitCsv(line)
               : std::vector<std::string>(absl::StrSplit(line, '\t'));
  };
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string line;
  if (!std::getline(in, line)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": empty file"));
  }
  std::vector<std::string> header = split(line);
  int id_col = -1, hull_col = -1, gap_col = -1, icsd_col = -1;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    std::string h = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
    if (id_col < 0 && (h == "mp_id" || h == "id" || h == "material_id")) id_col = i;
    if (hull_col < 0 && absl::StartsWith(h, "e_above_hull")) hull_col = i;
    if (gap_col < 0 && absl::StartsWith(h, "band_gap")) gap_col = i;
    if (icsd_col < 0 && (absl::StartsWith(h, "icsd_id") || h == "icsd id")) {
      icsd_col = i;
    }
  }
  if (id_col < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": no id column (mp_id, id or material_id) in the header"));
  }
  absl::flat_hash_map<std::string, Properties> out;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::vector<std::string> f = split(line);
    if (static_cast<int>(f.size()) <= id_col) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": too few columns"));
    }
    Properties p;
    double v;
    if (hull_col >= 0 && hull_col < static_cast<int>(f.size()) &&
        absl::SimpleAtod(f[hull_col], &v) && std::isfinite(v)) {
      p.e_above_hull_ev = v;
    }
    if (gap_col >= 0 && gap_col < static_cast<int>(f.size()) &&
        absl::SimpleAtod(f[gap_col], &v) && std::isfinite(v)) {
      p.band_gap_ev = v;
    }
    if (icsd_col >= 0 && icsd_col < static_cast<int>(f.size())) {
      for (absl::string_view tok :
           absl::StrSplit(f[icsd_col], absl::ByAnyChar(", ;"), absl::SkipEmpty())) {
        // "155950" or "155950.0" (a CSV written by pandas).
        double id;
        // (< 9e18: "inf" would be undefined as an int64; found by fuzzing.)
        if (absl::SimpleAtod(tok, &id) && id > 0 && id < 9e18 &&
            id == std::floor(id)) {
          p.icsd_ids.push_back(static_cast<int64_t>(id));
        }
      }
    }
    out[std::string(absl::StripAsciiWhitespace(f[id_col]))] = std::move(p);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ExpandInputs(
    const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& in : inputs) {
    struct stat st;
    if (in != "-" && stat(in.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      DIR* dir = opendir(in.c_str());
      if (dir == nullptr) {
        return absl::NotFoundError(absl::StrCat(in, ": cannot list directory"));
      }
      std::vector<std::string> names;
      while (dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        if (absl::EndsWithIgnoreCase(name, ".cif")) names.push_back(name);
      }
      closedir(dir);
      std::sort(names.begin(), names.end());
      std::string prefix = absl::EndsWith(in, "/") ? in : in + "/";
      for (const auto& n : names) out.push_back(prefix + n);
    } else {
      out.push_back(in);
    }
  }
  return out;
}

absl::Status Ingest(const std::vector<std::string>& files,
                    const IngestOptions& options,
                    stream::RecordWriter<crystal::Crystal>& writer,
                    IngestReport* report) {
  int required_z = 0;
  if (!options.require_element.empty()) {
    ASSIGN_OR_RETURN(const element::Element* e,
                     element::BySymbol(options.require_element));
    required_z = e->atomic_number;
  }
  stream::SkipCounter skips(options.skip);
  for (const std::string& file : files) {
    ++report->files;
    std::vector<BlockResult> blocks;
    if (file == "-") {
      auto source = stream::FdSource(0, "<stdin>");
      ASSIGN_OR_RETURN(std::string text, stream::ReadAll(*source));
      blocks = ReadCifText(text, "<stdin>", options.cif);
    } else {
      blocks = ReadCifFile(file, options.cif);
    }
    for (BlockResult& b : blocks) {
      ++report->blocks;
      absl::Status status = b.crystal.status();
      if (status.ok() && options.post_process) {
        status = options.post_process(&*b.crystal);
      }
      if (!status.ok()) {
        std::string where = b.block.empty()
                                ? b.file
                                : absl::StrCat(b.file, ": block ", b.block);
        ASSIGN_OR_RETURN(bool use, skips.Keep(where, status));
        if (!use) {
          ++report->skipped;
          ++report->skipped_by_reason[ReasonClass(status.message())];
          continue;
        }
      }
      crystal::Crystal& c = *b.crystal;
      if (required_z > 0) {
        bool has = false;
        for (const auto& s : c.sites())
          for (const auto& o : s.occupants())
            has |= o.atomic_number() == required_z;
        if (!has) {
          ++report->filtered;
          continue;
        }
      }
      if (options.properties != nullptr) {
        auto it = options.properties->find(c.id());
        if (it == options.properties->end() && !c.mp_id().empty()) {
          it = options.properties->find(c.mp_id());
        }
        if (it != options.properties->end()) {
          const Properties& p = it->second;
          if (p.e_above_hull_ev) c.set_e_above_hull_ev(*p.e_above_hull_ev);
          if (p.band_gap_ev) c.set_band_gap_ev(*p.band_gap_ev);
          for (int64_t id : p.icsd_ids) {
            if (std::find(c.icsd_ids().begin(), c.icsd_ids().end(), id) ==
                c.icsd_ids().end()) {
              c.add_icsd_ids(id);
            }
          }
          ++report->with_properties;
        }
      }
      RETURN_IF_ERROR(writer.Write(c));
      ++report->parsed;
    }
    if (options.on_file_done) options.on_file_done();
  }
  return absl::OkStatus();
}

}  // namespace ionscreen::cif
