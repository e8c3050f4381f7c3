#include "lib/describe/param_schema.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "lib/base/status_macros.h"
#include "lib/element/element.h"

namespace ionscreen::describe {

// A declared parameter: what users see, plus how to parse, check, set,
// save and format the field it is bound to.
struct ParamSchema::Binding {
  ParamSpec spec;
  std::optional<double> min, max;
  bool min_open = false, max_open = false;
  bool symbol_order = false;
  std::function<bool()> shown;
  // Parses and checks `text`; returns the assignment to make.
  std::function<absl::StatusOr<std::function<void()>>(const Binding&,
                                                      absl::string_view)>
      parse;
  // Returns a function that puts the field's current value back.
  std::function<std::function<void()>()> save;
  std::function<std::string(const Binding&)> format;
};

namespace {

using Binding = ParamSchema::Binding;

absl::Status Bad(const Binding& b, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("parameter ", b.spec.name, ": ", what));
}

std::string RangeText(const Binding& b) {
  if (b.min && b.max) {
    if (b.spec.type != ParamType::kNumber && !b.min_open && !b.max_open) {
      return absl::StrCat(FormatNumber(*b.min), "..", FormatNumber(*b.max));
    }
    return absl::StrCat(b.min_open ? "(" : "[", FormatNumber(*b.min), ", ",
                        FormatNumber(*b.max), b.max_open ? ")" : "]");
  }
  if (b.min) return absl::StrCat(b.min_open ? "> " : ">= ", FormatNumber(*b.min));
  if (b.max) return absl::StrCat(b.max_open ? "< " : "<= ", FormatNumber(*b.max));
  return "";
}

absl::Status CheckRange(const Binding& b, double v) {
  const bool low = b.min && (b.min_open ? !(v > *b.min) : !(v >= *b.min));
  const bool high = b.max && (b.max_open ? !(v < *b.max) : !(v <= *b.max));
  if (!low && !high) return absl::OkStatus();
  return Bad(b, absl::StrCat("must be ", b.min && b.max ? "in " : "",
                             RangeText(b), " (got ", FormatNumber(v), ")"));
}

absl::StatusOr<double> ParseNumber(const Binding& b, absl::string_view text) {
  double v;
  if (!absl::SimpleAtod(text, &v) || !std::isfinite(v)) {
    return Bad(b, absl::StrCat("\"", text, "\" is not a number"));
  }
  RETURN_IF_ERROR(CheckRange(b, v));
  return v;
}

absl::StatusOr<int> ParseInteger(const Binding& b, absl::string_view text) {
  int v;
  if (!absl::SimpleAtoi(text, &v)) {
    return Bad(b, absl::StrCat("\"", text, "\" is not an integer"));
  }
  RETURN_IF_ERROR(CheckRange(b, v));
  return v;
}

absl::StatusOr<int> ParseElement(const Binding& b, absl::string_view text) {
  auto e = element::BySymbol(absl::StripAsciiWhitespace(text));
  if (!e.ok()) return Bad(b, absl::StrCat("unknown element \"", text, "\""));
  return (*e)->atomic_number;
}

// The comma-separated items of a list value, in order, each through
// `item`; an empty item is skipped when skip_empty, else `item` refuses it.
absl::StatusOr<std::vector<int>> ParseIntList(
    const Binding& b, absl::string_view text,
    absl::StatusOr<int> (*item)(const Binding&, absl::string_view),
    bool skip_empty) {
  std::vector<int> out;
  for (absl::string_view piece : absl::StrSplit(text, ',')) {
    if (skip_empty && absl::StripAsciiWhitespace(piece).empty()) continue;
    ASSIGN_OR_RETURN(int v, item(b, piece));
    out.push_back(v);
  }
  return out;
}

// Binds a field of type T: `parse` turns text into a T (checked).
template <typename T>
void Bind(Binding& b, T* field,
          std::function<absl::StatusOr<T>(const Binding&, absl::string_view)>
              parse,
          std::function<std::string(const Binding&, const T&)> format) {
  b.parse = [field, parse](const Binding& self, absl::string_view text)
      -> absl::StatusOr<std::function<void()>> {
    ASSIGN_OR_RETURN(T v, parse(self, text));
    return std::function<void()>([field, v] { *field = v; });
  };
  b.save = [field] {
    T old = *field;
    return std::function<void()>([field, old] { *field = old; });
  };
  b.format = [field, format](const Binding& self) {
    return format(self, *field);
  };
}

}  // namespace

