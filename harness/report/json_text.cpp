#include "report/json_text.hpp"

#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <cmath>

namespace fedharness {
namespace {

namespace json = boost::json;

void write(std::string& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_object()) {
        out += first ? "" : ",";
        first = false;
        out += json::serialize(json::string(key));
        out += ':';
        write(out, member);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const json::value& element : value.get_array()) {
        out += first ? "" : ",";
        first = false;
        write(out, element);
      }
      out += ']';
      return;
    }
    case json::kind::double_: {
      double number = value.get_double();
      // JSON has no NaN or infinity (RFC 8259 §6); fmt's "{}" is the
      // shortest text that reads back as the same double.
      out += std::isfinite(number) ? fmt::format("{}", number) : "null";
      return;
    }
    default:
      out += json::serialize(value);
      return;
  }
}

}  // namespace

std::string to_json_text(const json::value& value) {
  std::string out;
  write(out, value);
  return out;
}

}  // namespace fedharness
