// A Kubernetes-style rollout of a model change against the real PostgreSQL: version N serves,
// version N+1's expand step is applied under it, both versions serve side by side, version N
// stops, the contract step is applied under version N+1. A client drives CRUD on every model
// the whole time, and every answer must be a 2xx or the 4xx it asked for.
#include <signal.h>

#include <iostream>

#include "rollout_traffic.hpp"

namespace svcgen::testing {
namespace {

struct CommandResult {
  std::optional<int> exit_code;
  std::string output;
};

// `<binary> migrate ...`, as the migrate Job runs it: against the shared schema, to the end.
CommandResult run_command(const std::string& program, const std::vector<std::string>& arguments,
                          const std::map<std::string, std::string>& environment) {
  static int counter = 0;
  std::string log = (std::filesystem::temp_directory_path() /
                     (unique_name("rollout_command") + "_" + std::to_string(++counter) + ".log"))
                        .string();
  ChildProcess process(program, arguments, environment, log);
  std::optional<int> exit_code = process.wait(60s);
  return {exit_code, process.output()};
}

// The migrated table's columns that the two versions disagree on, as "name type, ...".
std::string order_columns(const std::string& url, const std::string& schema) {
  return exec_sql(url,
                  "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_name) "
                  "FROM information_schema.columns WHERE table_schema = '" +
                      schema +
                      "' AND table_name = 'orders' AND column_name IN "
                      "('total', 'amount', 'quantity', 'note', 'state')");
}

// On any failure: the first wrong exchanges and what each binary logged.
class FailureReport {
 public:
  FailureReport(const RolloutTraffic& traffic, const std::unique_ptr<ServiceProcess>& v1,
                const std::unique_ptr<ServiceProcess>& v2)
      : traffic_(traffic), v1_(v1), v2_(v2) {}
  ~FailureReport() {
    if (!::testing::Test::HasFailure()) {
      return;
    }
    std::cerr << traffic_.fault_count() << " of " << traffic_.exchange_count()
              << " exchanges were wrong:\n";
    for (const auto& [kind, count] : traffic_.fault_kinds()) {
      std::cerr << "  " << count << " x " << kind << "\n";
    }
    std::cerr << "the first ones:\n";
    for (const Exchange& exchange : traffic_.faults(5)) {
      std::cerr << "  [" << exchange.phase << "] " << exchange.binary << " " << exchange.method
                << " " << exchange.path << " " << exchange.request << " -> " << exchange.status
                << " " << exchange.body << "\n    " << exchange.fault << "\n";
    }
    for (const auto& [name, process] : {std::pair{"v1", &v1_}, std::pair{"v2", &v2_}}) {
      if (*process) {
        std::cerr << "---- " << name << " log ----\n" << (*process)->output() << "\n";
      }
    }
  }
  FailureReport(const FailureReport&) = delete;
  FailureReport& operator=(const FailureReport&) = delete;

 private:
  const RolloutTraffic& traffic_;
  const std::unique_ptr<ServiceProcess>& v1_;
  const std::unique_ptr<ServiceProcess>& v2_;
};

class Rollout : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = shared_database_url();
    schema_ = unique_name("rollout");
    exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    // Both versions share one schema and never migrate by themselves: migrations run as
    // separate commands, between the phases, the way the migrate Jobs run them.
    environment_ = {{"DB_WRITE_URL", url_}, {"DB_SCHEMA", schema_}, {"AUTO_MIGRATE", "false"}};
  }
  void TearDown() override {
    try {
      exec_sql(url_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (...) {
    }
  }
  void migrate(const std::string& program, const std::vector<std::string>& arguments) {
    std::vector<std::string> command = {"migrate"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    CommandResult result = run_command(program, command, environment_);
    std::string line = program;
    for (const std::string& argument : command) {
      line += " " + argument;
    }
    ASSERT_EQ(result.exit_code, 0) << line << ":\n" << result.output;
  }

  std::string url_;
  std::string schema_;
  std::map<std::string, std::string> environment_;
};

TEST_F(Rollout, BothVersionsServeEveryRequestThroughExpandAndContract) {
  std::unique_ptr<ServiceProcess> v1;
  std::unique_ptr<ServiceProcess> v2;
  RolloutTraffic traffic(2);
  FailureReport report(traffic, v1, v2);

  // Phase 1: version N alone.
  traffic.enter_phase("1 v1 alone");
  ASSERT_NO_FATAL_FAILURE(migrate(SVCGEN_ROLLOUT_V1, {"up"}));
  v1 = std::make_unique<ServiceProcess>(SVCGEN_ROLLOUT_V1, environment_, url_);
  Deployed old_version{v1.get(), 1, "v1"};
  traffic.deploy({old_version});
  traffic.start();
  traffic.keep_orders(old_version, 10);
  std::this_thread::sleep_for(3s);

  // Phase 2: version N+1's expand step under the running version N, then both versions.
  traffic.enter_phase("2 expand under v1");
  ASSERT_NO_FATAL_FAILURE(migrate(SVCGEN_ROLLOUT_V2, {"up", "--expand-only"}));
  std::string expanded = order_columns(url_, schema_);
  for (const char* column : {"total ", "note ", "amount ", "state "}) {
    EXPECT_NE(expanded.find(column), std::string::npos)
        << "after the expand step, orders must have " << column << "for one version or the "
        << "other: " << expanded;
  }
  v2 = std::make_unique<ServiceProcess>(SVCGEN_ROLLOUT_V2, environment_, url_);
  Deployed new_version{v2.get(), 2, "v2"};
  traffic.enter_phase("2 v1 and v2");
  traffic.deploy({old_version, new_version});
  traffic.check_kept_orders(new_version);
  traffic.keep_orders(new_version, 10);
  traffic.check_kept_orders(old_version);
  std::this_thread::sleep_for(5s);

  // Phase 3: version N stops, then the contract step runs under version N+1.
  traffic.enter_phase("3 v1 stops, contract under v2");
  traffic.deploy({new_version});
  v1->signal(SIGTERM);
  EXPECT_EQ(v1->wait_for_exit(10s), 0) << "v1 did not stop cleanly on SIGTERM";
  ASSERT_NO_FATAL_FAILURE(migrate(SVCGEN_ROLLOUT_V2, {"up"}));
  EXPECT_EQ(order_columns(url_, schema_), "amount integer, quantity bigint, state text")
      << "the contract step leaves exactly version N+1's columns";
  traffic.enter_phase("3 v2 after the contract");
  traffic.allow_wide_quantities();
  traffic.check_kept_orders(new_version);
  std::this_thread::sleep_for(3s);
  traffic.stop();

  EXPECT_EQ(traffic.fault_count(), 0u) << "see the exchanges listed on stderr";
  for (const char* tally :
       {"v1 customers", "v1 orders", "v2 customers", "v2 orders", "v2 read v1's order",
        "v1 read v2's order", "v2 read v1's customer", "v1 read v2's customer",
        "v2 read v1's kept order", "v1 read v2's kept order", "wide quantity read back"}) {
    EXPECT_GT(traffic.tally(tally), 0u) << "no successful \"" << tally << "\"";
  }
}

}  // namespace
}  // namespace svcgen::testing
