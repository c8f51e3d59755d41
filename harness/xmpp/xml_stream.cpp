#include "xmpp/xml_stream.hpp"

#include <expat.h>
#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace fedharness::xmpp {
namespace {

constexpr std::string_view kStreamsNs = "http://etherx.jabber.org/streams";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
// Expat reports a namespaced name as "<uri><separator><local>".
constexpr char kSeparator = '\x01';

std::pair<std::string, std::string> split_name(std::string_view qualified) {
  auto separator = qualified.find(kSeparator);
  if (separator == std::string_view::npos) {
    return {"", std::string(qualified)};
  }
  return {std::string(qualified.substr(0, separator)),
          std::string(qualified.substr(separator + 1))};
}

std::string attribute_name(std::string_view qualified) {
  auto [ns, local] = split_name(qualified);
  if (ns == kXmlNs) {
    return "xml:" + local;
  }
  return ns.empty() ? local : ns + ":" + local;
}

bool is_whitespace(std::string_view text) {
  return std::ranges::all_of(
      text, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

}  // namespace

std::optional<std::string_view> StreamHeader::attribute(std::string_view name) const {
  auto found = std::ranges::find(attributes, name, &std::pair<std::string, std::string>::first);
  if (found == attributes.end()) {
    return std::nullopt;
  }
  return found->second;
}

/// The expat parser and the element being built; callbacks land here.
struct XmlStream::State {
  XmlStream* owner;
  XML_Parser parser = nullptr;
  std::vector<XmlElement> open;  // the first-level element being built and its open children
  std::string default_ns;
  XML_Index stanza_start = 0;
  XML_Index fed = 0;        // bytes given to expat since the stream (re)started
  XML_Index tokenized = 0;  // where the last token expat reported ends
  std::optional<XmlStreamError> error;

  explicit State(XmlStream* stream) : owner(stream) { create(); }
  ~State() { XML_ParserFree(parser); }

  void create() {
    parser = XML_ParserCreateNS(nullptr, kSeparator);
#ifdef FEDHARNESS_EXPAT_HAS_REPARSE_DEFERRAL
    // Reparse deferral holds back a token that arrived in small pieces until
    // more data comes; a stanza's last bytes would then wait for the peer's
    // next packet, and the peer waits for our answer.
    XML_SetReparseDeferralEnabled(parser, XML_FALSE);
#endif
    XML_SetUserData(parser, this);
    XML_SetElementHandler(parser, on_start, on_end);
    XML_SetCharacterDataHandler(parser, on_text);
    XML_SetStartNamespaceDeclHandler(parser, on_namespace);
    // RFC 6120 §11.1: no DOCTYPE, entity declarations, processing
    // instructions or comments in an XMPP stream.
    XML_SetStartDoctypeDeclHandler(parser, on_doctype);
    XML_SetEntityDeclHandler(parser, on_entity);
    XML_SetProcessingInstructionHandler(parser, on_processing_instruction);
    XML_SetCommentHandler(parser, on_comment);
    XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
  }

  void fail(std::string condition, std::string text) {
    if (!error) {
      error = XmlStreamError{std::move(condition), std::move(text)};
    }
    XML_StopParser(parser, XML_FALSE);
  }

  bool over_stanza_limit() {
    return !open.empty() && static_cast<size_t>(XML_GetCurrentByteIndex(parser) - stanza_start) >
                                owner->limits_.max_stanza_bytes;
  }

  // Every callback is a token expat completed: what follows is unfinished.
  static State& of(void* data) {
    State& state = *static_cast<State*>(data);
    state.tokenized = XML_GetCurrentByteIndex(state.parser) + XML_GetCurrentByteCount(state.parser);
    return state;
  }

  void check_token_limit() {
    if (static_cast<size_t>(fed - tokenized) > owner->limits_.max_token_bytes) {
      fail("policy-violation", fmt::format("{} bytes without a complete XML token (limit {})",
                                           fed - tokenized, owner->limits_.max_token_bytes));
    }
  }

  static void on_namespace(void* data, const XML_Char* prefix, const XML_Char* uri) {
    State& state = of(data);
    if (prefix == nullptr && !state.owner->header_) {
      state.default_ns = uri != nullptr ? uri : "";
    }
  }

  static void on_start(void* data, const XML_Char* qualified, const XML_Char** attributes) {
    State& state = of(data);
    auto [ns, name] = split_name(qualified);
    if (!state.owner->header_) {
      if (ns != kStreamsNs || name != "stream") {
        state.fail("invalid-namespace",
                   fmt::format("the stream must open with <stream:stream> in {}, not <{}> in '{}'",
                               kStreamsNs, name, ns));
        return;
      }
      StreamHeader header{state.default_ns, {}};
      for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
        header.attributes.emplace_back(attribute_name(attribute[0]), attribute[1]);
      }
      state.owner->header_ = std::move(header);
      return;
    }
    if (state.open.empty() && ns == kStreamsNs && name == "stream") {
      state.fail("bad-format", "a second stream header, without a stream restart");
      return;
    }
    if (state.open.empty()) {
      state.stanza_start = XML_GetCurrentByteIndex(state.parser);
    }
    if (state.open.size() >= state.owner->limits_.max_depth) {
      state.fail("policy-violation",
                 fmt::format("elements nested deeper than {}", state.owner->limits_.max_depth));
      return;
    }
    XmlElement element{std::move(ns), std::move(name), {}, {}, {}};
    for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
      if (element.attributes.size() == state.owner->limits_.max_attributes) {
        state.fail("policy-violation",
                   fmt::format("more than {} attributes on <{}>",
                               state.owner->limits_.max_attributes, element.name));
        return;
      }
      element.attributes.emplace_back(attribute_name(attribute[0]), attribute[1]);
    }
    state.open.push_back(std::move(element));
    if (state.over_stanza_limit()) {
      state.fail("policy-violation", "stanza over the size limit");
    }
  }

