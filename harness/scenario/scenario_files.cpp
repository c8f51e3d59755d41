#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "scenario/scenario.hpp"
#include "util/bad_input.hpp"

namespace fedharness {
namespace {

bool is_data_folder(const std::filesystem::path& path) {
  for (const auto& part : path) {
    if (part == "topologies" || part == "policies") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::filesystem::path> find_scenario_files(const std::vector<std::string>& arguments) {
  std::vector<std::filesystem::path> files;
  for (const auto& argument : arguments) {
    std::filesystem::path path(argument);
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
        auto relative = entry.path().lexically_relative(path);
        if (entry.is_regular_file() && entry.path().extension() == ".yaml" &&
            !is_data_folder(relative)) {
          found.push_back(entry.path());
        }
      }
      std::ranges::sort(found);
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      throw BadInput(fmt::format("{}: no such scenario file or folder", argument));
    }
  }
  std::set<std::string> ids;
  for (const auto& file : files) {
    if (!ids.insert(file.stem().string()).second) {
      throw BadInput(fmt::format("{}: scenario id '{}' is used by another scenario file",
                                 file.string(), file.stem().string()));
    }
  }
  return files;
}

}  // namespace fedharness
