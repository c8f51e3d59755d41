#include "edge/live_connections.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace fedharness {

int LiveConnections::track(net::tcp::socket& socket) {
  int handle = ::dup(socket.native_handle());
  if (handle < 0) {
    return -1;  // out of descriptors: the connection still ends at its deadlines
  }
  std::lock_guard lock(mutex_);
  if (shut_down_) {
    ::shutdown(handle, SHUT_RDWR);
  }
  handles_.insert(handle);
  return handle;
}

void LiveConnections::release(int handle) {
  if (handle < 0) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    handles_.erase(handle);
  }
  ::close(handle);
}

void LiveConnections::shut_down_all() {
  std::lock_guard lock(mutex_);
  shut_down_ = true;
  for (int handle : handles_) {
    ::shutdown(handle, SHUT_RDWR);
  }
}

}  // namespace fedharness
