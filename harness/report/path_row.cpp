#include "report/path_row.hpp"

namespace fedharness {

const PathRow kPathRowHeader{"path", "outcome", "code", "side", "predicted"};

PathRow make_path_row(const PathReport& path) {
  PathRow row{describe_path(path), std::string(to_string(path.outcome)), "-", "",
              path.predicted ? verdict_code(*path.predicted) : std::string("-")};
  if (path.observed) {
    row.code = path.observed->passed ? "" : verdict_code(*path.observed);
    row.side = path.observed->side;
  }
  return row;
}

}  // namespace fedharness
