#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace svcgen {

// Prometheus metrics of a service: requests by route, method and status with a latency
// histogram, requests in flight, database errors by class, connections the server failed to
// accept by reason, and gauges read at scrape time (pool sizes). Every label value comes from a
// closed set (route templates, known methods, status codes the server chose), never from what a
// client sent, so the number of series stays bounded whatever the traffic.
class Metrics {
 public:
  void record_request(std::string_view route, std::string_view method, int status,
                      std::chrono::nanoseconds duration);
  void record_db_error(const std::string& error_class);
  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  long in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // Why the server could not accept a connection: a closed set, each one label value.
  enum class AcceptError { kDescriptorLimit, kOutOfMemory, kOther };
  void record_accept_error(AcceptError reason) {
    accept_errors_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  }

  struct GaugeSample {
    std::string labels;  // already formatted: pool="write",state="idle"
    double value;
  };
  // A gauge computed when scraped: `read` returns its samples.
  void add_gauge(std::string name, std::string help,
                 std::function<std::vector<GaugeSample>()> read);

  // A counter kept elsewhere (the rate limiter's refusals), read when scraped.
  void add_counter(std::string name, std::string help,
                   std::function<std::vector<GaugeSample>()> read);

  // The Prometheus text exposition format (version 0.0.4).
  std::string render() const;

 private:
  struct Series {
    std::vector<std::uint64_t> buckets;  // cumulative counts are computed when rendering
    std::uint64_t count = 0;
    double sum_seconds = 0;
  };
  struct Gauge {
    std::string name;
    std::string help;
    std::function<std::vector<GaugeSample>()> read;
    std::string type;  // "gauge" or "counter"
  };
  // Series are found by their label values, without formatting them: the labels are written
  // only when scraped, not once per request.
  struct SeriesKey {
    std::string route;
    std::string method;
    int status;
  };
  struct SeriesLookup {
    std::string_view route;
    std::string_view method;
    int status;
  };
  struct SeriesOrder {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::tuple<std::string_view, std::string_view, int>(a.route, a.method, a.status) <
             std::tuple<std::string_view, std::string_view, int>(b.route, b.method, b.status);
    }
  };
  mutable std::mutex mutex_;
  std::map<SeriesKey, Series, SeriesOrder> requests_;
  std::map<std::string, std::uint64_t> db_errors_;
  std::vector<Gauge> gauges_;
  std::atomic<long> in_flight_{0};
  std::array<std::atomic<std::uint64_t>, 3> accept_errors_{};
};

// The label value of an accept error reason ("descriptor_limit").
std::string_view accept_error_label(Metrics::AcceptError reason);

// Escapes a label value for the exposition format.
std::string prometheus_label(std::string_view value);

}  // namespace svcgen
