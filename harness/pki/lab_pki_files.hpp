#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pki/lab_pki.hpp"

namespace fedharness {

/// The password of edge.p12 when none is given: lab material only.
inline constexpr const char* kDefaultPkcs12Password = "fedharness";

/// Writes the lab PKI into `directory` (created if missing) and returns the
/// paths written: root-ca.pem, intermediate-ca.pem (the CA that issued the
/// Edge's certificate), edge.pem, edge.key,
/// edge-chain.pem, edge.p12, and partner-<domain>.pem/-chain.pem/.key.
/// Private keys and the PKCS#12 bundle are written 0600, the rest 0644.
std::vector<std::filesystem::path> write_lab_pki(const LabPki& pki,
                                                 const std::filesystem::path& directory,
                                                 const std::string& pkcs12_password,
                                                 const std::string& edge_name);

}  // namespace fedharness
