#include "rollout_traffic.hpp"

#include <algorithm>

namespace svcgen::testing {

namespace {

using nlohmann::json;

json field(const json& object, const std::string& name) {
  return object.is_object() && object.contains(name) ? object.at(name) : json();
}

std::string differs(const std::string& name, const json& got, const json& expected) {
  return got == expected ? "" : name + " is " + got.dump() + ", expected " + expected.dump();
}

// Spread over the whole int32 range, negatives included; beyond it once the schema is
// contracted and only v2 writes.
std::int64_t quantity_for(std::uint64_t n, bool wide) {
  if (wide) {
    return 3'000'000'000LL + static_cast<std::int64_t>(n % 1'000'000);
  }
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(n * 2654435761ULL));
}

json order_body(int version, const OrderRow& row) {
  json body = {{"item", row.item}, {"quantity", row.quantity}};
  if (version == 1) {
    body["total"] = row.amount;
    body["note"] = row.note.value_or("");
  } else {
    body["amount"] = row.amount;
    body["state"] = row.state;
  }
  return body;
}

std::string check_customer(const json& expected, const json& got) {
  std::string fault = differs("name", field(got, "name"), expected["name"]);
  return fault.empty() ? differs("email", field(got, "email"), expected["email"]) : fault;
}

}  // namespace

void RolloutTraffic::start() {
  running_ = true;
  for (int i = 0; i < threads_per_model_; ++i) {
    threads_.emplace_back([this, i] { run(2 * i, false); });
    threads_.emplace_back([this, i] { run(2 * i + 1, true); });
  }
}

