#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedharness::serve {

using Labels = std::vector<std::pair<std::string_view, std::string>>;

/// Writes the Prometheus text exposition format, version 0.0.4: a family's
/// HELP and TYPE once, then its samples, label values escaped.
class PrometheusText {
 public:
  /// Starts a family; `type` is "gauge" or "counter".
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace fedharness::serve
