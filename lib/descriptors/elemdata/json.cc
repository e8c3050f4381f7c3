#include "lib/descriptors/elemdata/json.h"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"

namespace ionscreen::elemdata {
namespace {

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<JsonValue> Document() {
    JsonValue v;
    RETURN_IF_ERROR(Value(&v, 0));
    SkipSpace();
    if (pos_ != text_.size()) return Error("trailing characters");
    return v;
  }

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON: ", what, " at byte ", pos_));
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
            text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool Consume(absl::string_view token) {
    if (text_.substr(pos_, token.size()) == token) {
      pos_ += token.size();
      return true;
    }
    return false;
  }

  absl::Status Value(JsonValue* v, int depth) {
    if (depth > 64) return Error("nesting too deep");
    SkipSpace();
    if (pos_ >= text_.size()) return Error("unexpected end");
    char c = text_[pos_];
    if (c == '{') return Object(v, depth);
    if (c == '[') return Array(v, depth);
    if (c == '"') {
      v->type = JsonValue::Type::kString;
      return String(&v->string);
    }
    if (Consume("true")) {
      v->type = JsonValue::Type::kBool;
      v->boolean = true;
      return absl::OkStatus();
    }
    if (Consume("false")) {
      v->type = JsonValue::Type::kBool;
      return absl::OkStatus();
    }
    if (Consume("null")) {
      v->type = JsonValue::Type::kNull;
      return absl::OkStatus();
    }
    v->type = JsonValue::Type::kNumber;
    if (Consume("NaN")) {
      v->number = std::numeric_limits<double>::quiet_NaN();
      return absl::OkStatus();
    }
    if (Consume("Infinity")) {
      v->number = std::numeric_limits<double>::infinity();
      return absl::OkStatus();
    }
    if (Consume("-Infinity")) {
      v->number = -std::numeric_limits<double>::infinity();
      return absl::OkStatus();
    }
    size_t start = pos_;
    while (pos_ < text_.size() &&
           (absl::ascii_isdigit(text_[pos_]) || text_[pos_] == '-' ||
            text_[pos_] == '+' || text_[pos_] == '.' || text_[pos_] == 'e' ||
            text_[pos_] == 'E')) {
      ++pos_;
    }
    if (start == pos_) return Error("unexpected character");
    std::string num(text_.substr(start, pos_ - start));
    char* end = nullptr;
    v->number = std::strtod(num.c_str(), &end);
    if (end != num.c_str() + num.size()) {
      pos_ = start;
      return Error("bad number");
    }
    return absl::OkStatus();
  }

  absl::Status String(std::string* out) {
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) break;
      char e = text_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          // Element tables are ASCII; keep other code points as '?'.
          if (pos_ + 4 > text_.size()) return Error("bad \\u escape");
          int code = 0;
          for (int i = 0; i < 4; ++i) {
            char h = text_[pos_++];
            int d = absl::ascii_isdigit(h) ? h - '0'
                    : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                    : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                             : -1;
            if (d < 0) return Error("bad \\u escape");
            code = code * 16 + d;
          }
          out->push_back(code < 128 ? static_cast<char>(code) : '?');
          break;
        }
        default:
          return Error("bad escape");
      }
    }
    if (pos_ >= text_.size()) return Error("unterminated string");
    ++pos_;  // closing quote
    return absl::OkStatus();
  }

  // The elements of an array or an object (pos_ at its opening bracket):
  // `element` parses one; they are comma-separated up to `close`.
  absl::Status Elements(absl::string_view close,
                        absl::FunctionRef<absl::Status()> element) {
    ++pos_;
    SkipSpace();
    if (Consume(close)) return absl::OkStatus();
    while (true) {
      RETURN_IF_ERROR(element());
      SkipSpace();
      if (Consume(",")) continue;
      if (Consume(close)) return absl::OkStatus();
      return Error(absl::StrCat("expected , or ", close));
    }
  }

  absl::Status Array(JsonValue* v, int depth) {
    v->type = JsonValue::Type::kArray;
    return Elements("]", [&] {
      v->array.emplace_back();
      return Value(&v->array.back(), depth + 1);
    });
  }

  absl::Status Object(JsonValue* v, int depth) {
    v->type = JsonValue::Type::kObject;
    return Elements("}", [&]() -> absl::Status {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        return Error("expected object key");
      }
      std::string key;
      RETURN_IF_ERROR(String(&key));
      SkipSpace();
      if (!Consume(":")) return Error("expected :");
      v->object.emplace_back(std::move(key), JsonValue());
      return Value(&v->object.back().second, depth + 1);
    });
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(absl::string_view key) const {
  for (const auto& [k, v] : object) {
    if (k == key) return &v;
  }
  return nullptr;
}

absl::StatusOr<JsonValue> ParseJson(absl::string_view text) {
  return Parser(text).Document();
}

absl::StatusOr<double> JsonToDouble(const JsonValue& v) {
  if (v.type == JsonValue::Type::kNumber) return v.number;
  if (v.type == JsonValue::Type::kBool) return v.boolean ? 1.0 : 0.0;
  if (v.type == JsonValue::Type::kString) {
    double d;
    if (absl::SimpleAtod(absl::StripAsciiWhitespace(v.string), &d)) return d;
    return absl::InvalidArgumentError(
        absl::StrCat("JSON: string \"", v.string, "\" is not a number"));
  }
  return absl::InvalidArgumentError("JSON: value is not a number");
}

}  // namespace ionscreen::elemdata
