#include "scenario/edge_service.hpp"

namespace fedharness {

EdgeService service_of(const PathSpec& path) {
  if (path.protocol == Protocol::sip) {
    return EdgeService::sip;
  }
  return path.transport == XmppTransport::direct_tls ? EdgeService::xmpp_direct_tls
                                                     : EdgeService::xmpp;
}

Protocol protocol_of(EdgeService service) {
  return service == EdgeService::sip ? Protocol::sip : Protocol::xmpp;
}

}  // namespace fedharness
