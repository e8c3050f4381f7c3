#include "lib/describe/engine.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <set>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal_util.h"

namespace ionscreen::describe {
namespace {

constexpr char kDisorderParam[] = "disorder";

// Runs fn(0..n-1) on up to `threads` threads. Each index is handled exactly
// once; callers store results by index, so the outcome is independent of
// scheduling.
void ParallelFor(size_t n, int threads,
                 const std::function<void(size_t)>& fn) {
  size_t workers = std::min<size_t>(std::max(threads, 1), n);
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    });
  }
  for (std::thread& t : pool) t.join();
}

// Computes and validates one vector; never returns a non-finite value.
absl::StatusOr<std::vector<double>> ComputeChecked(
    const Descriptor& d, const crystal::Crystal& c, size_t dimension,
    const std::vector<std::string>& labels) {
  ASSIGN_OR_RETURN(std::vector<double> v, d.Compute(c));
  const bool per_site = d.PerSite() && dimension > 0 &&
                        v.size() % dimension == 0 && !v.empty();
  if (v.size() != dimension && !per_site) {
    return absl::InternalError(
        absl::StrCat("descriptor returned ", v.size(),
                     " values, expected dimension ", dimension));
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return absl::InternalError(absl::StrCat(
          "feature ", i, " (", labels[i % labels.size()], ") is ", v[i],
          " (descriptors must return finite values)"));
    }
  }
  return v;
}

std::string NameOf(uint64_t index, const crystal::Crystal& c) {
  return stream::RecordName(static_cast<int64_t>(index), c.id());
}

DescriptorRecord ToRecord(const crystal::Crystal& c, std::vector<double> v) {
  DescriptorRecord r;
  r.set_id(c.id());
  r.set_representation(c.representation().empty() ? "none"
                                                  : c.representation());
  r.mutable_values()->Assign(v.begin(), v.end());
  r.set_mp_id(c.mp_id());
  r.mutable_icsd_ids()->CopyFrom(c.icsd_ids());
  return r;
}

// Computes a batch in parallel, then reports/writes in input order.
class BatchRunner {
 public:
  BatchRunner(const Descriptor& d, const DescribeOptions& options,
              stream::RecordWriter<DescriptorRecord>* writer,
              stream::StageCounts* summary)
      : d_(d),
        options_(options),
        writer_(writer),
        summary_(summary),
        skips_(options.skip),
        dimension_(d.dimension()),
        labels_(d.feature_labels()) {}

  // `pre` holds precomputed CheckRecord statuses (may be null: computed here).
  absl::Status Run(const std::vector<crystal::Crystal>& records, size_t begin,
                   size_t end, uint64_t first_index,
                   const std::vector<absl::Status>* pre) {
    const size_t n = end - begin;
    std::vector<absl::StatusOr<std::vector<double>>> results(
        n, absl::UnknownError("not computed"));
    ParallelFor(n, options_.threads, [&](size_t k) {
      const crystal::Crystal& c = records[begin + k];
      absl::Status ok = pre != nullptr ? (*pre)[begin + k]
                                       : CheckRecord(c, options_.disorder);
      if (!ok.ok()) {
        results[k] = ok;
        return;
      }
      results[k] = ComputeChecked(d_, c, dimension_, labels_);
    });
    for (size_t k = 0; k < n; ++k) {
      const crystal::Crystal& c = records[begin + k];
      ASSIGN_OR_RETURN(bool use, skips_.Keep(NameOf(first_index + k, c),
                                             results[k].status()));
      summary_->records_skipped = skips_.skipped();
      if (!use) continue;
      RETURN_IF_ERROR(writer_->Write(ToRecord(c, std::move(*results[k]))));
      ++summary_->records_written;
    }
    return absl::OkStatus();
  }

 private:
  const Descriptor& d_;
  const DescribeOptions& options_;
  stream::RecordWriter<DescriptorRecord>* writer_;
  stream::StageCounts* summary_;
  stream::SkipCounter skips_;
  size_t dimension_;
  std::vector<std::string> labels_;
};

