#include "pki/lab_pki_files.hpp"

#include <fmt/core.h>

#include <system_error>

#include "pki/encoding.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness {
namespace {

constexpr mode_t kPublicMode = 0644;
constexpr mode_t kSecretMode = 0600;

class Writer {
 public:
  explicit Writer(const std::filesystem::path& directory) : directory_(directory) {}

  void write(const std::string& name, const std::string& content, mode_t mode) {
    auto path = directory_ / name;
    write_file_atomically(path, content, mode);
    written_.push_back(path);
  }

  void write_credential(const std::string& stem, const IssuedCredential& credential) {
    write(stem + ".pem", certificate_to_pem(credential.certificate.get()), kPublicMode);
    write(stem + "-chain.pem", chain_to_pem(credential), kPublicMode);
    write(stem + ".key", private_key_to_pem(credential.key.get()), kSecretMode);
  }

  std::vector<std::filesystem::path> written() && { return std::move(written_); }

 private:
  std::filesystem::path directory_;
  std::vector<std::filesystem::path> written_;
};

// The CA that issued the Edge's leaf, presented with it or not, so that
// `openssl verify -untrusted intermediate-ca.pem edge.pem` judges the chain
// the defects made (server-only-issuer: error 26 for sslclient, not 20). A
// self-signed leaf has none: the lab's issuing CA, which issued the partners.
X509* edge_issuer(const LabPki& pki) {
  if (!pki.edge.chain.empty()) {
    return pki.edge.chain.front().get();
  }
  X509* server_only = pki.server_only_intermediate.certificate.get();
  if (X509_check_issued(server_only, pki.edge.certificate.get()) == X509_V_OK) {
    return server_only;
  }
  return pki.intermediate.certificate.get();
}

}  // namespace

std::vector<std::filesystem::path> write_lab_pki(const LabPki& pki,
                                                 const std::filesystem::path& directory,
                                                 const std::string& pkcs12_password,
                                                 const std::string& edge_name) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    throw BadInput(fmt::format("{}: cannot create the output folder: {}", directory.string(),
                               error.message()));
  }
  Writer writer(directory);
  writer.write("root-ca.pem", certificate_to_pem(pki.root.certificate.get()), kPublicMode);
  writer.write("intermediate-ca.pem", certificate_to_pem(edge_issuer(pki)), kPublicMode);
  writer.write_credential("edge", pki.edge);
  writer.write("edge.p12", to_pkcs12(pki.edge, pkcs12_password, edge_name), kSecretMode);
  for (const auto& [domain, credential] : pki.partners) {
    writer.write_credential("partner-" + domain, credential);
  }
  return std::move(writer).written();
}

}  // namespace fedharness