  static void on_end(void* data, const XML_Char*) {
    State& state = of(data);
    if (state.open.empty()) {
      state.owner->closed_ = true;  // </stream:stream>
      return;
    }
    XmlElement element = std::move(state.open.back());
    state.open.pop_back();
    if (state.open.empty()) {
      state.owner->elements_.push_back(std::move(element));
    } else {
      state.open.back().children.push_back(std::move(element));
    }
  }

  static void on_text(void* data, const XML_Char* text, int length) {
    State& state = of(data);
    std::string_view chunk(text, static_cast<size_t>(length));
    if (state.open.empty()) {
      // Between stanzas only whitespace (keepalives) may appear.
      if (!is_whitespace(chunk)) {
        state.fail("bad-format", "character data outside any stanza");
      }
      return;
    }
    state.open.back().text.append(chunk);
    if (state.over_stanza_limit()) {
      state.fail("policy-violation", "stanza over the size limit");
    }
  }

  static void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    of(data).fail("restricted-xml", "a DOCTYPE is not allowed (RFC 6120 §11.1)");
  }

  static void on_entity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                        const XML_Char*, const XML_Char*, const XML_Char*) {
    of(data).fail("restricted-xml", "an entity declaration is not allowed (RFC 6120 §11.1)");
  }

  static void on_processing_instruction(void* data, const XML_Char*, const XML_Char*) {
    of(data).fail("restricted-xml", "a processing instruction is not allowed (RFC 6120 §11.1)");
  }

  static void on_comment(void* data, const XML_Char*) {
    of(data).fail("restricted-xml", "a comment is not allowed (RFC 6120 §11.1)");
  }
};

XmlStream::XmlStream(XmlStreamLimits limits)
    : state_(std::make_unique<State>(this)), limits_(limits) {}

XmlStream::~XmlStream() = default;

void XmlStream::restart() {
  state_ = std::make_unique<State>(this);
  header_.reset();
  closed_ = false;
  elements_.clear();
}

void XmlStream::feed(std::string_view bytes) {
  // Parse in slices so that a size limit is noticed before a huge read has
  // been taken in whole.
  constexpr size_t kSlice = 4096;
  for (size_t offset = 0; offset < bytes.size(); offset += kSlice) {
    std::string_view slice = bytes.substr(offset, kSlice);
    XML_Status status =
        XML_Parse(state_->parser, slice.data(), static_cast<int>(slice.size()), XML_FALSE);
    state_->fed += static_cast<XML_Index>(slice.size());
    if (status == XML_STATUS_OK) {
      state_->check_token_limit();
    }
    if (state_->error) {
      throw *state_->error;
    }
    if (status != XML_STATUS_OK) {
      XML_Parser parser = state_->parser;
      throw XmlStreamError{
          "not-well-formed",
          fmt::format("{} at line {}, column {} (byte {})",
                      XML_ErrorString(XML_GetErrorCode(parser)), XML_GetCurrentLineNumber(parser),
                      XML_GetCurrentColumnNumber(parser), XML_GetCurrentByteIndex(parser))};
    }
  }
}

std::optional<XmlElement> XmlStream::next_element() {
  if (elements_.empty()) {
    return std::nullopt;
  }
  XmlElement element = std::move(elements_.front());
  elements_.pop_front();
  return element;
}

}  // namespace fedharness::xmpp
