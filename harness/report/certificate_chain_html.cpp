#include "report/certificate_chain_html.hpp"

#include <fmt/core.h>

#include <array>
#include <string_view>

#include "report/html_blocks.hpp"
#include "report/xml_escape.hpp"

namespace fedharness {
namespace {

constexpr std::string_view kOffendingMark = R"( <mark class="offending">⚠ offending</mark>)";

// The rows of a certificate's table, in order: the field, its row's class, its title.
struct FieldRow {
  CertificateField field;
  std::string_view css_class;
  std::string_view title;
};

constexpr std::array kFieldRows{
    FieldRow{CertificateField::subject, "subject", "subject"},
    FieldRow{CertificateField::sans, "sans", "SANs"},
    FieldRow{CertificateField::eku, "eku", "EKU"},
    FieldRow{CertificateField::issuer, "issuer", "issuer"},
    FieldRow{CertificateField::validity, "validity", "validity"},
};

std::string sans_html(const CertificateSummary& certificate) {
  std::string html;
  auto add = [&](std::string_view kind, const std::vector<std::string>& names) {
    if (!names.empty()) {
      html += fmt::format("{}<span class=\"san-kind\">{}:</span> {}", html.empty() ? "" : "<br>",
                          kind, escaped_list(names));
    }
  };
  add("DNS", certificate.dns_names);
  add("URI", certificate.uris);
  add("SRV", certificate.srv_ids);
  add("XmppAddr", certificate.xmpp_addrs);
  return html.empty() ? "<span class=\"none\">none</span>" : html;
}

std::string eku_html(const CertificateSummary& certificate) {
  if (!certificate.eku) {
    return "<span class=\"none\">absent: any purpose</span>";
  }
  return certificate.eku->empty() ? "<span class=\"none\">empty</span>"
                                  : escaped_list(*certificate.eku);
}

std::string value_html(const CertificateSummary& certificate, CertificateField field) {
  switch (field) {
    case CertificateField::subject:
      return xml_escape(certificate.subject);
    case CertificateField::sans:
      return sans_html(certificate);
    case CertificateField::eku:
      return eku_html(certificate);
    case CertificateField::issuer:
      return xml_escape(certificate.issuer);
    case CertificateField::validity:
      return fmt::format("<time>{}</time> to <time>{}</time>", xml_escape(certificate.not_before),
                         xml_escape(certificate.not_after));
  }
  return "";
}

std::string certificate_html(const CertificateSummary& certificate, size_t depth, size_t chain_size,
                             std::optional<CertificateField> offending) {
  std::string_view role = depth == 0 ? " (leaf)" : depth + 1 == chain_size ? " (top)" : "";
  std::string html = fmt::format(
      "<li class=\"certificate\" data-depth=\"{}\">\n<table>\n<caption>depth {}{}</caption>\n",
      depth, depth, role);
  for (const FieldRow& row : kFieldRows) {
    bool marked = offending == row.field;
    html += fmt::format("<tr class=\"{}{}\"><th>{}</th><td>{}{}</td></tr>\n", row.css_class,
                        marked ? " offending" : "", row.title, value_html(certificate, row.field),
                        marked ? kOffendingMark : "");
  }
  // Documents from before identities were reported have none.
  if (!certificate.sha1_thumbprint.empty()) {
    html += fmt::format(
        "<tr class=\"identity\"><th>thumbprint</th><td><code>{}</code> (SHA-1), serial "
        "<code>{}</code>, SHA-256 <code>{}</code></td></tr>\n",
        xml_escape(certificate.sha1_thumbprint), xml_escape(certificate.serial),
        xml_escape(certificate.sha256_fingerprint));
  }
  return html + "</table>\n</li>\n";
}

}  // namespace

std::string certificate_chain_html(const std::vector<CertificateSummary>& chain,
                                   std::optional<OffendingField> offending) {
  std::string html = "<ol class=\"chain\">\n";
  for (size_t depth = 0; depth < chain.size(); ++depth) {
    std::optional<CertificateField> marked;
    if (offending && offending->depth == depth) {
      marked = offending->field;
    }
    html += certificate_html(chain[depth], depth, chain.size(), marked);
  }
  return html + "</ol>\n";
}

}  // namespace fedharness