absl::StatusOr<std::unique_ptr<stream::RecordWriter<DescriptorRecord>>>
OpenOutput(const std::string& name, const Descriptor& d,
           const stream::StreamHeader& input_header,
           stream::ProvenanceStep step, DisorderPolicy policy,
           std::unique_ptr<stream::ByteSink> output) {
  const size_t dim = d.dimension();
  std::vector<std::string> labels = d.feature_labels();
  if (labels.size() != dim) {
    return absl::InternalError(
        absl::StrCat("descriptor ", name, " has ", labels.size(),
                     " feature labels for dimension ", dim));
  }
  stream::StreamHeader header =
      stream::DerivedHeader(&input_header, std::move(step));
  auto& params = *header.mutable_parameters();
  for (const auto& [k, v] : d.EffectiveParams()) params[k] = v;
  params["descriptor"] = name;
  params["dimension"] = absl::StrCat(dim);
  params[kDisorderParam] = DisorderPolicyName(policy);
  if (d.PerSite()) params["per_site"] = "true";  // dimension is per site
  for (std::string& l : labels) header.add_feature_labels(std::move(l));
  return stream::RecordWriter<DescriptorRecord>::Open(std::move(output),
                                                      std::move(header));
}

size_t BatchSize(const DescribeOptions& o) {
  if (o.batch_size > 0) return o.batch_size;
  // Large enough to keep threads busy despite uneven structure sizes, small
  // enough for smooth progress and bounded memory.
  return std::max<size_t>(64, 16 * static_cast<size_t>(std::max(o.threads, 1)));
}

}  // namespace

absl::StatusOr<DisorderPolicy> ParseDisorderPolicy(const std::string& text) {
  if (text == "weighted") return DisorderPolicy::kWeighted;
  if (text == "error") return DisorderPolicy::kError;
  return absl::InvalidArgumentError(absl::StrCat(
      "disorder policy \"", text, "\" is not one of: weighted, error"));
}

std::string DisorderPolicyName(DisorderPolicy policy) {
  return policy == DisorderPolicy::kError ? "error" : "weighted";
}

