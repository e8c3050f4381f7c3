#include "lib/labels/labels.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ionscreen::labels {
namespace {

// One CSV/TSV line into fields; CSV fields may be "quoted" ("" = quote).
std::vector<std::string> SplitFields(absl::string_view line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cur += ch;
      }
    } else if (ch == '"' && cur.empty() && sep == ',') {
      quoted = true;
    } else if (ch == sep) {
      out.push_back(std::string(absl::StripAsciiWhitespace(cur)));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(std::string(absl::StripAsciiWhitespace(cur)));
  return out;
}

int FindColumn(const std::vector<std::string>& header,
               const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    for (size_t c = 0; c < header.size(); ++c) {
      if (absl::EqualsIgnoreCase(header[c], name)) return static_cast<int>(c);
    }
  }
  return -1;
}

absl::StatusOr<std::vector<int64_t>> ParseIcsd(absl::string_view s) {
  std::vector<int64_t> out;
  for (absl::string_view part :
       absl::StrSplit(s, absl::ByAnyChar(";|"), absl::SkipWhitespace())) {
    double v;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(part), &v) ||
        v != std::floor(v) || v < 0 || !(v < 9e18)) {  // inf: UB as int64
      return absl::InvalidArgumentError(absl::StrCat("bad ICSD id '", s, "'"));
    }
    if (v > 0) out.push_back(static_cast<int64_t>(v));  // 0 means none
  }
  return out;
}

}  // namespace

absl::StatusOr<LabelTable> ParseLabels(absl::string_view text,
                                       const LabelOptions& options) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  while (!lines.empty() && absl::StripAsciiWhitespace(lines.back()).empty()) {
    lines.pop_back();
  }
  if (lines.empty()) return absl::InvalidArgumentError("empty labels file");
  const char sep = absl::StrContains(lines[0], '\t') ? '\t' : ',';
  auto fields_of = [&](size_t i) {
    return SplitFields(absl::StripSuffix(lines[i], "\r"), sep);
  };

  LabelTable table;
  table.log10 = options.label == "sigma";
  std::vector<std::string> header = fields_of(0);
  int id_col = FindColumn(header, {"id", "structure_id"});
  int mp_col = FindColumn(header, {"mp_id", "mp-id", "mpid", "mp id"});
  int icsd_col =
      FindColumn(header, {"icsd", "icsd_id", "icsd id", "icsd_ids"});
  int value_col = -1;
  size_t first = 1;
  if (id_col < 0 && mp_col < 0 && icsd_col < 0) {
    // Headerless: composition, sigma, space group number, ICSD id.
    int64_t sg;
    if (header.size() < 4 || !absl::SimpleAtoi(header[2], &sg)) {
      return absl::InvalidArgumentError(
          "labels file: no id/mp_id/icsd column in the header and not the "
          "headerless 'composition,sigma,space group,ICSD id' format");
    }
    if (!options.column.empty()) {
      return absl::InvalidArgumentError(
          "--label_column needs a labels file with a header");
    }
    icsd_col = 3;
    value_col = 1;
    first = 0;
    table.column = "column 2";
  } else {
    std::vector<std::string> names;
    if (!options.column.empty()) {
      names = {options.column};
    } else if (options.label == "sigma") {
      names = {"sigma_s_per_cm", "sigma", "Ionic conductivity (S cm-1)",
               "target"};
    } else {
      names = {options.label, options.label + "_ev"};
    }
    value_col = FindColumn(header, names);
    if (value_col < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "labels file has no value column named ", absl::StrJoin(names, " or ")));
    }
    table.column = header[value_col];
  }

  for (size_t i = first; i < lines.size(); ++i) {
    if (absl::StripAsciiWhitespace(lines[i]).empty()) continue;
    std::vector<std::string> f = fields_of(i);
    f.resize(std::max(f.size(), header.size()));
    const int line_no = static_cast<int>(i) + 1;
    absl::string_view v = f[value_col];
    if (v.empty()) continue;  // no label on this row
    LabelRow row;
    row.line = line_no;
    if (id_col >= 0) row.id = f[id_col];
    if (mp_col >= 0) row.mp_id = f[mp_col];
    if (icsd_col >= 0 && !f[icsd_col].empty()) {
      absl::StatusOr<std::vector<int64_t>> icsd = ParseIcsd(f[icsd_col]);
      if (!icsd.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("labels line ", line_no, ": ", icsd.status().message()));
      }
      row.icsd_ids = *icsd;
    }
    bool bound = false;
    if (absl::ConsumePrefix(&v, "<")) {
      if (options.below_bound == BelowBoundPolicy::kDrop) {
        ++table.dropped_below_bound;
        continue;
      }
      bound = true;
    }
    double value;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(v), &value) ||
        !std::isfinite(value)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "labels line ", line_no, ": value '", f[value_col],
          "' is not a number"));
    }
    (void)bound;
    if (table.log10) {
      if (value <= 0) {
        ++table.dropped_nonpositive;
        continue;
      }
      value = std::log10(value);
    }
    row.value = value;
    table.rows.push_back(std::move(row));
  }
  return table;
}