const char* ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kNumber: return "number";
    case ParamType::kInteger: return "integer";
    case ParamType::kBool: return "bool";
    case ParamType::kChoice: return "choice";
    case ParamType::kText: return "text";
    case ParamType::kPath: return "path";
    case ParamType::kElement: return "element";
    case ParamType::kElements: return "elements";
    case ParamType::kIntegers: return "integers";
  }
  return "?";
}

std::string FormatNumber(double value) {
  char buf[40];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  return buf;
}

ParamSchema::Decl& ParamSchema::Decl::Unit(std::string unit) {
  b_->spec.unit = std::move(unit);
  return *this;
}
ParamSchema::Decl& ParamSchema::Decl::Help(std::string help) {
  b_->spec.help = std::move(help);
  return *this;
}
ParamSchema::Decl& ParamSchema::Decl::Bound(bool lower, double value,
                                            bool open) {
  (lower ? b_->min : b_->max) = value;
  (lower ? b_->min_open : b_->max_open) = open;
  b_->spec.range = RangeText(*b_);
  return *this;
}
ParamSchema::Decl& ParamSchema::Decl::SymbolOrder() {
  b_->symbol_order = true;
  return *this;
}
ParamSchema::Decl& ParamSchema::Decl::ShownIf(std::function<bool()> shown) {
  b_->shown = std::move(shown);
  return *this;
}

ParamSchema::ParamSchema() = default;
ParamSchema::~ParamSchema() = default;

ParamSchema::Binding& ParamSchema::Add(std::string name,
                                       std::string default_value) {
  bindings_.push_back(std::make_unique<Binding>());
  Binding& b = *bindings_.back();
  b.spec.name = std::move(name);
  b.spec.default_value = std::move(default_value);
  return b;
}

