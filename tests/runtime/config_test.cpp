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
  EXPECT_EQ(config.migration_lock_timeout, std::chrono::seconds(5));
  EXPECT_EQ(config.migration_retries, 3);
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

// MIGRATION_RETRIES counts retries: 0 means try once; anything but a whole number from 0 to
// 100 is refused by name, and main exits 2 on any such error.
TEST(Config, MigrationRetriesIsAWholeNumberOfRetries) {
  const std::string url = "postgres://localhost/db";
  EXPECT_EQ(load({{"DB_WRITE_URL", url}, {"MIGRATION_RETRIES", "0"}}).config.migration_retries, 0);
  EXPECT_EQ(load({{"DB_WRITE_URL", url}, {"MIGRATION_RETRIES", "7"}}).config.migration_retries, 7);
  for (const char* bad : {"-1", "three", "2.5", "101", "3 "}) {
    ConfigResult result = load({{"DB_WRITE_URL", url}, {"MIGRATION_RETRIES", bad}});
    ASSERT_EQ(result.errors.size(), 1u) << bad;
    EXPECT_EQ(result.errors[0], std::string("MIGRATION_RETRIES: expected a whole number from 0 to "
                                            "100, got \"") +
                                    bad + "\"");
  }
}

TEST(Config, FormatsDurationsTheWayTheyAreWritten) {
  EXPECT_EQ(format_duration(std::chrono::seconds(2)), "2s");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(0)), "0ms");
  EXPECT_EQ(parse_duration(format_duration(std::chrono::milliseconds(1500))),
            std::chrono::milliseconds(1500));
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

// A cursor key nobody else can compute: random per process unless CURSOR_SECRET sets one, and a
// warning that says what the random key costs.
TEST(Config, CursorSecretIsRandomPerProcessUnlessSet) {
  ConfigResult first = load({{"DB_WRITE_URL", "postgres://localhost/db"}});
  ConfigResult second = load({{"DB_WRITE_URL", "postgres://localhost/db"}});
  ASSERT_TRUE(first.errors.empty());
  EXPECT_EQ(first.config.cursor_secret.size(), 64u);
  EXPECT_EQ(first.config.cursor_secret.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(first.config.cursor_secret, second.config.cursor_secret);
  EXPECT_EQ(first.config.cursor_secret.find("bookstore"), std::string::npos);
  ASSERT_EQ(first.warnings.size(), 1u);
  EXPECT_NE(first.warnings[0].find("CURSOR_SECRET is not set"), std::string::npos);
  EXPECT_NE(first.warnings[0].find("restart"), std::string::npos);

  ConfigResult set = load({{"DB_WRITE_URL", "postgres://localhost/db"},
                           {"CURSOR_SECRET", "a-long-enough-shared-secret"}});
  EXPECT_EQ(set.config.cursor_secret, "a-long-enough-shared-secret");
  EXPECT_TRUE(set.warnings.empty());

  ConfigResult short_secret =
      load({{"DB_WRITE_URL", "postgres://localhost/db"}, {"CURSOR_SECRET", "abc"}});
  EXPECT_EQ(short_secret.config.cursor_secret, "abc");
  ASSERT_EQ(short_secret.warnings.size(), 1u);
  EXPECT_NE(short_secret.warnings[0].find("shorter than 16 bytes"), std::string::npos);
}

void expect_no_part_of(const std::string& text, std::initializer_list<const char*> secrets) {
  for (const char* secret : secrets) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " appears in: " << text;
  }
}

// A malformed connection string is refused at start, by name, in words that never repeat the
// password or a piece of it.
TEST(Config, MalformedConnectionStringsAreRefusedWithoutThePassword) {
  ConfigResult bad_escape =
      load({{"DB_WRITE_URL", "postgresql://app:S3cr%zzetPa55@127.0.0.1:5432/shop"}});
  ASSERT_EQ(bad_escape.errors.size(), 1u);
  EXPECT_EQ(bad_escape.errors[0].rfind("DB_WRITE_URL: not a valid PostgreSQL connection string", 0),
            0u)
      << bad_escape.errors[0];
  expect_no_part_of(bad_escape.errors[0], {"S3cr", "zzet", "Pa55"});

  ConfigResult unescaped_at =
      load({{"DB_WRITE_URL", "postgres://localhost/db"},
            {"DB_READ_URL", "postgresql://app:S3cr@Pa55word@127.0.0.1:5432/shop"}});
  ASSERT_EQ(unescaped_at.errors.size(), 1u);
  EXPECT_EQ(unescaped_at.errors[0],
            "DB_READ_URL: the user name or password holds an unescaped \"@\": percent-encode it "
            "as %40");

  ConfigResult key_value = load({{"DB_WRITE_URL", "host=db password='Wh1sper"}});
  ASSERT_EQ(key_value.errors.size(), 1u);
  expect_no_part_of(key_value.errors[0], {"Wh1sper"});

  EXPECT_TRUE(
      load({{"DB_WRITE_URL", "postgresql://app:S3cr%40Pa55@127.0.0.1:5432/shop"}}).errors.empty());
}

// libpq takes a string that is neither a URL nor key=value pairs for a database name and would
// connect to the default socket: the service must refuse it at start, by the variable's name.
TEST(Config, AStringThatIsNeitherAUrlNorKeyValuePairsIsRefused) {
  ConfigResult result = load({{"DB_WRITE_URL", "notaurl://x"}});
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].rfind("DB_WRITE_URL: not a valid PostgreSQL connection string: ", 0),
            0u)
      << result.errors[0];
  EXPECT_NE(connection_string_problem("localhost"), std::nullopt);
  EXPECT_EQ(connection_string_problem("postgres://localhost/db"), std::nullopt);
  EXPECT_EQ(connection_string_problem("postgresql:///db?host=/tmp"), std::nullopt);
  EXPECT_EQ(connection_string_problem("host=/tmp dbname=db"), std::nullopt);
}

// libpq echoes the piece of a connection string it stumbled on; every such piece that holds a
// run of the password goes, the rest of the message stays.
TEST(Config, ConnectionErrorsNeverCarryThePassword) {
  EXPECT_EQ(redact_connection_error("invalid percent-encoded token: \"S3cr%zzetPa55\"",
                                    "postgresql://app:S3cr%zzetPa55@127.0.0.1/shop"),
            "invalid percent-encoded token: \"***\"");
  std::string host_error = redact_connection_error(
      "could not translate host name \"Pa55word@127.0.0.1\" to address: Name or service not known",
      "postgresql://app:S3cr@Pa55word@127.0.0.1:5432/shop");
  expect_no_part_of(host_error, {"Pa55word", "S3cr"});
  EXPECT_NE(host_error.find("could not translate host name"), std::string::npos);
  EXPECT_EQ(redact_connection_error("connection to server at \"127.0.0.1\", port 1 failed",
                                    "postgresql://app:s3cret@127.0.0.1:1/shop"),
            "connection to server at \"127.0.0.1\", port 1 failed");
  EXPECT_EQ(redact_connection_error("password authentication failed for user \"app\"",
                                    "host=db user=app password='x y z'"),
            "password authentication failed for user \"app\"");
}

}  // namespace
}  // namespace svcgen
