// The typed parameter schema of a descriptor. A descriptor declares each
// parameter once, in its constructor, bound to the member it sets:
//
//   schema().Number("cutoff_angstrom", &cutoff_, 20.0)
//       .Unit("Å").Above(0).Help("largest distance counted");
//
// From the declarations the schema derives everything that used to be
// written three times: the spec list (`describe --list`, text and JSON),
// parsing and range checks with uniform messages, all-or-nothing assignment
// (Apply), and the effective parameters of the stream header, every number
// through one formatter (FormatNumber).
#ifndef IONSCREEN_LIB_DESCRIBE_PARAM_SCHEMA_H_
#define IONSCREEN_LIB_DESCRIBE_PARAM_SCHEMA_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::describe {

// Parameter values by name, as text.
using Params = std::map<std::string, std::string>;

enum class ParamType {
  kNumber,    // double
  kInteger,   // int
  kBool,      // true/false (also yes/no, 1/0)
  kChoice,    // one of a fixed list of words
  kText,      // free text
  kPath,      // a file or directory of reference data
  kElement,   // one element symbol (empty = none, when the default is empty)
  kElements,  // comma-separated element symbols, a set
  kIntegers,  // comma-separated integers, in order
};
// "number", "integer", "bool", "choice", "text", "path", "element",
// "elements", "integers" (the JSON listing's words).
const char* ParamTypeName(ParamType type);

// One parameter as users see it (`describe --list`).
struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kText;
  std::string default_value;  // as text, as the parameter is written
  std::string unit;           // "Å", "deg", ...; empty when dimensionless
  std::string range;          // "> 0", "1..4", "[0, 1)"; empty when any
  std::vector<std::string> choices;  // kChoice only
  std::string help;
  // Reference data the tool reads (the workflow points these at the shared
  // data directory).
  bool data_path() const { return type == ParamType::kPath; }
};

// Shortest decimal text, from six significant digits up, that reads back as
// exactly `value`: "20", "0.1", "1.54184", "1e-05", "0.30000000000000004".
// For the values in use it is absl::StrCat's text (%.6g), which the stream
// headers carried before the schema; unlike it, it never loses a digit.
std::string FormatNumber(double value);

class ParamSchema {
 public:
  struct Binding;

  // Fluent details of one declared parameter.
  class Decl {
   public:
    explicit Decl(Binding* b) : b_(b) {}
    Decl& Unit(std::string unit);
    Decl& Help(std::string help);
    // Bounds for kNumber, kInteger and each value of kIntegers.
    Decl& AtLeast(double min) { return Bound(/*lower=*/true, min, false); }
    Decl& Above(double min) { return Bound(/*lower=*/true, min, true); }
    Decl& AtMost(double max) { return Bound(/*lower=*/false, max, false); }
    Decl& Below(double max) { return Bound(/*lower=*/false, max, true); }
    // kElements: the effective value lists the symbols alphabetically
    // (matminer's order) instead of by atomic number.
    Decl& SymbolOrder();
    // Listed in the effective parameters only while `shown` is true (e.g. a
    // data path that the chosen formula does not read).
    Decl& ShownIf(std::function<bool()> shown);

   private:
    // The lower or upper bound; `open` excludes the value itself.
    Decl& Bound(bool lower, double value, bool open);
    Binding* b_;
  };

  ParamSchema();
  ~ParamSchema();
  ParamSchema(const ParamSchema&) = delete;
  ParamSchema& operator=(const ParamSchema&) = delete;

  // Declarations: each binds a parameter to the field it sets; the field
  // takes the default at once. Names must be unique (checked by Apply).
  Decl Number(std::string name, double* field, double default_value);
  Decl Integer(std::string name, int* field, int default_value);
  Decl Bool(std::string name, bool* field, bool default_value);
  Decl Text(std::string name, std::string* field, std::string default_value);
  Decl Path(std::string name, std::string* field, std::string default_value);
  // Atomic number; 0 when the text is empty (allowed only if the default is).
  Decl Element(std::string name, int* z, std::string default_symbol);
  // Sorted, unique atomic numbers.
  Decl Elements(std::string name, std::vector<int>* zs,
                std::string default_value);
  Decl Integers(std::string name, std::vector<int>* values,
                std::string default_value);
  // One of `options` (word, value), e.g. {{"off", kOff}, {"outer", kOuter}}.
  template <typename T>
  Decl Choice(std::string name, T* field,
              std::vector<std::pair<std::string, T>> options,
              std::string default_word);

  // In declaration order.
  std::vector<ParamSpec> specs() const;

  // Parses and checks every parameter (given ones from `params`, the others
  // at their defaults) and only then sets all fields. Unknown names and the
  // first bad value are InvalidArgument naming the parameter; on error no
  // field has changed.
  absl::Status Apply(const Params& params);
  // Puts back the values from before the last successful Apply (for a
  // descriptor whose own checks fail after Apply).
  void Undo();

  // Name -> current value of each field, formatted; parameters whose ShownIf
  // is false are left out.
  Params Effective() const;

 private:
  Binding& Add(std::string name, std::string default_value);
  Decl AddChoice(std::string name, std::vector<std::string> words,
                 std::string default_word,
                 std::function<void(size_t)> set,
                 std::function<size_t()> get);

  std::vector<std::unique_ptr<Binding>> bindings_;
  std::vector<std::function<void()>> undo_;
};

template <typename T>
ParamSchema::Decl ParamSchema::Choice(
    std::string name, T* field, std::vector<std::pair<std::string, T>> options,
    std::string default_word) {
  std::vector<std::string> words;
  for (const auto& [word, value] : options) words.push_back(word);
  auto set = [field, options](size_t i) { *field = options[i].second; };
  auto get = [field, options]() {
    for (size_t i = 0; i < options.size(); ++i) {
      if (options[i].second == *field) return i;
    }
    return size_t{0};
  };
  return AddChoice(std::move(name), std::move(words), std::move(default_word),
                   std::move(set), std::move(get));
}

}  // namespace ionscreen::describe

#endif  // IONSCREEN_LIB_DESCRIBE_PARAM_SCHEMA_H_
