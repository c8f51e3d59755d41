#pragma once

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace fedharness {

/// The folder transcripts are written to (--transcript DIR): one text file
/// each, in subfolders (a run's scenario ids). Ids become file names with
/// anything but letters, digits, '.', '-' and '_' replaced by '_', so that
/// an id can never point outside the folder. Shared by the threads of a
/// run; files are written whole, one per call.
class TranscriptDirectory {
 public:
  /// Creates `root` as needed; throws BadInput naming it when it cannot.
  explicit TranscriptDirectory(std::filesystem::path root);

  /// Creates the subfolder for `folder` before anything is written there, so
  /// that a folder that cannot be made is bad input before a run starts.
  void prepare(std::string_view folder) const;

  /// Writes `text` to <root>/<folder>/<name>.txt (no subfolder for an empty
  /// `folder`). A file that cannot be written is remembered, not thrown: a
  /// run's verdicts stand without their transcripts.
  void write(std::string_view folder, std::string_view name, std::string_view text);

  /// The first write that failed, in words naming the file, and how many did.
  std::optional<std::string> first_failure() const;
  size_t failures() const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path folder_path(std::string_view folder) const;

  std::filesystem::path root_;
  mutable std::mutex mutex_;
  std::optional<std::string> first_failure_;
  size_t failures_ = 0;
};

/// `id` as a file name: letters, digits, '.', '-' and '_' kept, anything else
/// (a '/' included) '_', and a leading '.' too (no hidden files, no "..").
std::string file_name_for(std::string_view id);

}  // namespace fedharness
