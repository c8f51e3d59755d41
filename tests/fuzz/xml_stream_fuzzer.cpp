// The XMPP stream parser against any bytes a peer sends, cut into reads
// anywhere, restarted after <proceed/> and <success/> as STARTTLS and SASL
// restart the stream (RFC 6120 §5.4.3.3, §6.4.6). XmlStreamError is how it
// refuses; anything else escaping is a bug.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>

#include "xmpp/xml_stream.hpp"

using fedharness::xmpp::XmlStream;
using fedharness::xmpp::XmlStreamError;

namespace {

// Takes every element that has arrived, as the roles do; true when one of
// them restarts the stream.
bool drain(XmlStream& stream) {
  while (auto element = stream.next_element()) {
    element->serialize();  // transcripts and answers write elements back
    if (element->name == "proceed" || element->name == "success") {
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The read sizes come from the end of the input, so that its start stays
  // the XML the seeds begin with.
  FuzzedDataProvider input(data, size);
  XmlStream stream;
  try {
    while (input.remaining_bytes() > 0) {
      size_t read = input.ConsumeIntegralInRange<size_t>(1, 512);
      stream.feed(input.ConsumeBytesAsString(read));
      if (drain(stream)) {
        stream.restart();
      }
    }
  } catch (const XmlStreamError&) {
  }
  return 0;
}
