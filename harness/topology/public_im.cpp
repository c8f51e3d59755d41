#include "topology/public_im.hpp"

#include <algorithm>
#include <array>

namespace fedharness {
namespace {

// Lync Server 2013's public IM connectivity: AOL, Yahoo! and Windows Live.
// Only AOL checked the client EKU of the certificate the Edge presented when
// it initiated ("Certificate summary - SIP, XMPP federation, and public
// instant messaging").
constexpr std::array kProviders{
    PublicImProvider{"aol", "AOL public IM", true},
    PublicImProvider{"yahoo", "Yahoo! Messenger public IM", false},
    PublicImProvider{"windows-live", "Windows Live (MSN) public IM", false},
};

}  // namespace

std::span<const PublicImProvider> public_im_providers() {
  return kProviders;
}

std::optional<PublicImProvider> find_public_im_provider(std::string_view name) {
  auto found = std::ranges::find(kProviders, name, &PublicImProvider::name);
  if (found == kProviders.end()) {
    return std::nullopt;
  }
  return *found;
}

}  // namespace fedharness
