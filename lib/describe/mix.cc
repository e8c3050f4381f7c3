#include "lib/describe/mix.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/describe/engine.h"

namespace ionscreen::describe {
namespace {

constexpr size_t kMaxExamples = 5;

std::string Representation(const DescriptorRecord& r) {
  return r.representation().empty() ? "none" : r.representation();
}
// Representation is part of the key: the same crystal simplified two ways
// is two different records.
std::string Key(const DescriptorRecord& r) {
  return absl::StrCat(r.id(), std::string(1, '\0'), Representation(r));
}
std::string Display(const DescriptorRecord& r) {
  return absl::StrCat("\"", r.id(), "\" (", Representation(r), ")");
}

struct Entry {
  uint64_t order;
  std::string display;
  std::vector<double> values;
};

struct Side {
  std::string name;
  std::string prefix;
  double weight;
  size_t dimension;
  std::vector<std::string> labels;
  std::unordered_map<std::string, Entry> index;  // inputs after the first
  uint64_t missing = 0;  // first-input records absent here
  std::vector<std::string> missing_examples;
};

absl::Status ReadHeader(size_t i, const MixInput& in, Side* side,
                        std::unordered_map<std::string, int>* prefixes) {
  const stream::StreamHeader& h = in.reader->header();
  auto dim_it = h.parameters().find("dimension");
  size_t dim;
  if (dim_it == h.parameters().end() ||
      !absl::SimpleAtoi(dim_it->second, &dim)) {
    return absl::InvalidArgumentError(absl::StrCat(
        in.name, ": stream header has no \"dimension\" parameter (not written "
                 "by describe?)"));
  }
  auto name_it = h.parameters().find("descriptor");
  std::string base = name_it == h.parameters().end() || name_it->second.empty()
                         ? absl::StrCat("input", i + 1)
                         : name_it->second;
  int n = ++(*prefixes)[base];
  side->prefix = n == 1 ? base : absl::StrCat(base, "_", n);
  side->name = in.name;
  side->weight = in.weight;
  side->dimension = dim;
  if (!std::isfinite(in.weight) || !(in.weight > 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        in.name, ": weight ", in.weight, " is not a finite number > 0"));
  }
  if (h.feature_labels_size() == 0) {
    for (size_t j = 0; j < dim; ++j) side->labels.push_back(absl::StrCat(j));
  } else if (static_cast<size_t>(h.feature_labels_size()) != dim) {
    return absl::InvalidArgumentError(absl::StrCat(
        in.name, ": header has ", h.feature_labels_size(),
        " feature labels for dimension ", dim));
  } else {
    side->labels.assign(h.feature_labels().begin(), h.feature_labels().end());
  }
  return absl::OkStatus();
}

absl::Status CheckLength(const Side& side, const DescriptorRecord& r,
                         uint64_t index) {
  if (static_cast<size_t>(r.values_size()) != side.dimension) {
    return absl::DataLossError(absl::StrCat(
        side.name, ": record ", index, " (id ", Display(r), ") has ",
        r.values_size(), " values, header says dimension ", side.dimension));
  }
  // A NaN or inf would pass into the mixed vector and fail far downstream
  // (issue 16): refuse it here, naming the record.
  for (int j = 0; j < r.values_size(); ++j) {
    if (!std::isfinite(r.values(j))) {
      return absl::InvalidArgumentError(absl::StrCat(
          side.name, ": record ", index, " (id ", Display(r),
          ") has the non-finite value ", r.values(j), " at feature ", j));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<MixSpec>> ParseMixSpecs(const std::string& text) {
  std::vector<MixSpec> out;
  for (absl::string_view piece : absl::StrSplit(text, ',')) {
    MixSpec spec;
    size_t colon = piece.rfind(':');
    if (colon == absl::string_view::npos) {
      spec.path = std::string(piece);
    } else {
      spec.path = std::string(piece.substr(0, colon));
      absl::string_view w = piece.substr(colon + 1);
      if (!absl::SimpleAtod(w, &spec.weight) || !std::isfinite(spec.weight) ||
          !(spec.weight > 0)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "mix input \"", piece, "\": weight \"", w,
            "\" is not a finite number > 0"));
      }
    }
    if (spec.path.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("mix list \"", text, "\": empty stream path"));
    }
    out.push_back(std::move(spec));
  }
  return out;
}

absl::StatusOr<MixSummary> MixDescriptorStreams(
    std::vector<MixInput> inputs, std::unique_ptr<stream::ByteSink> output,
    stream::ProvenanceStep step, bool keep_common_only) {
  if (inputs.empty()) return absl::InvalidArgumentError("nothing to mix");
  std::vector<Side> sides(inputs.size());
  std::unordered_map<std::string, int> prefixes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    RETURN_IF_ERROR(ReadHeader(i, inputs[i], &sides[i], &prefixes));
  }

