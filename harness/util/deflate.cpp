#include "util/deflate.hpp"

#include <zlib.h>

#include <stdexcept>

namespace fedharness {

std::string deflate_text(std::string_view text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string compressed(size, '\0');
  // Level 6, zlib's default: nearly all of level 9's gain at a third of its time.
  constexpr int kLevel = 6;
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &size,
                reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                kLevel) != Z_OK) {
    throw std::runtime_error("zlib could not compress a document");
  }
  compressed.resize(size);
  return compressed;
}

std::string inflate_text(std::string_view compressed, size_t size) {
  std::string text(size, '\0');
  uLongf inflated = static_cast<uLongf>(size);
  int status = uncompress(reinterpret_cast<Bytef*>(text.data()), &inflated,
                          reinterpret_cast<const Bytef*>(compressed.data()),
                          static_cast<uLong>(compressed.size()));
  if (status != Z_OK || inflated != size) {
    throw std::runtime_error("a stored document is damaged: it does not inflate to its size");
  }
  return text;
}

}  // namespace fedharness
