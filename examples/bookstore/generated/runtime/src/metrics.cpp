// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "svcgen/metrics.hpp"

#include <charconv>

namespace svcgen {
namespace {

constexpr double kBucketBounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                    0.1,    0.25,  0.5,    1,     2.5,  5,     10};
constexpr std::size_t kBucketCount = sizeof kBucketBounds / sizeof kBucketBounds[0];

std::string number(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)error;  // the shortest round-trip form of any double fits in 32 characters
  return std::string(buffer, end);
}

}  // namespace

std::string prometheus_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::record_request(std::string_view route, std::string_view method, int status,
                             std::chrono::nanoseconds duration) {
  double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(mutex_);
  auto found = requests_.find(SeriesLookup{route, method, status});
  if (found == requests_.end()) {
    found = requests_.emplace(SeriesKey{std::string(route), std::string(method), status}, Series{})
                .first;
  }
  Series& series = found->second;
  if (series.buckets.empty()) {
    series.buckets.assign(kBucketCount, 0);
  }
  for (std::size_t i = 0; i < kBucketCount; ++i) {
    if (seconds <= kBucketBounds[i]) {
      ++series.buckets[i];
      break;
    }
  }
  ++series.count;
  series.sum_seconds += seconds;
}

std::string_view accept_error_label(Metrics::AcceptError reason) {
  switch (reason) {
    case Metrics::AcceptError::kDescriptorLimit:
      return "descriptor_limit";
    case Metrics::AcceptError::kOutOfMemory:
      return "out_of_memory";
    case Metrics::AcceptError::kOther:
      break;
  }
  return "other";
}

void Metrics::record_db_error(const std::string& error_class) {
  std::lock_guard lock(mutex_);
  ++db_errors_[error_class];
}

void Metrics::add_gauge(std::string name, std::string help,
                        std::function<std::vector<GaugeSample>()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read), "gauge"});
}

void Metrics::add_counter(std::string name, std::string help,
                          std::function<std::vector<GaugeSample>()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read), "counter"});
}

std::string Metrics::render() const {
  std::string out;
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(mutex_);
    out += "# HELP http_requests_total Requests answered, by route template, method and status.\n";
    out += "# TYPE http_requests_total counter\n";
    std::vector<std::string> series_labels;
    series_labels.reserve(requests_.size());
    for (const auto& [key, series] : requests_) {
      series_labels.push_back("route=\"" + prometheus_label(key.route) + "\",method=\"" +
                              prometheus_label(key.method) + "\",status=\"" +
                              std::to_string(key.status) + "\"");
    }
    auto labels_of = series_labels.begin();
    for (const auto& [key, series] : requests_) {
      const std::string& labels = *labels_of++;
      out += "http_requests_total{" + labels + "} " + std::to_string(series.count) + "\n";
    }
    out += "# HELP http_request_duration_seconds Time from request read to response ready.\n";
    out += "# TYPE http_request_duration_seconds histogram\n";
    labels_of = series_labels.begin();
    for (const auto& [key, series] : requests_) {
      const std::string& labels = *labels_of++;
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBucketCount; ++i) {
        cumulative += series.buckets[i];
        out += "http_request_duration_seconds_bucket{" + labels + ",le=\"" +
               number(kBucketBounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
      }
      out += "http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
             std::to_string(series.count) + "\n";
      out +=
          "http_request_duration_seconds_sum{" + labels + "} " + number(series.sum_seconds) + "\n";
      out += "http_request_duration_seconds_count{" + labels + "} " + std::to_string(series.count) +
             "\n";
    }
    out += "# HELP db_errors_total Database errors, by class.\n";
    out += "# TYPE db_errors_total counter\n";
    for (const auto& [error_class, count] : db_errors_) {
      out += "db_errors_total{class=\"" + prometheus_label(error_class) + "\"} " +
             std::to_string(count) + "\n";
    }
    gauges = gauges_;
  }
  out += "# HELP http_accept_errors_total Connections the server failed to accept, by reason.\n";
  out += "# TYPE http_accept_errors_total counter\n";
  for (auto reason :
       {AcceptError::kDescriptorLimit, AcceptError::kOutOfMemory, AcceptError::kOther}) {
    out += "http_accept_errors_total{reason=\"" + std::string(accept_error_label(reason)) + "\"} " +
           std::to_string(
               accept_errors_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed)) +
           "\n";
  }
  out += "# HELP http_requests_in_flight Requests being handled now.\n";
  out += "# TYPE http_requests_in_flight gauge\n";
  out += "http_requests_in_flight " + std::to_string(in_flight()) + "\n";
  for (const Gauge& gauge : gauges) {
    out += "# HELP " + gauge.name + " " + gauge.help + "\n";
    out += "# TYPE " + gauge.name + " " + gauge.type + "\n";
    for (const GaugeSample& sample : gauge.read()) {
      out += gauge.name + (sample.labels.empty() ? "" : "{" + sample.labels + "}") + " " +
             number(sample.value) + "\n";
    }
  }
  return out;
}

}  // namespace svcgen
