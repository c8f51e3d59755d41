#include "transcript/transcript_directory.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

void create_folder(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    throw BadInput(fmt::format("{}: cannot create the transcript folder: {}", folder.string(),
                               error.message()));
  }
}

bool safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

}  // namespace

std::string file_name_for(std::string_view id) {
  std::string name;
  for (char c : id) {
    name += safe(c) ? c : '_';
  }
  if (name.empty() || name.front() == '.') {
    name.insert(name.begin(), '_');
  }
  return name;
}

TranscriptDirectory::TranscriptDirectory(std::filesystem::path root) : root_(std::move(root)) {
  create_folder(root_);
}

std::filesystem::path TranscriptDirectory::folder_path(std::string_view folder) const {
  return folder.empty() ? root_ : root_ / file_name_for(folder);
}

void TranscriptDirectory::prepare(std::string_view folder) const {
  create_folder(folder_path(folder));
}

void TranscriptDirectory::write(std::string_view folder, std::string_view name,
                                std::string_view text) {
  std::filesystem::path file = folder_path(folder) / (file_name_for(name) + ".txt");
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (out) {
    return;
  }
  std::string failure =
      fmt::format("{}: cannot write the transcript: {}", file.string(), std::strerror(errno));
  std::lock_guard lock(mutex_);
  ++failures_;
  if (!first_failure_) {
    first_failure_ = std::move(failure);
  }
}

std::optional<std::string> TranscriptDirectory::first_failure() const {
  std::lock_guard lock(mutex_);
  return first_failure_;
}

size_t TranscriptDirectory::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

}  // namespace fedharness
