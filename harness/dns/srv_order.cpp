#include "dns/srv_order.hpp"

#include <algorithm>
#include <numeric>

namespace fedharness::dns {

std::vector<size_t> srv_order(std::span<const SrvRecord> records, std::mt19937& random) {
  std::vector<size_t> by_priority(records.size());
  std::iota(by_priority.begin(), by_priority.end(), size_t{0});
  std::ranges::stable_sort(
      by_priority, [&](size_t a, size_t b) { return records[a].priority < records[b].priority; });
  std::vector<size_t> ordered;
  auto group = by_priority.begin();
  while (group != by_priority.end()) {
    auto group_end = std::find_if(group, by_priority.end(), [&](size_t i) {
      return records[i].priority != records[*group].priority;
    });
    std::vector<size_t> left(group, group_end);
    // "arrange all SRV RRs (that have not been ordered yet) in any order,
    // except that all those with weight 0 are placed at the beginning".
    std::ranges::stable_partition(left, [&](size_t i) { return records[i].weight == 0; });
    while (!left.empty()) {
      unsigned total = 0;
      for (size_t i : left) {
        total += records[i].weight;
      }
      unsigned pick = std::uniform_int_distribution<unsigned>(0, total)(random);
      unsigned sum = 0;
      auto chosen = std::ranges::find_if(left, [&](size_t i) {
        sum += records[i].weight;
        return sum >= pick;
      });
      ordered.push_back(*chosen);
      left.erase(chosen);
    }
    group = group_end;
  }
  return ordered;
}

}  // namespace fedharness::dns