  // Index every input but the first.
  for (size_t i = 1; i < inputs.size(); ++i) {
    Side& side = sides[i];
    for (uint64_t k = 0;; ++k) {
      DescriptorRecord r;
      ASSIGN_OR_RETURN(bool more, inputs[i].reader->Next(&r));
      if (!more) break;
      RETURN_IF_ERROR(CheckLength(side, r, k));
      auto [it, inserted] = side.index.try_emplace(Key(r));
      if (!inserted) {
        return absl::InvalidArgumentError(absl::StrCat(
            side.name, ": records ", it->second.order, " and ", k,
            " have the same id ", Display(r)));
      }
      it->second = Entry{k, Display(r),
                         std::vector<double>(r.values().begin(),
                                             r.values().end())};
    }
  }

  stream::StreamHeader header =
      stream::DerivedHeader(&inputs[0].reader->header(), std::move(step));
  auto& params = *header.mutable_parameters();
  size_t dimension = 0;
  std::vector<std::string> weights;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Side& side = sides[i];
    dimension += side.dimension;
    weights.push_back(absl::StrCat(side.prefix, ":", FormatDouble(side.weight)));
    for (const auto& [k, v] : inputs[i].reader->header().parameters()) {
      params[absl::StrCat(side.prefix, ".", k)] = v;
    }
    for (const std::string& l : side.labels) {
      header.add_feature_labels(absl::StrCat(side.prefix, ".", l));
    }
  }
  params["descriptor"] = "mix";
  params["dimension"] = absl::StrCat(dimension);
  params["mix"] = absl::StrJoin(weights, ",");
  // The header moves into the writer; messages below name features.
  const std::vector<std::string> feature_labels(header.feature_labels().begin(),
                                                header.feature_labels().end());
  ASSIGN_OR_RETURN(auto writer, stream::RecordWriter<DescriptorRecord>::Open(
                                    std::move(output), std::move(header)));

  // Stream the first input; after the first mismatch keep scanning (without
  // writing) so the error can report how many records differ.
  Side& first = sides[0];
  std::unordered_set<std::string> seen;
  bool mismatch = false;
  MixSummary summary;
  summary.dimension = dimension;
  for (uint64_t k = 0;; ++k) {
    DescriptorRecord r;
    ASSIGN_OR_RETURN(bool more, inputs[0].reader->Next(&r));
    if (!more) break;
    RETURN_IF_ERROR(CheckLength(first, r, k));
    std::string key = Key(r);
    if (!seen.insert(key).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          first.name, ": record ", k, " repeats id ", Display(r)));
    }
    DescriptorRecord out;
    out.set_id(r.id());
    out.set_representation(Representation(r));
    out.set_mp_id(r.mp_id());
    out.mutable_icsd_ids()->CopyFrom(r.icsd_ids());
    out.mutable_values()->Reserve(static_cast<int>(dimension));
    for (double v : r.values()) out.add_values(first.weight * v);
    bool missing = false;
    for (size_t i = 1; i < sides.size(); ++i) {
      Side& side = sides[i];
      auto it = side.index.find(key);
      if (it == side.index.end()) {
        missing = mismatch = true;
        if (side.missing++ < kMaxExamples) {
          side.missing_examples.push_back(Display(r));
        }
        continue;
      }
      for (double v : it->second.values) out.add_values(side.weight * v);
      side.index.erase(it);
    }
    if (missing) ++summary.records_dropped;
    if (missing || (mismatch && !keep_common_only)) continue;
    for (int j = 0; j < out.values_size(); ++j) {
      if (!std::isfinite(out.values(j))) {
        return absl::InvalidArgumentError(absl::StrCat(
            "record ", k, " (id ", Display(r), "): weighted feature ",
            j < static_cast<int>(feature_labels.size())
                ? feature_labels[j]
                : absl::StrCat(j),
            " is not finite"));
      }
    }
    RETURN_IF_ERROR(writer->Write(out));
    ++summary.records_written;
  }

  std::vector<std::string> problems;
  for (size_t i = 1; i < sides.size(); ++i) {
    Side& side = sides[i];
    if (side.missing > 0) {
      problems.push_back(absl::StrCat(
          side.missing, " record(s) of ", first.name, " missing from ",
          side.name, " (e.g. ", absl::StrJoin(side.missing_examples, ", "),
          ")"));
    }
    if (!side.index.empty()) {
      std::vector<const Entry*> extra;
      for (const auto& [k, e] : side.index) extra.push_back(&e);
      std::sort(extra.begin(), extra.end(),
                [](const Entry* a, const Entry* b) { return a->order < b->order; });
      std::vector<std::string> examples;
      for (size_t j = 0; j < extra.size() && j < kMaxExamples; ++j) {
        examples.push_back(extra[j]->display);
      }
      problems.push_back(absl::StrCat(
          extra.size(), " record(s) of ", side.name, " missing from ",
          first.name, " (e.g. ", absl::StrJoin(examples, ", "), ")"));
      summary.records_dropped += extra.size();
    }
  }
  if (!problems.empty() && keep_common_only) {
    summary.dropped = std::move(problems);
  } else if (!problems.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("mixed streams must hold the same (id, representation) "
                     "records: ",
                     absl::StrJoin(problems, "; ")));
  }
  RETURN_IF_ERROR(writer->Close());
  return summary;
}

}  // namespace ionscreen::describe
