#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "service_process.hpp"

namespace svcgen::testing {

// One running binary of the rollout service and the model version it was built from.
struct Deployed {
  ServiceProcess* process = nullptr;
  int version = 1;  // 1: orders have total, an int32 quantity and note; 2: amount, int64, state
  std::string name;
};

// One request the client sent and what came back. `fault` says why the exchange is wrong (a
// status the client did not ask for, a value that did not read back); empty when it is right.
struct Exchange {
  std::string phase;
  std::string binary;
  std::string method;
  std::string path;
  std::string request;
  int status = 0;
  std::string body;
  std::string fault;
};

// What the client last wrote to an order, in the terms of both versions: `note` only v1 knows
// (unknown after v2 created the row: the expand step decides what the old column holds then).
struct OrderRow {
  std::int64_t id = 0;
  std::string item;
  std::int64_t amount = 0;
  std::int64_t quantity = 0;
  std::optional<std::string> note;
  std::string state = "open";
  int written_by = 1;
};

// The rollout's client: a few threads per model drive create, read, patch, replace, list and
// delete continuously against whichever binaries are deployed, each write read back from another
// binary when there are two, and every exchange is recorded and judged.
class RolloutTraffic {
 public:
  explicit RolloutTraffic(int threads_per_model) : threads_per_model_(threads_per_model) {}
  ~RolloutTraffic() { stop(); }
  RolloutTraffic(const RolloutTraffic&) = delete;
  RolloutTraffic& operator=(const RolloutTraffic&) = delete;

  void start();
  void stop();
  // Returns once no request is in flight to the binaries deployed before; later iterations use
  // only `binaries`, so a binary left out may be stopped.
  void deploy(std::vector<Deployed> binaries);
  // From now on v2 writes quantities beyond int32, which only the contracted schema holds.
  void allow_wide_quantities() { wide_quantities_ = true; }
  // Names the rollout phase in every exchange recorded from now on.
  void enter_phase(std::string name) {
    std::lock_guard<std::mutex> lock(record_mutex_);
    phase_ = std::move(name);
  }

  // Orders that stay, for reading across a migration: created through `writer`, checked later.
  void keep_orders(const Deployed& writer, int count);
  void check_kept_orders(const Deployed& reader);

  // The first `at_most` wrong exchanges, and how many there are in all.
  std::vector<Exchange> faults(std::size_t at_most) const;
  std::size_t fault_count() const;
  // How many wrong exchanges each phase, binary and fault had, most frequent first.
  std::vector<std::pair<std::string, std::size_t>> fault_kinds() const;
  std::size_t exchange_count() const;
  // Named tallies: "v1 read v2's order", "v2 read v1's customer", "wide quantity read back", and
  // "<binary> <model>" per iteration.
  std::size_t tally(const std::string& name) const;

  // Sends one request and records it; returns the body when the status is `expected` and
  // `check` (given the body) finds nothing wrong.
  std::optional<nlohmann::json> call(
      const Deployed& to, const std::string& method, const std::string& path,
      const nlohmann::json& body, int expected,
      const std::function<std::string(const nlohmann::json&)>& check = {});

 private:
  void run(int seed, bool orders);
  std::vector<Deployed> begin_iteration();
  void end_iteration();
  void customer_iteration(const std::vector<Deployed>& binaries, std::uint64_t n);
  void order_iteration(const std::vector<Deployed>& binaries, std::uint64_t n);
  void count(const std::string& name);
  std::string check_order(const Deployed& reader, const OrderRow& row, const nlohmann::json& got);
  void count_cross_read(const Deployed& reader, int written_by, const std::string& model);

  int threads_per_model_;
  std::atomic<bool> running_{false};
  std::atomic<bool> wide_quantities_{false};
  std::vector<std::thread> threads_;

  std::mutex deploy_mutex_;
  std::condition_variable deploy_changed_;
  std::vector<Deployed> binaries_;
  bool switching_ = false;
  int in_flight_ = 0;

  mutable std::mutex record_mutex_;
  std::string phase_;
  std::vector<Exchange> exchanges_;
  std::map<std::string, std::size_t> tallies_;
  std::vector<OrderRow> kept_;
};

}  // namespace svcgen::testing
