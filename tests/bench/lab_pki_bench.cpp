// Speed of the certificate work a run does before any handshake: issuing the
// whole seed lab PKI (keys, certificates, PEM and PKCS#12 encodings; the disk
// writes are left out, they measure the disk) and checking one certificate.
// Targets (issue 2): seed PKI with EC P-256 under 20 ms, a check under 2 ms.
#include <benchmark/benchmark.h>

#include "pki/encoding.hpp"
#include "pki/lab_pki.hpp"
#include "pki/lab_pki_files.hpp"
#include "topology/requirements.hpp"
#include "topology/topology.hpp"
#include "verify/certificate_check.hpp"

namespace fedharness {
namespace {

const CertificateRequirements& seed_requirements() {
  static const CertificateRequirements requirements = derive_requirements(load_topology(
      std::filesystem::path(FEDHARNESS_SOURCE_DIR) / "scenarios/topologies/contoso.yaml"));
  return requirements;
}

void issue_seed_pki(benchmark::State& state, KeyType key_type) {
  for (auto _ : state) {
    LabPki pki =
        issue_lab_pki(seed_requirements(), {.key_type = key_type, .partner_domains = {"aol.com"}});
    benchmark::DoNotOptimize(certificate_to_pem(pki.root.certificate.get()));
    benchmark::DoNotOptimize(certificate_to_pem(pki.intermediate.certificate.get()));
    benchmark::DoNotOptimize(chain_to_pem(pki.edge));
    benchmark::DoNotOptimize(private_key_to_pem(pki.edge.key.get()));
    benchmark::DoNotOptimize(to_pkcs12(pki.edge, kDefaultPkcs12Password, "sip.contoso.com"));
    benchmark::DoNotOptimize(chain_to_pem(pki.partners.front().second));
  }
}
BENCHMARK_CAPTURE(issue_seed_pki, ec_p256, KeyType::ec_p256)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(issue_seed_pki, rsa_2048, KeyType::rsa_2048)->Unit(benchmark::kMillisecond);

void check_edge_certificate(benchmark::State& state) {
  LabPki pki = issue_lab_pki(seed_requirements(), {});
  std::vector<X509Ptr> presented;
  presented.push_back(share(pki.edge.certificate.get()));
  presented.push_back(share(pki.intermediate.certificate.get()));
  std::vector<X509Ptr> anchors;
  anchors.push_back(share(pki.root.certificate.get()));
  TrustStore trust = trust_store_from_certificates(anchors, "lab root");
  for (auto _ : state) {
    CertificateCheckReport report = check_certificate({.requirements = seed_requirements(),
                                                       .presented = presented,
                                                       .private_key = pki.edge.key.get(),
                                                       .trust = trust});
    benchmark::DoNotOptimize(report);
  }
}
BENCHMARK(check_edge_certificate)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fedharness
