// PostgreSQL stopped while clients write through the generated bookstore: requests fail fast
// with 503, /ready follows the database while /health stays up, the service recovers on its
// own, every acknowledged write is in the database afterwards and no write is half-applied.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "service_process.hpp"

namespace svcgen {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::PrivateServer;
using testing::RawResponse;
using testing::ServiceProcess;

constexpr const char* kPoolWaitTimeout = "500ms";
// Generous slack over the pool wait for a loaded two-core machine; a hang would be seconds.
constexpr auto kFailFastLimit = 2500ms;

struct Attempt {
  std::string method;
  json payload;
  int status = 0;
  json response = nullptr;
  std::chrono::steady_clock::duration took{};
};

// Every field of a payload changes with the version, so a row holding fields of two versions
// (a half-applied write) cannot match any payload.
json book_version(const std::string& title, int version, long author) {
  static const char* const statuses[] = {"draft", "published", "archived"};
  char date[11];
  std::snprintf(date, sizeof date, "2001-%02d-%02d", version % 12 + 1, version % 28 + 1);
  return json{{"title", title},
              {"price", std::to_string(version) + "." + std::to_string(10 + version % 90)},
              {"status", statuses[version % 3]},
              {"author_id", author},
              {"tags", json{{"version", version}, {"of", title}}},
              {"published_on", date}};
}

// The columns a payload sets, as PostgreSQL holds them.
json stored(const json& row) {
  return json{{"title", row["title"]},   {"price", row["price"]},
              {"status", row["status"]}, {"author_id", row["author_id"]},
              {"tags", row["tags"]},     {"published_on", row["published_on"]}};
}

class Writer {
 public:
  Writer(ServiceProcess& service, int number, long author, long own_book)
      : service_(service), number_(number), author_(author), own_book_(own_book) {}

  // Alternates creating a new book and rewriting every field of its own book.
  void run(const std::atomic<bool>& stop) {
    for (int version = 1; !stop; ++version) {
      std::string name = "w" + std::to_string(number_) + "-" + std::to_string(version);
      attempt("POST", "/api/books", book_version("new " + name, version, author_));
      attempt("PATCH", "/api/books/" + std::to_string(own_book_),
              book_version("own " + name, version, author_));
    }
  }
  long own_book() const { return own_book_; }
  const std::vector<Attempt>& attempts() const { return attempts_; }
  int acknowledged() const { return acknowledged_; }

 private:
  void attempt(const std::string& method, const std::string& path, const json& payload) {
    auto started = std::chrono::steady_clock::now();
    Attempt done{method, payload};
    try {
      RawResponse response = service_.send(method, path, payload.dump());
      done.status = response.status;
      done.response = json::parse(response.body, nullptr, false);
    } catch (const std::exception& error) {
      done.response = error.what();  // status 0: no answer at all, which fails the test
    }
    done.took = std::chrono::steady_clock::now() - started;
    if (done.status / 100 == 2) {
      ++acknowledged_;
    } else {
      std::this_thread::sleep_for(5ms);  // keeps the outage from turning into a busy loop
    }
    attempts_.push_back(std::move(done));
  }

