#pragma once

#include "scenario/scenario.hpp"

namespace fedharness {

/// What the Edge serves on a port of its own: SIP over TLS, XMPP
/// server-to-server with STARTTLS, and XMPP with direct TLS (XEP-0368).
enum class EdgeService { sip, xmpp, xmpp_direct_tls };

/// The service a path reaches the Edge through.
EdgeService service_of(const PathSpec& path);

Protocol protocol_of(EdgeService service);

/// The port of `service` among an Edge's ports: a real server's
/// (EdgeServer) or where the simulated Edge listens (ListenAddress).
template <typename Ports>
unsigned short port_of(EdgeService service, const Ports& ports) {
  switch (service) {
    case EdgeService::sip:
      return ports.sip_port;
    case EdgeService::xmpp:
      return ports.xmpp_port;
    case EdgeService::xmpp_direct_tls:
      return ports.xmpp_tls_port;
  }
  return 0;
}

}  // namespace fedharness
