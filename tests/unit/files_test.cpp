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
  CHECK(read_file(key) == "secret");
  CHECK(mode_of(key) == 0600);

  auto certificate = folder.path() / "edge.pem";
  write_file_atomically(certificate, "first", 0644);
  write_file_atomically(certificate, "second", 0644);
  CHECK(read_file(certificate) == "second");
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

TEST_CASE("reading a folder or a missing file is bad input", "[files][bad-input]") {
  test::TemporaryFolder folder;
  CHECK_THROWS_AS(read_file(folder.path()), BadInput);
  CHECK_THROWS_AS(read_file(folder.path() / "nothing"), BadInput);
}