void RolloutTraffic::stop() {
  if (!running_.exchange(false)) {
    return;
  }
  deploy_changed_.notify_all();
  for (std::thread& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void RolloutTraffic::deploy(std::vector<Deployed> binaries) {
  std::unique_lock<std::mutex> lock(deploy_mutex_);
  switching_ = true;
  deploy_changed_.wait(lock, [this] { return in_flight_ == 0; });
  binaries_ = std::move(binaries);
  switching_ = false;
  deploy_changed_.notify_all();
}

std::vector<Deployed> RolloutTraffic::begin_iteration() {
  std::unique_lock<std::mutex> lock(deploy_mutex_);
  deploy_changed_.wait(lock, [this] { return !switching_ || !running_; });
  ++in_flight_;
  return binaries_;
}

void RolloutTraffic::end_iteration() {
  std::lock_guard<std::mutex> lock(deploy_mutex_);
  --in_flight_;
  deploy_changed_.notify_all();
}

void RolloutTraffic::run(int seed, bool orders) {
  for (std::uint64_t i = 0; running_; ++i) {
    std::vector<Deployed> binaries = begin_iteration();
    std::uint64_t n = static_cast<std::uint64_t>(seed) * 1'000'000'000ULL + i;
    if (!binaries.empty()) {
      orders ? order_iteration(binaries, n) : customer_iteration(binaries, n);
    }
    end_iteration();
  }
}

std::optional<json> RolloutTraffic::call(const Deployed& to, const std::string& method,
                                         const std::string& path, const json& body, int expected,
                                         const std::function<std::string(const json&)>& check) {
  Exchange exchange{"", to.name, method, path, body.is_null() ? "" : body.dump(), 0, "", ""};
  std::optional<json> parsed;
  try {
    RawResponse response = to.process->send(method, path, exchange.request);
    exchange.status = response.status;
    exchange.body = response.body;
    json document = expected == 204 ? json() : json::parse(response.body, nullptr, false);
    if (response.status != expected) {
      exchange.fault = "answered " + std::to_string(response.status) + ", the client expected " +
                       std::to_string(expected);
    } else if (document.is_discarded()) {
      exchange.fault = "the body is not JSON";
    } else if (check) {
      exchange.fault = check(document);
    }
    parsed = std::move(document);
  } catch (const std::exception& error) {
    exchange.fault = error.what();
  }
  std::lock_guard<std::mutex> lock(record_mutex_);
  exchange.phase = phase_;
  bool right = exchange.fault.empty();
  exchanges_.push_back(std::move(exchange));
  return right ? parsed : std::nullopt;
}

void RolloutTraffic::count(const std::string& name) {
  std::lock_guard<std::mutex> lock(record_mutex_);
  ++tallies_[name];
}

void RolloutTraffic::count_cross_read(const Deployed& reader, int written_by,
                                      const std::string& model) {
  if (reader.version != written_by) {
    count(reader.name + " read v" + std::to_string(written_by) + "'s " + model);
  }
}

std::string RolloutTraffic::check_order(const Deployed& reader, const OrderRow& row,
                                        const json& got) {
  const char* amount = reader.version == 1 ? "total" : "amount";
  for (std::string fault :
       {differs("id", field(got, "id"), row.id), differs("item", field(got, "item"), row.item),
        differs(amount, field(got, amount), row.amount),
        differs("quantity", field(got, "quantity"), row.quantity)}) {
    if (!fault.empty()) {
      return fault;
    }
  }
  if (reader.version == 2) {
    if (got.contains("total") || got.contains("note")) {
      return "v2 answered a field of v1";
    }
    return differs("state", field(got, "state"), row.state);
  }
  if (got.contains("amount") || got.contains("state")) {
    return "v1 answered a field of v2";
  }
  return row.note ? differs("note", field(got, "note"), *row.note) : "";
}

void RolloutTraffic::customer_iteration(const std::vector<Deployed>& binaries, std::uint64_t n) {
  const Deployed& a = binaries[n % binaries.size()];
  const Deployed& b = binaries[(n + 1) % binaries.size()];
  count(a.name + " customers");
  std::string tag = std::to_string(n);
  json customer = {{"name", "customer " + tag}, {"email", "c" + tag + "@example.com"}};
  auto matches = [&customer](const json& got) { return check_customer(customer, got); };
  std::optional<json> created = call(a, "POST", "/api/customers", customer, 201, matches);
  if (!created) {
    return;
  }
  std::string path = "/api/customers/" + field(*created, "id").dump();
  if (call(b, "GET", path, nullptr, 200, matches)) {
    count_cross_read(b, a.version, "customer");
  }
  customer["email"] = nullptr;
  call(b, "PATCH", path, {{"email", nullptr}}, 200, matches);
  call(a, "GET", path, nullptr, 200, matches);
  customer = {{"name", "replaced " + tag}, {"email", "r" + tag + "@example.com"}};
  call(a, "PUT", path, customer, 200, matches);
  call(b, "GET", path, nullptr, 200, matches);
  for (const Deployed& binary : binaries) {
    call(binary, "GET", "/ready", nullptr, 200);
  }
  call(a, "GET", "/api/customers?limit=5", nullptr, 200,
       [](const json& got) { return field(got, "items").is_array() ? "" : "no items array"; });
  call(b, "DELETE", path, nullptr, 204);
  call(a, "GET", path, nullptr, 404);
}

void RolloutTraffic::order_iteration(const std::vector<Deployed>& binaries, std::uint64_t n) {
  const Deployed& a = binaries[n % binaries.size()];
  const Deployed& b = binaries[(n + 1) % binaries.size()];
  count(a.name + " orders");
  bool wide = wide_quantities_;
  OrderRow row{0,
               "item " + std::to_string(n),
               static_cast<std::int64_t>(n % 1'000'000),
               quantity_for(n, wide && a.version == 2),
               std::nullopt,
               "open",
               a.version};
  if (a.version == 1) {
    row.note = "note " + std::to_string(n);
  }
  std::optional<json> created =
      call(a, "POST", "/api/orders", order_body(a.version, row), 201, [&](const json& got) {
        row.id = field(got, "id").is_number_integer() ? field(got, "id").get<std::int64_t>() : 0;
        return check_order(a, row, got);
      });
  if (!created) {
    return;
  }
  std::string path = "/api/orders/" + std::to_string(row.id);
  auto read_back = [&](const Deployed& reader) {
    if (call(reader, "GET", path, nullptr, 200,
             [&](const json& got) { return check_order(reader, row, got); })) {
      count_cross_read(reader, row.written_by, "order");
      if (row.quantity > INT32_MAX) {
        count("wide quantity read back");
      }
    }
  };
  read_back(b);
  row.amount = static_cast<std::int64_t>((n * 7 + 3) % 1'000'000);
  row.written_by = b.version;
  json patch = {{b.version == 1 ? "total" : "amount", row.amount}};
  call(b, "PATCH", path, patch, 200, [&](const json& got) { return check_order(b, row, got); });
  read_back(a);
  row.item = "replaced " + std::to_string(n);
  row.quantity = quantity_for(n + 17, wide && a.version == 2);
  row.written_by = a.version;
  if (a.version == 1) {
    row.note = "replaced note " + std::to_string(n);
  } else {
    row.state = n % 2 == 0 ? "closed" : "open";
  }
  call(a, "PUT", path, order_body(a.version, row), 200,
       [&](const json& got) { return check_order(a, row, got); });
  read_back(b);
  call(b, "GET", "/api/orders?limit=5", nullptr, 200,
       [](const json& got) { return field(got, "items").is_array() ? "" : "no items array"; });
  call(b, "DELETE", path, nullptr, 204);
  call(a, "GET", path, nullptr, 404);
}

void RolloutTraffic::keep_orders(const Deployed& writer, int count) {
  for (int i = 0; i < count; ++i) {
    std::uint64_t n = 900'000'000'000ULL + kept_.size();
    OrderRow row{0,
                 "kept " + std::to_string(n),
                 static_cast<std::int64_t>(n % 1000),
                 quantity_for(n, false),
                 std::nullopt,
                 "open",
                 writer.version};
    if (writer.version == 1) {
      row.note = "kept note";
    } else {
      row.state = "closed";
    }
    std::optional<json> created = call(
        writer, "POST", "/api/orders", order_body(writer.version, row), 201, [&](const json& got) {
          row.id = field(got, "id").is_number_integer() ? field(got, "id").get<std::int64_t>() : 0;
          return check_order(writer, row, got);
        });
    if (created) {
      kept_.push_back(row);
    }
  }
}

void RolloutTraffic::check_kept_orders(const Deployed& reader) {
  for (const OrderRow& row : kept_) {
    if (call(reader, "GET", "/api/orders/" + std::to_string(row.id), nullptr, 200,
             [&](const json& got) { return check_order(reader, row, got); })) {
      count_cross_read(reader, row.written_by, "kept order");
    }
  }
}

std::vector<Exchange> RolloutTraffic::faults(std::size_t at_most) const {
  std::lock_guard<std::mutex> lock(record_mutex_);
  std::vector<Exchange> found;
  for (const Exchange& exchange : exchanges_) {
    if (!exchange.fault.empty() && found.size() < at_most) {
      found.push_back(exchange);
    }
  }
  return found;
}

std::size_t RolloutTraffic::fault_count() const {
  std::lock_guard<std::mutex> lock(record_mutex_);
  std::size_t count = 0;
  for (const Exchange& exchange : exchanges_) {
    count += exchange.fault.empty() ? 0 : 1;
  }
  return count;
}

std::vector<std::pair<std::string, std::size_t>> RolloutTraffic::fault_kinds() const {
  std::map<std::string, std::size_t> kinds;
  {
    std::lock_guard<std::mutex> lock(record_mutex_);
    for (const Exchange& exchange : exchanges_) {
      if (!exchange.fault.empty()) {
        ++kinds[exchange.phase + ", " + exchange.binary + ": " + exchange.fault];
      }
    }
  }
  std::vector<std::pair<std::string, std::size_t>> sorted(kinds.begin(), kinds.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

std::size_t RolloutTraffic::exchange_count() const {
  std::lock_guard<std::mutex> lock(record_mutex_);
  return exchanges_.size();
}

std::size_t RolloutTraffic::tally(const std::string& name) const {
  std::lock_guard<std::mutex> lock(record_mutex_);
  auto found = tallies_.find(name);
  return found == tallies_.end() ? 0 : found->second;
}

}  // namespace svcgen::testing
