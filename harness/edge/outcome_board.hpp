#pragma once

#include "net/outcome.hpp"
#include "net/rendezvous.hpp"

namespace fedharness {

/// Where the simulated Edge leaves how each inbound connection ended, keyed
/// by the client's port, for the path that made the connection to collect.
using OutcomeBoard = Rendezvous<unsigned short, net::ConnectionOutcome>;

}  // namespace fedharness