absl::StatusOr<LabelTable> ParseLabelFiles(
    const std::vector<std::string>& texts,
    const std::vector<std::string>& names, const LabelOptions& options) {
  LabelTable table;
  for (size_t f = 0; f < texts.size(); ++f) {
    const std::string name =
        f < names.size() ? names[f] : absl::StrCat("label file ", f + 1);
    absl::StatusOr<LabelTable> part = ParseLabels(texts[f], options);
    if (!part.ok()) {
      return absl::Status(part.status().code(),
                          absl::StrCat(name, ": ", part.status().message()));
    }
    if (f == 0) {
      table.column = part->column;
      table.log10 = part->log10;
    }
    table.source_names.push_back(name);
    for (LabelRow& row : part->rows) {
      row.source = static_cast<int>(f);
      table.rows.push_back(std::move(row));
    }
    table.dropped_below_bound += part->dropped_below_bound;
    table.dropped_nonpositive += part->dropped_nonpositive;
  }
  if (texts.empty()) return absl::InvalidArgumentError("no label files");
  return table;
}

ItemKeys KeysOfClustering(const cluster::Clustering& clustering) {
  ItemKeys keys;
  const int n = clustering.ids_size();
  keys.ids.assign(clustering.ids().begin(), clustering.ids().end());
  keys.mp_ids.resize(n);
  keys.icsd_ids.resize(n);
  for (int i = 0; i < n; ++i) {
    if (i < clustering.mp_ids_size()) keys.mp_ids[i] = clustering.mp_ids(i);
    if (i < clustering.icsd_ids_size()) {
      keys.icsd_ids[i].assign(clustering.icsd_ids(i).icsd_ids().begin(),
                              clustering.icsd_ids(i).icsd_ids().end());
    }
  }
  return keys;
}

absl::StatusOr<Duplicates> ParseDuplicates(absl::string_view name) {
  if (name == "average") return Duplicates::kAverage;
  if (name == "rows") return Duplicates::kRows;
  return absl::InvalidArgumentError(
      absl::StrCat("label duplicates '", name, "': average or rows"));
}

const char* DuplicatesName(Duplicates d) {
  return d == Duplicates::kAverage ? "average" : "rows";
}

