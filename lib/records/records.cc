#include "lib/records/records.h"

#include <cmath>
#include <cstdio>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "lib/base/status_macros.h"
#include "lib/crystal/crystal.pb.h"
#include "lib/crystal/crystal_util.h"
#include "lib/records/structure_export.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::records {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

absl::StatusOr<std::string> ToJson(const Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  auto status = google::protobuf::util::MessageToJsonString(m, &out, o);
  if (!status.ok()) {
    return absl::InternalError(std::string(status.message()));
  }
  return out;
}

std::string CrystalTsvHeader() {
  return "id\tformula\tsites\tvolume_angstrom3\tdensity_g_per_cm3\t"
         "space_group\trepresentation\tdisordered\n";
}

std::string CrystalTsvRow(const crystal::Crystal& c) {
  std::string sg = c.space_group().hermann_mauguin();
  if (c.space_group().number() > 0) {
    absl::StrAppend(&sg, sg.empty() ? "" : " ", "(", c.space_group().number(), ")");
  }
  return absl::StrFormat("%s\t%s\t%.6g\t%.6f\t%.6f\t%s\t%s\t%s\n", c.id(),
                         c.reduced_formula(), crystal::NumAtoms(c),
                         crystal::VolumeAngstrom3(c),
                         crystal::DensityGramPerCm3(c), sg,
                         c.representation().empty() ? "none" : c.representation(),
                         crystal::IsDisordered(c) ? "yes" : "no");
}

// Generic TSV: scalar fields, and the length of repeated ones.
std::string GenericTsvHeader(const google::protobuf::Descriptor* d) {
  std::vector<std::string> cols;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) {
      cols.push_back(absl::StrCat(f->name(), "_count"));
    } else if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      cols.push_back(f->name());
    }
  }
  return absl::StrCat(absl::StrJoin(cols, "\t"), "\n");
}

std::string GenericTsvRow(const Message& m) {
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  const google::protobuf::Reflection* r = m.GetReflection();
  std::vector<std::string> cols;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) {
      cols.push_back(absl::StrCat(r->FieldSize(m, f)));
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) continue;
    std::string v;
    google::protobuf::TextFormat::PrintFieldValueToString(m, f, -1, &v);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && v.size() >= 2) {
      v = v.substr(1, v.size() - 2);
    }
    cols.push_back(v);
  }
  return absl::StrCat(absl::StrJoin(cols, "\t"), "\n");
}

}  // namespace

absl::Status PrintStream(stream::ByteSource& source_in, stream::ByteSink& sink,
                         const PrintOptions& options) {
  // Wrap the caller's source without taking ownership.
  struct Borrowed : stream::ByteSource {
    explicit Borrowed(stream::ByteSource& s) : s(s) {}
    absl::StatusOr<size_t> Read(char* out, size_t n) override {
      return s.Read(out, n);
    }
    const std::string& name() const override { return s.name(); }
    stream::ByteSource& s;
  };
  ASSIGN_OR_RETURN(std::unique_ptr<stream::RawRecordReader> reader,
                   stream::RawRecordReader::Open(
                       std::make_unique<Borrowed>(source_in), ""));
  const stream::StreamHeader& header = reader->header();
  const google::protobuf::Descriptor* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          header.record_type());
  if (type == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        reader->name(), ": unknown record type ", header.record_type()));
  }
  std::unique_ptr<Message> record(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  bool is_crystal = type == crystal::Crystal::descriptor();
  const bool structure_format =
      options.format == Format::kCif || options.format == Format::kExtxyz;
  if (structure_format && !is_crystal) {
    return absl::FailedPreconditionError(absl::StrCat(
        reader->name(), ": --format=",
        options.format == Format::kCif ? "cif" : "extxyz",
        " needs a Crystal stream; this one holds ", header.record_type(),
        " records"));
  }
  // CIF data block names in use (a repeated id gets "_2", "_3", ...).
  absl::flat_hash_set<std::string> blocks;

  if (options.header && options.format == Format::kCif) {
    std::string text = absl::StrCat("# ionscreen stream of ",
                                    header.record_type(), " records\n");
    for (const auto& p : header.provenance()) {
      absl::StrAppend(&text, "# ", p.tool(), " ", p.version());
      for (const auto& f : p.flags()) absl::StrAppend(&text, " ", f);
      if (!p.comment().empty()) absl::StrAppend(&text, " (", p.comment(), ")");
      absl::StrAppend(&text, "\n");
    }
    RETURN_IF_ERROR(sink.Write(text));
  }
  if (options.header) {
    if (options.format == Format::kText) {
      std::string text;
      google::protobuf::TextFormat::PrintToString(header, &text);
      RETURN_IF_ERROR(sink.Write(absl::StrCat("# header\n", text, "\n")));
    } else if (options.format == Format::kJson) {
      ASSIGN_OR_RETURN(std::string json, ToJson(header));
      RETURN_IF_ERROR(sink.Write(absl::StrCat("{\"header\":", json, "}\n")));
    }
  }
  if (options.format == Format::kTsv) {
    RETURN_IF_ERROR(
        sink.Write(is_crystal ? CrystalTsvHeader() : GenericTsvHeader(type)));
  }
  int64_t n = 0;
  while (options.limit < 0 || n < options.limit) {
    ASSIGN_OR_RETURN(bool more, reader->Next(record.get()));
    if (!more) break;
    std::string out;
    switch (options.format) {
      case Format::kText: {
        google::protobuf::TextFormat::PrintToString(*record, &out);
        out = absl::StrCat("# record ", n, "\n", out, "\n");
        break;
      }
      case Format::kJson: {
        ASSIGN_OR_RETURN(out, ToJson(*record));
        out += "\n";
        break;
      }
      case Format::kCif: {
        const auto& c = static_cast<const crystal::Crystal&>(*record);
        std::string base = CifBlockName(c.id());
        std::string block = base;
        for (int k = 2; !blocks.insert(block).second; ++k) {
          block = absl::StrCat(base, "_", k);
        }
        ASSIGN_OR_RETURN(std::string cif, CrystalToCif(c, block));
        out = absl::StrCat(n == 0 ? "" : "\n", cif);
        break;
      }
      case Format::kExtxyz: {
        ASSIGN_OR_RETURN(
            out, CrystalToExtxyz(static_cast<const crystal::Crystal&>(*record)));
        break;
      }
      case Format::kTsv:
        out = is_crystal ? CrystalTsvRow(
                               static_cast<const crystal::Crystal&>(*record))
                         : GenericTsvRow(*record);
        break;
    }
    RETURN_IF_ERROR(sink.Write(out));
    ++n;
  }
  return sink.Flush();
}

}  // namespace ionscreen::records

