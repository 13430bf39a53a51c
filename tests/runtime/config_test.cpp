#include "svcgen/config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace svcgen {
namespace {

ConfigResult load(std::map<std::string, std::string> values, bool require_database = true) {
  return load_config({"bookstore", "/api", require_database},
                     [&](std::string_view name) -> std::optional<std::string> {
                       auto found = values.find(std::string(name));
                       return found == values.end() ? std::nullopt
                                                    : std::optional<std::string>(found->second);
                     });
}

TEST(Config, DefaultsMatchTheDocumentedTable) {
  ConfigResult result = load({{"DB_WRITE_URL", "postgres://localhost/db"}});
  ASSERT_TRUE(result.errors.empty());
  const Config& config = result.config;
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.host, "0.0.0.0");
  EXPECT_EQ(config.service_name, "bookstore");
  EXPECT_EQ(config.path_prefix, "/api");
  EXPECT_EQ(config.db_write_max_conns, 20);
  EXPECT_EQ(config.db_read_max_conns, 40);
  EXPECT_EQ(config.db_conn_max_lifetime, std::chrono::minutes(30));
  EXPECT_EQ(config.db_conn_max_idle_time, std::chrono::minutes(5));
  EXPECT_EQ(config.db_pool_wait_timeout, std::chrono::seconds(5));
  EXPECT_EQ(config.db_statement_timeout, std::chrono::seconds(30));
  EXPECT_EQ(config.db_lock_timeout, std::chrono::seconds(5));
  EXPECT_EQ(config.db_idle_in_tx_timeout, std::chrono::seconds(60));
  EXPECT_EQ(config.db_application_name, "bookstore");
  EXPECT_EQ(config.db_schema, "public");
  EXPECT_FALSE(config.auto_migrate);
  EXPECT_EQ(config.shutdown_timeout, std::chrono::seconds(30));
  EXPECT_EQ(config.health_timeout, std::chrono::seconds(3));
  EXPECT_FALSE(config.health_check_db);
  EXPECT_EQ(config.max_body_bytes, 1048576u);
  EXPECT_EQ(config.log_level, LogLevel::kInfo);
  EXPECT_EQ(config.log_format, LogFormat::kJson);
  EXPECT_FALSE(config.trace);
  EXPECT_FALSE(config.db_read_url);
}

TEST(Config, ReportsEveryBadVariableByName) {
  ConfigResult result = load({{"SHUTDOWN_TIMEOUT", "thirty"},
                              {"PORT", "80a"},
                              {"LOG_LEVEL", "verbose"},
                              {"AUTO_MIGRATE", "maybe"},
                              {"MAX_BODY_BYTES", "-1"},
                              {"DB_SCHEMA", "Bad Schema"}});
  std::vector<std::string> expected = {
      "PORT: expected a whole number from 0 to 65535, got \"80a\"",
      "DB_WRITE_URL: required: a PostgreSQL connection string such as "
      "postgres://user:password@host:5432/db",
      "DB_SCHEMA: expected a lower-case schema name, got \"Bad Schema\"",
      "AUTO_MIGRATE: expected true or false, got \"maybe\"",
      "SHUTDOWN_TIMEOUT: expected a duration like 30s, got \"thirty\"",
      "MAX_BODY_BYTES: expected a number of bytes of at least 1, got \"-1\"",
      "LOG_LEVEL: expected one of debug, info, warn, error, got \"verbose\"",
  };
  EXPECT_EQ(result.errors, expected);
}

TEST(Config, DatabaseIsOptionalWhenNotNeeded) { EXPECT_TRUE(load({}, false).errors.empty()); }

TEST(Config, ParsesGoDurations) {
  EXPECT_EQ(parse_duration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(parse_duration("30s"), std::chrono::seconds(30));
  EXPECT_EQ(parse_duration("5m"), std::chrono::minutes(5));
  EXPECT_EQ(parse_duration("1h30m"), std::chrono::minutes(90));
  EXPECT_EQ(parse_duration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_EQ(parse_duration("0"), std::chrono::milliseconds(0));
  for (const char* bad : {"", "30", "s", "-5s", "5 s", "1.2.3s", "3d", "thirty"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
}

TEST(Config, RedactsPasswords) {
  EXPECT_EQ(redact_dsn("postgres://app:s3cret@db:5432/shop"), "postgres://app:***@db:5432/shop");
  EXPECT_EQ(redact_dsn("postgresql://app@db/shop"), "postgresql://app@db/shop");
  EXPECT_EQ(redact_dsn("host=db password=s3cret user=app"), "host=db password=*** user=app");
  EXPECT_EQ(redact_dsn("host=db password='a b' user=app"), "host=db password=*** user=app");
  EXPECT_EQ(redact_dsn("postgres://db/shop?user=app&password=s3cret"),
            "postgres://db/shop?user=app&password=***");
}

}  // namespace
}  // namespace svcgen
