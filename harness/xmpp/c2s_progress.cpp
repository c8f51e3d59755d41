#include "xmpp/c2s_progress.hpp"

#include <fmt/core.h>
#include <openssl/x509.h>

#include <charconv>
#include <cstring>
#include <optional>

#include "xmpp/namespaces.hpp"
#include "xmpp/xml_stream.hpp"

namespace fedharness::xmpp {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// "SASL SCRAM-SHA-1 auth failed" -> "SCRAM-SHA-1"
std::optional<std::string> sasl_mechanism(std::string_view message, std::string_view outcome) {
  constexpr std::string_view kPrefix = "SASL ";
  if (!starts_with(message, kPrefix) || message.size() < kPrefix.size() + outcome.size() ||
      message.substr(message.size() - outcome.size()) != outcome) {
    return std::nullopt;
  }
  return std::string(
      message.substr(kPrefix.size(), message.size() - kPrefix.size() - outcome.size()));
}

// libstrophe logs what it received one first-level element a line, as it
// serialised it: wrapped in a stream header of its own, our parser reads it.
std::optional<XmlElement> parse_element(std::string_view element) {
  XmlStream stream;
  try {
    stream.feed(
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");
    stream.feed(element);
  } catch (const XmlStreamError&) {
    return std::nullopt;
  }
  return stream.next_element();
}

// "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY(20)" ->
// "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20: unable to get local issuer certificate)"
std::string describe_verify_result(std::string_view result) {
  size_t open = result.find('(');
  long code = 0;
  if (open == std::string_view::npos ||
      std::from_chars(result.data() + open + 1, result.data() + result.size(), code).ec !=
          std::errc{}) {
    return std::string(result);
  }
  return fmt::format("{} ({}: {})", result.substr(0, open), code,
                     X509_verify_cert_error_string(code));
}

std::string describe(const XmppRefusal& refusal) {
  if (refusal.text.empty()) {
    return fmt::format("<{}/>", refusal.condition);
  }
  return fmt::format("<{}/> \"{}\"", refusal.condition, refusal.text);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (const std::string& item : items) {
    joined += (joined.empty() ? "" : std::string(separator)) + item;
  }
  return joined;
}

}  // namespace

void C2sProgress::read_log(bool problem, std::string_view area, std::string_view message) {
  // What libstrophe sent is never read, not even for a warning.
  if (starts_with(message, "SENT:")) {
    return;
  }
  if (problem) {
    problems_.push_back(fmt::format("{}: {}", area, message));
  }
  constexpr std::string_view kReceived = "RECV: ";
  constexpr std::string_view kConnectFailed = "connection failed, error ";
  constexpr std::string_view kVerifyFailed = "Certificate verification FAILED, result=";
  if (starts_with(message, kReceived)) {
    read_received(message.substr(kReceived.size()));
  } else if (message == "connection successful") {
    tcp_connected_ = true;
  } else if (starts_with(message, kConnectFailed)) {
    int error = 0;
    std::string_view number = message.substr(kConnectFailed.size());
    std::from_chars(number.data(), number.data() + number.size(), error);
    connect_error_ = fmt::format("{} (errno {})", std::strerror(error), error);
  } else if (message == "Connection attempt timed out.") {
    connect_error_ = "libstrophe's connection attempt timed out";
  } else if (message == "proceeding with TLS") {
    tls_started_ = true;
  } else if (message == "Certificate verification passed") {
    tls_verified_ = true;
  } else if (starts_with(message, kVerifyFailed)) {
    verify_failure_ = describe_verify_result(message.substr(kVerifyFailed.size()));
  } else if (area == "tls" && starts_with(message, "error:")) {
    // OpenSSL's queue, "error:0A000086:SSL routines::certificate verify
    // failed": the reason is the last field.
    tls_errors_.emplace_back(message.substr(message.rfind(':') + 1));
  } else if (std::optional<std::string> mechanism = sasl_mechanism(message, " auth successful")) {
    sasl_mechanism_ = *mechanism;
    authenticated_ = true;
  } else if (std::optional<std::string> failed = sasl_mechanism(message, " auth failed")) {
    sasl_mechanism_ = *failed;
  }
}

// Stream features and a SASL <failure/> (RFC 6120 §6.4.1, §6.5) reach no
// handler of ours: libstrophe handles them before authentication, where user
// handlers do not fire.
void C2sProgress::read_received(std::string_view element) {
  if (!starts_with(element, "<failure") && !starts_with(element, "<features")) {
    return;
  }
  std::optional<XmlElement> parsed = parse_element(element);
  if (!parsed) {
    return;
  }
  if (parsed->is(kStreamsNs, "features")) {
    if (const XmlElement* mechanisms = parsed->child(kSaslNs, "mechanisms")) {
      offered_.clear();
      for (const XmlElement& mechanism : mechanisms->children) {
        offered_.push_back(mechanism.text);
      }
    }
    return;
  }
  if (!parsed->is(kSaslNs, "failure")) {
    return;
  }
  sasl_failure_ = {"undefined-condition", {}};
  for (const XmlElement& child : parsed->children) {
    if (child.name == "text") {
      sasl_failure_.text = child.text;
    } else {
      sasl_failure_.condition = child.name;
    }
  }
}

void C2sProgress::stream_ended(XmppRefusal stream_error) {
  ended_ = true;
  stream_error_ = std::move(stream_error);
}

std::string C2sProgress::problems() const {
  std::vector<std::string> all = problems_;
  if (!stream_error_.condition.empty()) {
    all.push_back("the server's stream error " + describe(stream_error_));
  }
  return join(all, "; ");
}

std::string C2sProgress::roots() const {
  return trust_.empty() ? "the system's roots" : trust_;
}

C2sOutcome C2sProgress::failure(std::chrono::milliseconds waited) const {
  const bool gave_up = waited.count() > 0;
  // How the session ended, when it did not just stop: what the server said
  // (RFC 6120 §4.9), then whatever libstrophe complained of.
  auto outcome = [&](std::string stage, std::string what) {
    if (!stream_error_.condition.empty()) {
      what += "; the server ended the stream with " + describe(stream_error_);
    }
    if (!problems_.empty()) {
      what += " (libstrophe: " + join(problems_, "; ") + ")";
    }
    return C2sOutcome{false, std::move(stage), std::move(what)};
  };
  std::string within = fmt::format("within {} ms", waited.count());
  if (!tcp_connected_) {
    return outcome("connect", fmt::format("no TCP connection to {}{}", server_,
                                          gave_up                  ? " " + within
                                          : connect_error_.empty() ? std::string()
                                                                   : ": " + connect_error_));
  }
  if (!tls_verified_) {
    if (!verify_failure_.empty()) {
      return outcome("tls", fmt::format("the server's certificate did not verify against {}: {}",
                                        roots(), verify_failure_));
    }
    if (!tls_started_) {
      // RFC 6120 §5.3.1: this client never goes on without TLS.
      return outcome("tls", "the server did not proceed with STARTTLS" +
                                (gave_up ? " " + within : std::string()));
    }
    std::string handshake = tls_errors_.empty() ? "" : ": " + join(tls_errors_, ", ");
    return outcome("tls", gave_up ? "no TLS handshake " + within + handshake
                                  : "the TLS handshake failed" + handshake);
  }
  if (!authenticated_) {
    if (!sasl_failure_.condition.empty()) {
      return outcome("auth", fmt::format("the server refused SASL {}: {}", sasl_mechanism_,
                                         describe(sasl_failure_)));
    }
    std::string offered =
        offered_.empty() ? "" : "; the server offered SASL " + join(offered_, ", ");
    return outcome("auth", (gave_up ? "SASL did not complete " + within
                                    : std::string("no SASL authentication")) +
                               offered);
  }
  return outcome("bind", gave_up ? "no resource was bound " + within
                                 : "the session ended before a resource was bound");
}

std::string C2sProgress::success() const {
  return fmt::format(
      "STARTTLS (the server's certificate verified against {}), SASL {}, resource "
      "bound",
      roots(), sasl_mechanism_);
}

}  // namespace fedharness::xmpp