namespace ionscreen::records {

absl::Status ConcatStreams(
    std::vector<std::unique_ptr<stream::ByteSource>> sources,
    stream::ByteSink& sink, const stream::ProvenanceStep& step,
    const ConcatOptions& options, ConcatReport* report) {
  if (sources.empty()) return absl::InvalidArgumentError("usage: no inputs");
  std::vector<std::unique_ptr<stream::RawRecordReader>> readers;
  for (auto& s : sources) {
    ASSIGN_OR_RETURN(auto r, stream::RawRecordReader::Open(std::move(s), ""));
    if (!readers.empty() &&
        r->header().record_type() != readers[0]->header().record_type()) {
      return absl::FailedPreconditionError(absl::StrCat(
          r->name(), " holds ", r->header().record_type(), " records but ",
          readers[0]->name(), " holds ", readers[0]->header().record_type()));
    }
    readers.push_back(std::move(r));
  }
  const std::string type_name = readers[0]->header().record_type();
  const google::protobuf::Descriptor* type =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          type_name);
  if (type == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("unknown record type ", type_name));
  }
  bool is_crystal = type == crystal::Crystal::descriptor();
  if (options.drop_duplicate_icsd && !is_crystal) {
    return absl::InvalidArgumentError(
        "usage: --drop_duplicate_icsd needs Crystal streams");
  }
  const google::protobuf::FieldDescriptor* id_field = type->FindFieldByName("id");
  stream::StreamHeader header = readers[0]->header();
  *header.add_provenance() = step;
  std::string bytes;
  // Records are copied as bytes, framed as RawRecordWriter frames them
  // (format v2, whatever the inputs' format).
  header.set_magic(std::string(stream::kMagic));
  std::string frame;
  auto put = [&sink, &frame](const std::string& payload) -> absl::Status {
    frame.clear();
    stream::AppendFrame(payload, &frame);
    return sink.Write(frame);
  };
  RETURN_IF_ERROR(put(stream::SerializeDeterministic(header)));
  std::unique_ptr<Message> record(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(type)
          ->New());
  absl::flat_hash_map<int64_t, std::string> icsd_owner;
  absl::flat_hash_set<std::string> ids;
  if (options.shard_count < 1 || options.shard_index < 0 ||
      options.shard_index >= options.shard_count) {
    return absl::InvalidArgumentError("usage: --shard must be i/N with 0 <= i < N");
  }
  int64_t index = -1;
  for (auto& reader : readers) {
    while (true) {
      ASSIGN_OR_RETURN(bool more, reader->NextBytes(&bytes));
      if (!more) break;
      if (++index % options.shard_count != options.shard_index) continue;
      if (!record->ParseFromString(bytes)) {
        return absl::DataLossError(absl::StrCat(
            reader->name(), ": corrupt record ", reader->records_read() - 1));
      }
      std::string id = id_field != nullptr && id_field->type() ==
                                                  google::protobuf::FieldDescriptor::TYPE_STRING
                           ? record->GetReflection()->GetString(*record, id_field)
                           : "";
      if (is_crystal && options.drop_duplicate_icsd) {
        const auto& c = static_cast<const crystal::Crystal&>(*record);
        std::string owner;
        for (int64_t icsd : c.icsd_ids()) {
          auto it = icsd_owner.find(icsd);
          if (it != icsd_owner.end()) {
            owner = absl::StrCat(it->second, " (ICSD ", icsd, ")");
            break;
          }
        }
        if (!owner.empty()) {
          ++report->dropped_duplicate_icsd;
          if (report->dropped_examples.size() < 20) {
            report->dropped_examples.push_back(
                absl::StrCat(id, " duplicates ", owner));
          }
          continue;
        }
        for (int64_t icsd : c.icsd_ids()) icsd_owner.emplace(icsd, id);
      }
      if (options.keep_ids != nullptr && !options.keep_ids->contains(id)) {
        ++report->not_in_keep_ids;
        continue;
      }
      if (!id.empty() && !ids.insert(id).second) {
        if (!options.drop_duplicate_ids) {
          return absl::FailedPreconditionError(absl::StrCat(
              reader->name(), ": duplicate id \"", id,
              "\" (use --drop_duplicate_ids to keep the first)"));
        }
        ++report->dropped_duplicate_ids;
        continue;
      }
      RETURN_IF_ERROR(put(bytes));
      ++report->records;
    }
  }
  if (options.keep_ids != nullptr) {
    for (const auto& k : *options.keep_ids) {
      if (!ids.contains(k)) ++report->keep_ids_missing;
    }
  }
  return sink.Flush();
}

}  // namespace ionscreen::records
