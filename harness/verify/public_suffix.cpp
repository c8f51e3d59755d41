#include "verify/public_suffix.hpp"

#include <fstream>
#include <sstream>

#include "topology/dns_name.hpp"

namespace fedharness {
namespace {

// Where Debian's publicsuffix package puts the list.
constexpr const char* kSystemList = "/usr/share/publicsuffix/public_suffix_list.dat";

std::string_view first_word(std::string_view line) {
  size_t start = line.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) {
    return {};
  }
  line.remove_prefix(start);
  return line.substr(0, line.find_first_of(" \t\r"));
}

}  // namespace

PublicSuffixList PublicSuffixList::parse(std::string_view text) {
  PublicSuffixList list;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view rule = first_word(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (rule.empty() || rule.starts_with("//")) {
      continue;
    }
    if (rule.starts_with("!")) {
      list.exceptions_.insert(lowercase_ascii(rule.substr(1)));
    } else if (rule.starts_with("*.")) {
      list.wildcards_.insert(lowercase_ascii(rule.substr(2)));
    } else {
      list.rules_.insert(lowercase_ascii(rule));
    }
  }
  return list;
}

const PublicSuffixList& PublicSuffixList::system() {
  static const PublicSuffixList list = [] {
    std::ifstream file(kSystemList);
    std::ostringstream text;
    text << file.rdbuf();
    return parse(text.str());
  }();
  return list;
}

bool PublicSuffixList::is_public_suffix(std::string_view domain) const {
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos) {
    return true;  // a top-level domain, or the root itself
  }
  std::string name(domain);
  if (exceptions_.contains(name)) {
    return false;
  }
  return rules_.contains(name) || wildcards_.contains(std::string(domain.substr(dot + 1)));
}

}  // namespace fedharness
