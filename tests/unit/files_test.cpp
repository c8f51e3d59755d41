#include "util/files.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "test_support.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777;
}

}  // namespace

TEST_CASE("files are written whole, with the mode asked for", "[files]") {
  test::TemporaryFolder folder;
  auto key = folder.path() / "edge.key";
  write_file_atomically(key, "secret", 0600);
  CHECK(read_file(key, InputKind::certificate) == "secret");
  CHECK(mode_of(key) == 0600);

  auto certificate = folder.path() / "edge.pem";
  write_file_atomically(certificate, "first", 0644);
  write_file_atomically(certificate, "second", 0644);
  CHECK(read_file(certificate, InputKind::certificate) == "second");
  CHECK(mode_of(certificate) == 0644);
  // Nothing but the two targets is left behind: the temporary files were renamed.
  CHECK(std::distance(std::filesystem::directory_iterator(folder.path()),
                      std::filesystem::directory_iterator()) == 2);
}

TEST_CASE("a write that cannot happen leaves nothing behind and says where", "[files]") {
  test::TemporaryFolder folder;
  auto inside_missing = folder.path() / "missing" / "edge.key";
  CHECK_THROWS_AS(write_file_atomically(inside_missing, "secret", 0600), std::system_error);
  CHECK(std::filesystem::is_empty(folder.path()));
}

TEST_CASE("a password file loses one trailing line break only", "[files]") {
  test::TemporaryFolder folder;
  auto path = folder.path() / "password";
  write_file_atomically(path, "pass word \r\n", 0600);
  CHECK(read_password_file(path) == "pass word ");
  write_file_atomically(path, "p\n\n", 0600);
  CHECK(read_password_file(path) == "p\n");
}

TEST_CASE("only regular files within their kind's limit are read", "[files][bad-input]") {
  test::TemporaryFolder folder;
  auto error_of = [](const std::filesystem::path& path, InputKind kind) -> std::string {
    try {
      read_file(path, kind);
    } catch (const BadInput& error) {
      return error.what();
    }
    return "no error";
  };
  std::string where = folder.path().string();
  CHECK(error_of(folder.path(), InputKind::scenario) ==
        where + ": is a directory, expected a regular file");
  CHECK_THAT(error_of(folder.path() / "nothing", InputKind::scenario),
             Catch::StartsWith(where + "/nothing: cannot read: No such file"));
  // A FIFO with no writer would block a plain open for ever.
  auto fifo = folder.path() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_of(fifo, InputKind::password) ==
        fifo.string() + ": is a FIFO, expected a regular file");
  CHECK(error_of("/dev/zero", InputKind::certificate) ==
        "/dev/zero: is a device, expected a regular file");

  auto large = folder.path() / "large.pem";
  write_file_atomically(large, std::string(size_limit(InputKind::password) + 1, 'x'), 0600);
  CHECK(error_of(large, InputKind::password) ==
        large.string() + ": over the size limit of a password file (4 KiB at most)");
  CHECK(read_file(large, InputKind::certificate).size() == size_limit(InputKind::password) + 1);
  CHECK(describe(InputKind::run_document) == "a run document (512 MiB at most)");
}