LabelJoin JoinLabels(const LabelTable& table, const ItemKeys& keys,
                     Duplicates duplicates) {
  absl::flat_hash_map<std::string, std::vector<int>> by_id, by_mp;
  absl::flat_hash_map<int64_t, std::vector<int>> by_icsd;
  const int n = static_cast<int>(keys.ids.size());
  for (int i = 0; i < n; ++i) {
    by_id[keys.ids[i]].push_back(i);
    if (i < static_cast<int>(keys.mp_ids.size()) && !keys.mp_ids[i].empty()) {
      by_mp[keys.mp_ids[i]].push_back(i);
    }
    if (i < static_cast<int>(keys.icsd_ids.size())) {
      for (int64_t icsd : keys.icsd_ids[i]) {
        std::vector<int>& v = by_icsd[icsd];
        if (v.empty() || v.back() != i) v.push_back(i);
      }
    }
  }
  LabelJoin join;
  // Per item: index into join.labels of its averaged label (kAverage) and
  // the label file that labelled it first (first label file wins).
  std::vector<int> slot(n, -1);
  absl::flat_hash_map<int, int> first_source;
  std::vector<double> sum;
  for (const LabelRow& row : table.rows) {
    const std::vector<int>* items = nullptr;
    const char* by = "";
    if (!row.id.empty()) {
      auto it = by_id.find(row.id);
      if (it != by_id.end()) {
        items = &it->second;
        by = "id";
      }
    }
    if (items == nullptr && !row.mp_id.empty()) {
      auto it = by_mp.find(row.mp_id);
      if (it != by_mp.end()) {
        items = &it->second;
        by = "mp_id";
      }
    }
    std::vector<int> icsd_items;
    if (items == nullptr) {
      for (int64_t icsd : row.icsd_ids) {
        auto it = by_icsd.find(icsd);
        if (it == by_icsd.end()) continue;
        for (int i : it->second) {
          if (std::find(icsd_items.begin(), icsd_items.end(), i) ==
              icsd_items.end()) {
            icsd_items.push_back(i);
          }
        }
      }
      if (!icsd_items.empty()) {
        items = &icsd_items;
        by = "icsd";
      }
    }
    if (items == nullptr) {
      std::vector<std::string> k;
      if (!row.id.empty()) k.push_back("id=" + row.id);
      if (!row.mp_id.empty()) k.push_back("mp=" + row.mp_id);
      for (int64_t icsd : row.icsd_ids) k.push_back(absl::StrCat("icsd=", icsd));
      if (k.empty()) k.push_back(absl::StrCat("line=", row.line));
      join.unmatched.push_back(absl::StrJoin(k, "|"));
      continue;
    }
    bool any = false, superseded = false;
    for (int i : *items) {
      auto it = first_source.find(i);
      if (it != first_source.end() && it->second < row.source) {
        superseded = true;
        continue;
      }
      first_source.emplace(i, row.source);
      any = true;
      if (duplicates == Duplicates::kAverage && slot[i] >= 0) {
        ResolvedLabel& l = join.labels[slot[i]];
        sum[slot[i]] += row.value;
        ++l.rows;
        continue;
      }
      if (slot[i] < 0) ++join.labelled_structures;
      slot[i] = static_cast<int>(join.labels.size());
      join.labels.push_back({i, row.value, 1, row.source, by});
      sum.push_back(row.value);
    }
    if (any) ++join.matched_rows;
    if (!any && superseded) ++join.superseded;
  }
  if (duplicates == Duplicates::kAverage) {
    for (size_t j = 0; j < join.labels.size(); ++j) {
      join.labels[j].value = sum[j] / join.labels[j].rows;
    }
    std::sort(join.labels.begin(), join.labels.end(),
              [](const ResolvedLabel& a, const ResolvedLabel& b) {
                return a.item < b.item;
              });
  }
  return join;
}

LabelJoin JoinLabels(const LabelTable& table,
                     const cluster::Clustering& clustering,
                     Duplicates duplicates) {
  return JoinLabels(table, KeysOfClustering(clustering), duplicates);
}

std::string ResolvedLabelsTsv(const LabelTable& table, const LabelJoin& join,
                              const ItemKeys& keys, absl::string_view label) {
  std::string out = absl::StrCat(
      "id\tmp_id\t", table.log10 ? absl::StrCat("log10_", label) : std::string(label),
      "\tn_rows\tsource\tmatched_by\n");
  for (const ResolvedLabel& l : join.labels) {
    const std::string& src = l.source < static_cast<int>(table.source_names.size())
                                 ? table.source_names[l.source]
                                 : std::string();
    absl::StrAppendFormat(
        &out, "%s\t%s\t%.17g\t%d\t%s\t%s\n", keys.ids[l.item],
        l.item < static_cast<int>(keys.mp_ids.size()) ? keys.mp_ids[l.item] : "",
        l.value, l.rows, src, l.matched_by);
  }
  return out;
}

absl::Status ReadLabelTexts(absl::string_view comma_separated_paths,
                            std::vector<std::string>* texts,
                            std::vector<std::string>* names) {
  for (absl::string_view path :
       absl::StrSplit(comma_separated_paths, ',', absl::SkipEmpty())) {
    std::ifstream lf{std::string(path)};
    if (!lf) {
      return absl::NotFoundError(absl::StrCat(path, ": cannot open --labels"));
    }
    std::stringstream text;
    text << lf.rdbuf();
    texts->push_back(text.str());
    names->push_back(std::string(path.substr(path.rfind('/') + 1)));
  }
  return absl::OkStatus();
}

}  // namespace ionscreen::labels
