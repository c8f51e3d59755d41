#include "cli/defect_option.hpp"

#include "util/bad_input.hpp"

namespace fedharness::cli {

DefectSet defect_options(const std::vector<std::string>& given) {
  try {
    std::vector<Defect> defects;
    for (const std::string& text : given) {
      defects.push_back(parse_defect(text));
    }
    return DefectSet(std::move(defects));
  } catch (const BadInput& error) {
    throw BadInput(std::string("--defect ") + error.what());
  }
}

}  // namespace fedharness::cli