absl::Status CheckRecord(const crystal::Crystal& c, DisorderPolicy policy) {
  RETURN_IF_ERROR(crystal::Validate(c));
  if (policy == DisorderPolicy::kError) {
    for (const crystal::Site& s : c.sites()) {
      if (!crystal::IsSiteDisordered(s)) continue;
      std::string occupants;
      for (const crystal::Occupant& o : s.occupants()) {
        absl::StrAppend(&occupants, occupants.empty() ? "" : " ", "Z",
                        o.atomic_number(), ":", o.occupancy());
      }
      return absl::FailedPreconditionError(absl::StrCat(
          "disordered site ", s.label(), " (", occupants,
          ") refused by --disorder=error"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Params> ParseParamList(const std::string& text) {
  Params out;
  if (text.empty()) return out;
  std::string last;
  for (absl::string_view piece : absl::StrSplit(text, ',')) {
    size_t eq = piece.find('=');
    if (eq == absl::string_view::npos) {
      if (last.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "parameter list \"", text, "\": \"", piece,
            "\" is not name=value"));
      }
      absl::StrAppend(&out[last], ",", piece);
      continue;
    }
    std::string name(piece.substr(0, eq));
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter list \"", text, "\": empty name"));
    }
    if (out.count(name) > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter ", name, " given twice"));
    }
    out[name] = std::string(piece.substr(eq + 1));
    last = name;
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Descriptor>> MakeDescriptor(
    const std::string& name, const Params& params) {
  ASSIGN_OR_RETURN(const DescriptorInfo* info, FindDescriptor(name));
  if (params.count(kDisorderParam) > 0) {
    return absl::InvalidArgumentError(
        "the disorder policy is set with --disorder, not as a parameter");
  }
  std::unique_ptr<Descriptor> d = info->factory();
  absl::Status s = d->Configure(params);
  if (!s.ok()) {
    return absl::Status(s.code(),
                        absl::StrCat("descriptor ", name, ": ", s.message()));
  }
  return d;
}

absl::StatusOr<stream::StageCounts> Describe(
    const std::string& descriptor_name, Descriptor& descriptor,
    stream::RecordReader<crystal::Crystal>& input,
    std::unique_ptr<stream::ByteSink> output, stream::ProvenanceStep step,
    const DescribeOptions& options) {
  if (options.threads < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("threads must be >= 1, got ", options.threads));
  }
  stream::StageCounts summary;
  const size_t batch = BatchSize(options);

  if (descriptor.NeedsPrepare()) {
    // Buffer everything: Prepare must see the whole data set before the
    // header (dimension, labels) can be written.
    std::vector<crystal::Crystal> all;
    while (true) {
      crystal::Crystal c;
      ASSIGN_OR_RETURN(bool more, input.Next(&c));
      if (!more) break;
      all.push_back(std::move(c));
    }
    summary.records_read = all.size();
    std::vector<absl::Status> pre(all.size());
    bool all_ok = true;
    ParallelFor(all.size(), options.threads,
                [&](size_t i) { pre[i] = CheckRecord(all[i], options.disorder); });
    for (size_t i = 0; i < all.size(); ++i) {
      if (pre[i].ok()) continue;
      all_ok = false;
      // With keep_going the error is reported in order by the batch runner.
      if (!options.skip.keep_going) {
        stream::SkipCounter fail_fast(stream::SkipPolicy{});
        return fail_fast.Keep(NameOf(i, all[i]), pre[i]).status();
      }
    }
    absl::Status prepared;
    if (all_ok) {
      prepared = descriptor.Prepare(all);
    } else {
      std::vector<crystal::Crystal> usable;
      for (size_t i = 0; i < all.size(); ++i) {
        if (pre[i].ok()) usable.push_back(all[i]);
      }
      prepared = descriptor.Prepare(usable);
    }
    if (!prepared.ok()) {
      return absl::Status(
          prepared.code(),
          absl::StrCat("descriptor ", descriptor_name,
                       ": preparing over all records: ", prepared.message()));
    }
    ASSIGN_OR_RETURN(auto writer,
                     OpenOutput(descriptor_name, descriptor, input.header(),
                                std::move(step), options.disorder,
                                std::move(output)));
    BatchRunner runner(descriptor, options, writer.get(), &summary);
    for (size_t begin = 0; begin < all.size(); begin += batch) {
      size_t end = std::min(all.size(), begin + batch);
      RETURN_IF_ERROR(runner.Run(all, begin, end, begin, &pre));
      if (options.on_progress) options.on_progress(end, all.size());
    }
    RETURN_IF_ERROR(writer->Close());
    return summary;
  }

  ASSIGN_OR_RETURN(auto writer,
                   OpenOutput(descriptor_name, descriptor, input.header(),
                              std::move(step), options.disorder,
                              std::move(output)));
  BatchRunner runner(descriptor, options, writer.get(), &summary);
  std::vector<crystal::Crystal> records(batch);
  bool more = true;
  while (more) {
    size_t n = 0;
    while (n < batch) {
      ASSIGN_OR_RETURN(more, input.Next(&records[n]));
      if (!more) break;
      ++n;
    }
    RETURN_IF_ERROR(runner.Run(records, 0, n, summary.records_read, nullptr));
    summary.records_read += n;
    if (n > 0 && options.on_progress) options.on_progress(summary.records_read, 0);
  }
  RETURN_IF_ERROR(writer->Close());
  return summary;
}

std::string FormatDouble(double value) {
  for (int precision = 1; precision < 17; ++precision) {
    std::string s = absl::StrFormat("%.*g", precision, value);
    if (std::strtod(s.c_str(), nullptr) == value) return s;
  }
  return absl::StrFormat("%.17g", value);
}

namespace {

// The dimension with default parameters, or why there is none.
std::string DefaultDimension(Descriptor& d) {
  absl::Status s = d.Configure({});
  if (!s.ok()) return absl::StrCat("needs parameters (", s.message(), ")");
  if (d.NeedsPrepare()) {
    return "depends on the data set (e.g. the species present), fixed after "
           "reading all records";
  }
  return absl::StrCat(d.dimension());
}

// "[number, Å, > 0]", "[off|inner|outer]".
std::string TypeNote(const ParamSpec& p) {
  std::vector<std::string> parts = {
      p.type == ParamType::kChoice ? absl::StrJoin(p.choices, "|")
                                   : ParamTypeName(p.type)};
  if (!p.unit.empty()) parts.push_back(p.unit);
  if (!p.range.empty()) parts.push_back(p.range);
  return absl::StrCat("[", absl::StrJoin(parts, ", "), "]");
}

std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", c));
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

constexpr char kDisorderNote[] =
    "All descriptors accept --disorder=weighted (default: each occupant "
    "weighted by its occupancy) or --disorder=error (refuse partially "
    "occupied sites).";

}  // namespace

std::string ListDescriptors() {
  std::string out;
  std::vector<const DescriptorInfo*> all = RegisteredDescriptors();
  if (all.empty()) return "no descriptors registered\n";
  for (const DescriptorInfo* info : all) {
    absl::StrAppend(&out, info->name, "\n  ", info->description, "\n");
    std::unique_ptr<Descriptor> d = info->factory();
    std::vector<ParamSpec> specs = d->param_specs();
    if (specs.empty()) absl::StrAppend(&out, "  parameters: none\n");
    else absl::StrAppend(&out, "  parameters:\n");
    for (const ParamSpec& p : specs) {
      absl::StrAppend(&out, "    ", p.name, " = ",
                      p.default_value.empty() ? "(empty)" : p.default_value,
                      "  ", p.help, " ", TypeNote(p), "\n");
    }
    absl::StrAppend(&out, "  dimension: ", DefaultDimension(*d), "\n");
  }
  absl::StrAppend(&out, "\n", kDisorderNote, "\n");
  return out;
}

std::string ListDescriptorsJson() {
  std::vector<std::string> descriptors;
  for (const DescriptorInfo* info : RegisteredDescriptors()) {
    std::unique_ptr<Descriptor> d = info->factory();
    std::vector<std::string> params;
    for (const ParamSpec& p : d->param_specs()) {
      std::vector<std::string> choices;
      for (const std::string& c : p.choices) choices.push_back(JsonString(c));
      params.push_back(absl::StrCat(
          "{\"name\": ", JsonString(p.name), ", \"type\": ",
          JsonString(ParamTypeName(p.type)), ", \"default\": ",
          JsonString(p.default_value), ", \"unit\": ", JsonString(p.unit),
          ", \"range\": ", JsonString(p.range), ", \"choices\": [",
          absl::StrJoin(choices, ", "), "], \"data_path\": ",
          p.data_path() ? "true" : "false", ", \"help\": ",
          JsonString(p.help), "}"));
    }
    // Configured with defaults: a number, or null when it depends on the
    // data set or on parameters that must be given.
    const bool fixed = d->Configure({}).ok() && !d->NeedsPrepare();
    descriptors.push_back(absl::StrCat(
        "    {\"name\": ", JsonString(info->name), ", \"description\": ",
        JsonString(info->description), ", \"dimension\": ",
        fixed ? absl::StrCat(d->dimension()) : "null",
        ",\n     \"parameters\": [",
        params.empty() ? "" : "\n       ",
        absl::StrJoin(params, ",\n       "), "]}"));
  }
  return absl::StrCat(
      "{\"descriptors\": [\n", absl::StrJoin(descriptors, ",\n"),
      "\n  ],\n \"disorder\": {\"flag\": \"--disorder\", \"choices\": "
      "[\"weighted\", \"error\"], \"default\": \"weighted\"}}\n");
}

}  // namespace ionscreen::describe
