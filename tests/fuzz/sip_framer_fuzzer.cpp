// The SIP framer and message parser against any bytes a peer sends, cut into
// reads anywhere, each message then handled as the roles handle it: the
// acceptor answers a request, the initiator reads a response's Warning.
// FramingError is how the framer refuses; anything else escaping is a bug.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "sip/framer.hpp"
#include "sip/message.hpp"
#include "sip/options.hpp"

using namespace fedharness::sip;

namespace {

void handle(const Message& message) {
  message.start_line();
  if (message.is_request()) {
    domain_of_name_addr(message.header("From").value_or(""));
    domain_of_name_addr(message.header("To").value_or(""));
    make_response(message, 200, "OK", "fuzz").serialize();
  } else {
    message.header("Warning");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The read sizes come from the end of the input, so that its start stays
  // the SIP the seeds begin with.
  FuzzedDataProvider input(data, size);
  Framer framer;
  try {
    while (input.remaining_bytes() > 0) {
      size_t read = input.ConsumeIntegralInRange<size_t>(1, 512);
      framer.feed(input.ConsumeBytesAsString(read));
      std::string wire;
      while (auto message = framer.next(&wire)) {
        handle(*message);
      }
    }
  } catch (const FramingError&) {
  }
  return 0;
}
