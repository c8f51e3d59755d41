#include "input_file.hpp"

#include <fstream>
#include <stdexcept>

#include "test_support.hpp"

namespace fedharness::fuzz {

const std::filesystem::path& input_folder() {
  static const test::TemporaryFolder folder;
  return folder.path();
}

std::filesystem::path write_input(const std::filesystem::path& name, const uint8_t* data,
                                  size_t size) {
  std::filesystem::path path = input_folder() / name;
  // Not write_file_atomically: its fsync would cost more than the parse.
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out.flush()) {
    throw std::runtime_error("cannot write " + path.string());
  }
  return path;
}

}  // namespace fedharness::fuzz