ParamSchema::Decl ParamSchema::Number(std::string name, double* field,
                                      double default_value) {
  Binding& b = Add(std::move(name), FormatNumber(default_value));
  b.spec.type = ParamType::kNumber;
  Bind<double>(b, field, ParseNumber,
               [](const Binding&, const double& v) { return FormatNumber(v); });
  *field = default_value;
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::Integer(std::string name, int* field,
                                       int default_value) {
  Binding& b = Add(std::move(name), absl::StrCat(default_value));
  b.spec.type = ParamType::kInteger;
  Bind<int>(b, field, ParseInteger,
            [](const Binding&, const int& v) { return absl::StrCat(v); });
  *field = default_value;
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::Bool(std::string name, bool* field,
                                    bool default_value) {
  Binding& b = Add(std::move(name), default_value ? "true" : "false");
  b.spec.type = ParamType::kBool;
  Bind<bool>(
      b, field,
      [](const Binding& self, absl::string_view text) -> absl::StatusOr<bool> {
        bool v;
        if (!absl::SimpleAtob(text, &v)) {
          return Bad(self, absl::StrCat("\"", text, "\" is not true/false"));
        }
        return v;
      },
      [](const Binding&, const bool& v) -> std::string {
        return v ? "true" : "false";
      });
  *field = default_value;
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::Text(std::string name, std::string* field,
                                    std::string default_value) {
  Binding& b = Add(std::move(name), default_value);
  b.spec.type = ParamType::kText;
  Bind<std::string>(
      b, field,
      [](const Binding&, absl::string_view text) -> absl::StatusOr<std::string> {
        return std::string(text);
      },
      [](const Binding&, const std::string& v) { return v; });
  *field = std::move(default_value);
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::Path(std::string name, std::string* field,
                                    std::string default_value) {
  Decl d = Text(std::move(name), field, std::move(default_value));
  bindings_.back()->spec.type = ParamType::kPath;
  return d;
}

ParamSchema::Decl ParamSchema::Element(std::string name, int* z,
                                       std::string default_symbol) {
  const bool optional = default_symbol.empty();
  Binding& b = Add(std::move(name), default_symbol);
  b.spec.type = ParamType::kElement;
  Bind<int>(
      b, z,
      [optional](const Binding& self,
                 absl::string_view text) -> absl::StatusOr<int> {
        if (optional && absl::StripAsciiWhitespace(text).empty()) return 0;
        return ParseElement(self, text);
      },
      [](const Binding&, const int& v) -> std::string {
        return v == 0 ? "" : element::Get(v).symbol;
      });
  *z = optional ? 0 : element::BySymbol(default_symbol).value()->atomic_number;
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::Elements(std::string name, std::vector<int>* zs,
                                        std::string default_value) {
  Binding& b = Add(std::move(name), default_value);
  b.spec.type = ParamType::kElements;
  auto parse = [](const Binding& self,
                  absl::string_view text) -> absl::StatusOr<std::vector<int>> {
    ASSIGN_OR_RETURN(std::vector<int> zs,
                     ParseIntList(self, text, ParseElement, /*skip_empty=*/true));
    const std::set<int> unique(zs.begin(), zs.end());
    return std::vector<int>(unique.begin(), unique.end());
  };
  Bind<std::vector<int>>(
      b, zs, parse, [](const Binding& self, const std::vector<int>& v) {
        std::vector<std::string> symbols;
        for (int z : std::set<int>(v.begin(), v.end())) {
          symbols.push_back(element::Get(z).symbol);
        }
        if (self.symbol_order) std::sort(symbols.begin(), symbols.end());
        return absl::StrJoin(symbols, ",");
      });
  *zs = parse(b, default_value).value();
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::Integers(std::string name,
                                        std::vector<int>* values,
                                        std::string default_value) {
  Binding& b = Add(std::move(name), default_value);
  b.spec.type = ParamType::kIntegers;
  auto parse = [](const Binding& self, absl::string_view text) {
    return ParseIntList(self, text, ParseInteger, /*skip_empty=*/false);
  };
  Bind<std::vector<int>>(b, values, parse,
                         [](const Binding&, const std::vector<int>& v) {
                           return absl::StrJoin(v, ",");
                         });
  *values = parse(b, default_value).value();
  return Decl(&b);
}

ParamSchema::Decl ParamSchema::AddChoice(std::string name,
                                         std::vector<std::string> words,
                                         std::string default_word,
                                         std::function<void(size_t)> set,
                                         std::function<size_t()> get) {
  Binding& b = Add(std::move(name), default_word);
  b.spec.type = ParamType::kChoice;
  b.spec.choices = words;
  b.parse = [set](const Binding& self, absl::string_view text)
      -> absl::StatusOr<std::function<void()>> {
    const auto& w = self.spec.choices;
    auto it = std::find(w.begin(), w.end(), text);
    if (it == w.end()) {
      return Bad(self, absl::StrCat("\"", text, "\" is not one of: ",
                                    absl::StrJoin(w, ", ")));
    }
    const size_t i = it - w.begin();
    return std::function<void()>([set, i] { set(i); });
  };
  b.save = [set, get] {
    const size_t i = get();
    return std::function<void()>([set, i] { set(i); });
  };
  b.format = [get](const Binding& self) { return self.spec.choices[get()]; };
  auto it = std::find(words.begin(), words.end(), default_word);
  set(it == words.end() ? 0 : it - words.begin());
  return Decl(&b);
}

std::vector<ParamSpec> ParamSchema::specs() const {
  std::vector<ParamSpec> out;
  for (const auto& b : bindings_) out.push_back(b->spec);
  return out;
}

absl::Status ParamSchema::Apply(const Params& params) {
  std::set<std::string> known;
  for (const auto& b : bindings_) {
    if (!known.insert(b->spec.name).second) {
      return absl::InternalError(
          absl::StrCat("parameter ", b->spec.name, " declared twice"));
    }
  }
  for (const auto& [name, value] : params) {
    if (known.count(name) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "has no parameter \"", name, "\" (parameters: ",
          known.empty() ? "none" : absl::StrJoin(known, ", "), ")"));
    }
  }
  std::vector<std::function<void()>> sets;
  for (const auto& b : bindings_) {
    auto it = params.find(b->spec.name);
    const std::string& text =
        it == params.end() ? b->spec.default_value : it->second;
    ASSIGN_OR_RETURN(std::function<void()> set, b->parse(*b, text));
    sets.push_back(std::move(set));
  }
  undo_.clear();
  for (const auto& b : bindings_) undo_.push_back(b->save());
  for (const auto& set : sets) set();
  return absl::OkStatus();
}

void ParamSchema::Undo() {
  for (const auto& restore : undo_) restore();
}

Params ParamSchema::Effective() const {
  Params out;
  for (const auto& b : bindings_) {
    if (b->shown && !b->shown()) continue;
    out[b->spec.name] = b->format(*b);
  }
  return out;
}

}  // namespace ionscreen::describe
