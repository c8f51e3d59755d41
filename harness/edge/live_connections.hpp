#pragma once

#include <mutex>
#include <set>

#include "net/asio.hpp"

namespace fedharness {

/// The connections a listener is serving, so that stopping it ends them:
/// once a run's paths are done, a real server's idle stream (Prosody and
/// ejabberd keep theirs open) or a peer trickling stanzas would otherwise hold
/// the run until a read deadline, or for ever.
class LiveConnections {
 public:
  /// Follows `socket` until the returned handle is released; -1 when it
  /// cannot be followed. A connection arriving after shut_down_all() is shut
  /// down at once.
  int track(net::tcp::socket& socket);
  void release(int handle);

  /// Shuts every followed connection down in both directions: their pending
  /// reads end now, with end of stream.
  void shut_down_all();

 private:
  std::mutex mutex_;
  // Duplicates of the sockets' descriptors: a socket's own descriptor may be
  // closed, and its number reused, before it is released; a duplicate keeps
  // the number ours and reaches the same socket.
  std::set<int> handles_;
  bool shut_down_ = false;
};

}  // namespace fedharness
