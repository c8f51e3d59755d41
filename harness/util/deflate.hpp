#pragma once

#include <string>
#include <string_view>

namespace fedharness {

/// zlib (RFC 1950) compression of text kept at rest: a run document's
/// JSON, mostly certificate chains repeated path after path, shrinks about
/// fourteenfold.
std::string deflate_text(std::string_view text);

/// The text again, `size` bytes long as it was; throws std::runtime_error
/// for data that is not zlib or does not inflate to `size` bytes.
std::string inflate_text(std::string_view compressed, size_t size);

}  // namespace fedharness
