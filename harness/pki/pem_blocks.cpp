#include "pki/pem_blocks.hpp"

#include <fmt/core.h>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

std::string_view trim_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line;
}

// "-----BEGIN CERTIFICATE-----" -> "CERTIFICATE", or empty when not a boundary.
std::string_view boundary_label(std::string_view line, std::string_view kind) {
  if (!line.starts_with(kind) || !line.ends_with(kDashes) ||
      line.size() < kind.size() + kDashes.size()) {
    return {};
  }
  return line.substr(kind.size(), line.size() - kind.size() - kDashes.size());
}

}  // namespace

bool looks_like_pem(std::string_view text) {
  return text.find(kBegin) != std::string_view::npos;
}

std::vector<PemBlock> split_pem_blocks(std::string_view text, std::string_view source) {
  std::vector<PemBlock> blocks;
  PemBlock* open = nullptr;
  int line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = trim_line_end(text.substr(start, end - start));
    ++line_number;
    start = end + 1;

    if (open == nullptr) {
      if (auto label = boundary_label(line, kBegin); !label.empty()) {
        blocks.push_back({std::string(label), {}, line_number});
        open = &blocks.back();
        open->text.append(line).push_back('\n');
      }
      continue;
    }
    if (boundary_label(line, kBegin).size() > 0) {
      throw BadInput(fmt::format("{}:{}: PEM block {} opened on line {} has no END line", source,
                                 line_number, open->label, open->line));
    }
    open->text.append(line).push_back('\n');
    if (auto label = boundary_label(line, kEnd); !label.empty()) {
      if (label != open->label) {
        throw BadInput(fmt::format("{}:{}: PEM block {} ends with END {}", source, line_number,
                                   open->label, label));
      }
      open = nullptr;
    }
  }
  if (open != nullptr) {
    throw BadInput(fmt::format("{}:{}: PEM block {} has no END line (file truncated?)", source,
                               open->line, open->label));
  }
  return blocks;
}

}  // namespace fedharness
