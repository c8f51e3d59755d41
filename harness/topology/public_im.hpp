#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace fedharness {

/// A public IM provider a Lync Edge could federate with, and what its side
/// demands of the Edge's certificate.
struct PublicImProvider {
  std::string_view name;  // as written in a topology's public_im list
  std::string_view description;
  bool demands_client_eku;  // AOL verified the Edge's certificate as a TLS client
};

std::span<const PublicImProvider> public_im_providers();
std::optional<PublicImProvider> find_public_im_provider(std::string_view name);

}  // namespace fedharness