  ServiceProcess& service_;
  int number_;
  long author_;
  long own_book_;
  std::vector<Attempt> attempts_;
  std::atomic<int> acknowledged_{0};
};

template <typename Condition>
bool wait_until(Condition condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

TEST(Outage, AcknowledgedWritesSurviveAStoppedDatabaseAndNoneIsHalfApplied) {
  PrivateServer database("outage");
  ServiceProcess service(SVCGEN_BOOKSTORE, {{"DB_POOL_WAIT_TIMEOUT", kPoolWaitTimeout}},
                         database.url());
  RawResponse author_created = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author_created.status, 201) << author_created.body;
  long author = service.body(author_created)["id"];

  std::vector<std::unique_ptr<Writer>> writers;
  for (int number = 0; number < 6; ++number) {
    RawResponse created =
        service.send("POST", "/api/books", book_version("own start", 0, author).dump());
    ASSERT_EQ(created.status, 201) << created.body;
    writers.push_back(
        std::make_unique<Writer>(service, number, author, service.body(created)["id"]));
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (auto& writer : writers) {
    threads.emplace_back([&stop, &writer] { writer->run(stop); });
  }
  // Acknowledged writes counted from a baseline per writer (zero, then the count at the stop).
  std::vector<int> baseline(writers.size(), 0);
  auto every_writer_has = [&](int writes) {
    for (std::size_t i = 0; i < writers.size(); ++i) {
      if (writers[i]->acknowledged() < baseline[i] + writes) {
        return false;
      }
    }
    return true;
  };

  ASSERT_TRUE(wait_until([&] { return every_writer_has(20); }, 30s));
  database.pause();  // pg_ctl stop -m fast: open transactions are rolled back, clients cut off
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(service.send("GET", "/health").status, 200);
  RawResponse not_ready = service.send("GET", "/ready");
  EXPECT_EQ(not_ready.status, 503) << not_ready.body;
  for (std::size_t i = 0; i < writers.size(); ++i) {
    baseline[i] = writers[i]->acknowledged();
  }
  database.resume();
  EXPECT_TRUE(wait_until([&] { return service.send("GET", "/ready").status == 200; }, 15s))
      << "the service did not recover on its own";
  bool wrote_again = wait_until([&] { return every_writer_has(10); }, 30s);
  stop = true;
  for (auto& thread : threads) {
    thread.join();
  }
  ASSERT_TRUE(wrote_again) << "writes did not succeed again after the restart";

  json rows = json::parse(
      service.sql("SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'price', "
                  "price::text, 'status', status::text, 'author_id', author_id, 'tags', tags, "
                  "'published_on', published_on::text) ORDER BY id), '[]') FROM books"));
  std::map<long, json> by_id;
  std::map<std::string, json> by_title;
  for (const json& row : rows) {
    by_id[row["id"]] = stored(row);
    by_title[row["title"]] = stored(row);
  }

  int failed = 0;
  int failed_but_applied = 0;
  std::size_t created_attempts_found = 0;
  for (auto& writer : writers) {
    int last_acknowledged_version = 0;
    std::map<std::string, json> patches;  // title -> payload, of every PATCH attempted
    for (const Attempt& attempt : writer->attempts()) {
      const std::string title = attempt.payload["title"];
      if (attempt.status / 100 != 2) {
        ++failed;
        EXPECT_EQ(attempt.status, 503)
            << attempt.method << " " << title << ": " << attempt.response.dump();
        EXPECT_LT(attempt.took, kFailFastLimit) << attempt.method << " " << title;
      }
      if (attempt.method == "POST") {
        auto found = by_title.find(title);
        created_attempts_found += found != by_title.end() ? 1 : 0;
        if (attempt.status == 201) {
          if (found == by_title.end()) {
            ADD_FAILURE() << "an acknowledged create was lost: " << title;
            continue;
          }
          EXPECT_EQ(found->second, attempt.payload) << title;
          EXPECT_EQ(by_id[attempt.response["id"]], attempt.payload) << title;
        } else if (found != by_title.end()) {
          // The commit may land while the connection breaks: then the whole row is there.
          ++failed_but_applied;
          EXPECT_EQ(found->second, attempt.payload) << "a half-applied create: " << title;
        }
      } else {
        patches[title] = attempt.payload;
        if (attempt.status == 200) {
          last_acknowledged_version = attempt.payload["tags"]["version"];
        }
      }
    }
    // The own book holds exactly one version: the last acknowledged one or one attempted
    // after it, never an older one and never a mix.
    const json& own = by_id[writer->own_book()];
    auto version = patches.find(own["title"]);
    ASSERT_NE(version, patches.end()) << "the own book holds no attempted version: " << own;
    EXPECT_EQ(own, version->second) << "a half-applied update";
    EXPECT_GE(own["tags"]["version"].get<int>(), last_acknowledged_version)
        << "an acknowledged update was lost";
  }
  // Rows nobody asked for would be as wrong as lost ones.
  std::size_t created_rows = 0;
  for (const json& row : rows) {
    created_rows += row["title"].get<std::string>().rfind("new ", 0) == 0 ? 1 : 0;
  }
  EXPECT_EQ(created_rows, created_attempts_found);
  EXPECT_GT(failed, 0) << "the outage was not observed by any request";
  RecordProperty("failed_requests", failed);
  RecordProperty("failed_but_applied", failed_but_applied);
}

}  // namespace
}  // namespace svcgen
