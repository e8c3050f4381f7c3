// A small JSON reader for the element-data files (JARVIS/matminer tables).
// Objects keep their key order: the CFID feature order is the key order of
// the file, as in Python's json module.
#ifndef IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_JSON_H_
#define IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_JSON_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::elemdata {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::vector<std::pair<std::string, JsonValue>> object;  // in file order

  // Member by key, or nullptr (linear search; objects here are small or
  // looked up once).
  const JsonValue* Find(absl::string_view key) const;
};

// Parses a whole document. Accepts Python's NaN/Infinity/-Infinity tokens.
// Errors name the byte offset.
absl::StatusOr<JsonValue> ParseJson(absl::string_view text);

// A number, or a string holding a number (numpy's astype(float) accepts
// both; element_chem.json stores some values as strings).
absl::StatusOr<double> JsonToDouble(const JsonValue& v);

}  // namespace ionscreen::elemdata

#endif  // IONSCREEN_LIB_DESCRIPTORS_ELEMDATA_JSON_H_
