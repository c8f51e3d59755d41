#include "net/handshake_stage.hpp"

namespace fedharness::net {

asio::awaitable<error_code> handshake_within(TlsStream& stream,
                                             asio::ssl::stream_base::handshake_type role,
                                             StageClock& clock, TlsObservation& observation) {
  clock.begin("handshake", Budget::tls);
  SSL* ssl = stream.native_handle();
  observation.presented_certificate = SSL_get_certificate(ssl) != nullptr;
  beast::get_lowest_layer(stream).expires_at(clock.deadline());
  auto [error] = co_await stream.async_handshake(role, nothrow);
  record_session(ssl, observation);
  co_return error;
}

}  // namespace fedharness::net
