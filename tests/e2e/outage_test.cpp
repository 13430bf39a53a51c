// PostgreSQL stopped while clients write through the generated bookstore: requests fail fast
// with 503 (or, for a write whose statement was in flight when the connection broke, a closed
// connection without an answer: its outcome is unknown), /ready follows the database while
// /health stays up, the service recovers on its own, every acknowledged write is in the database
// afterwards and no write is half-applied. And a write in flight when SHUTDOWN_TIMEOUT ends gets
// its real outcome or no answer, never a 503 that a committed change contradicts.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <mutex>
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
  int status = 0;  // 0: the connection closed without an answer
  json response = nullptr;
  std::chrono::steady_clock::duration took{};
};

// One request on a connection of its own: its response, or status 0 when the service closed the
// connection without answering (a timeout is not that: it throws).
Attempt exchange(std::uint16_t port, const std::string& method, const std::string& path,
                 const json& payload, std::chrono::milliseconds timeout = 10s) {
  auto started = std::chrono::steady_clock::now();
  Attempt done{method, payload};
  testing::RawHttpClient client(port);
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: x\r\n";
  if (!payload.is_null()) {
    std::string body = payload.dump();
    request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + body;
  } else {
    request += "\r\n";
  }
  client.send(request);
  std::optional<RawResponse> response = client.read_response(timeout);
  done.took = std::chrono::steady_clock::now() - started;
  if (response) {
    done.status = response->status;
    done.response = json::parse(response->body, nullptr, false);
  } else if (!client.closed_within(10ms)) {
    throw std::runtime_error(method + " " + path + ": neither an answer nor a close in time");
  }
  return done;
}

// Every field of a payload changes with the version, so a row holding fields of two versions
// (a half-applied write) cannot match any payload.
json book_version(const std::string& title, int version, long author) {
  static const char* const statuses[] = {"draft", "published", "archived"};
  char date[11];
  auto day = static_cast<unsigned>(version);
  std::snprintf(date, sizeof date, "2001-%02u-%02u", day % 12 + 1, day % 28 + 1);
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
    Attempt done;
    try {
      done = exchange(service_.port(), method, path, payload);
    } catch (const std::exception& error) {
      done = Attempt{method, payload, -1, error.what(), 10s};  // no answer nor close: fails
    }
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
  EXPECT_EQ(service.body(not_ready)["reason"], "the database does not answer");
  // A stopped database is the one case called unavailable.
  RawResponse unreachable = service.send("GET", "/api/authors/" + std::to_string(author));
  EXPECT_EQ(unreachable.status, 503) << unreachable.body;
  EXPECT_EQ(service.body(unreachable)["detail"], "the database is unavailable; retry later");
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
  int unanswered = 0;
  int failed_but_applied = 0;
  std::size_t created_attempts_found = 0;
  for (auto& writer : writers) {
    int last_acknowledged_version = 0;
    std::map<std::string, json> patches;  // title -> payload, of every PATCH attempted
    for (const Attempt& attempt : writer->attempts()) {
      const std::string title = attempt.payload["title"];
      if (attempt.status / 100 != 2) {
        ++failed;
        unanswered += attempt.status == 0 ? 1 : 0;
        EXPECT_TRUE(attempt.status == 503 || attempt.status == 0)
            << attempt.method << " " << title << ": " << attempt.status << " "
            << attempt.response.dump();
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
  // Only a statement in flight when the database went away goes unanswered: at most one per
  // writer. Every write attempted while the database was down was never sent and got its 503.
  EXPECT_LE(unanswered, static_cast<int>(writers.size()));
  EXPECT_GT(failed - unanswered, 0) << "no write failed fast with 503 during the outage";
  RecordProperty("failed_requests", failed);
  RecordProperty("unanswered", unanswered);
  RecordProperty("failed_but_applied", failed_but_applied);
}

// A PATCH and a POST wait for row locks held from another session (the book's row, and the
// author's, which the POST's foreign key check must share) when the service is told to stop with
// SHUTDOWN_TIMEOUT=300ms. Their statements were sent: each client must get the real outcome, or
// a connection closed without a status line. Once the service is gone the locks go, the orphaned
// statements commit, and a 503 for either would be a lie that invites a duplicate retry.
TEST(Shutdown, AWriteInFlightAtTheTimeoutGetsItsOutcomeOrNoAnswer) {
  const std::string application = testing::unique_name("shutdown-in-flight");
  ServiceProcess service(SVCGEN_BOOKSTORE, {{"SHUTDOWN_TIMEOUT", "300ms"},
                                            {"DB_LOCK_TIMEOUT", "30s"},
                                            {"DB_STATEMENT_TIMEOUT", "30s"},
                                            {"DB_APPLICATION_NAME", application}});
  auto backends = [&application](const std::string& condition) {
    return testing::exec_sql(testing::shared_database_url(),
                             "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" +
                                 application + "' AND " + condition);
  };
  RawResponse author_created = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author_created.status, 201) << author_created.body;
  long author = service.body(author_created)["id"];
  RawResponse book_created =
      service.send("POST", "/api/books", book_version("before", 1, author).dump());
  ASSERT_EQ(book_created.status, 201) << book_created.body;
  long book = service.body(book_created)["id"];

  PGconn* holder = PQconnectdb(testing::shared_database_url().c_str());
  PGresult* locked =
      PQexec(holder, ("BEGIN; SET search_path = " + service.schema() +
                      "; SELECT 1 FROM books WHERE id = " + std::to_string(book) +
                      " FOR UPDATE; SELECT 1 FROM authors WHERE id = " + std::to_string(author) +
                      " FOR UPDATE")
                         .c_str());
  ASSERT_EQ(PQresultStatus(locked), PGRES_TUPLES_OK) << PQresultErrorMessage(locked);
  PQclear(locked);

  std::uint16_t port = service.port();
  auto patch = std::async(std::launch::async, [port, book, author] {
    return exchange(port, "PATCH", "/api/books/" + std::to_string(book),
                    book_version("patched", 2, author));
  });
  auto post = std::async(std::launch::async, [port, author] {
    return exchange(port, "POST", "/api/books", book_version("posted", 3, author));
  });
  std::string waiting = "0";
  for (int i = 0; i < 200 && waiting != "2"; ++i) {
    std::this_thread::sleep_for(20ms);
    waiting = backends("wait_event_type = 'Lock'");
  }
  ASSERT_EQ(waiting, "2") << "the writes never reached the lock";
  service.signal(SIGTERM);
  Attempt patched = patch.get();
  Attempt posted = post.get();
  EXPECT_TRUE(service.wait_for_exit(10s).has_value()) << "the service did not stop";

  PQclear(PQexec(holder, "ROLLBACK"));
  PQfinish(holder);
  // The orphaned statements run once the locks go; wait until no backend still waits.
  for (int i = 0; i < 200 && waiting != "0"; ++i) {
    std::this_thread::sleep_for(20ms);
    waiting = backends("state = 'active'");
  }
  std::string title = service.sql("SELECT title FROM books WHERE id = " + std::to_string(book));
  std::string posted_rows = service.sql("SELECT count(*) FROM books WHERE title = 'posted'");
  EXPECT_TRUE(patched.status == 200 || patched.status == 0)
      << "PATCH answered " << patched.status << " " << patched.response.dump()
      << "; the book's title is now " << title;
  EXPECT_TRUE(posted.status == 201 || posted.status == 0)
      << "POST answered " << posted.status << " " << posted.response.dump()
      << "; rows created: " << posted_rows;
  if (patched.status == 200) {
    EXPECT_EQ(title, "patched");
  }
  if (posted.status == 201) {
    EXPECT_EQ(posted_rows, "1");
  }
  RecordProperty("patch_status", patched.status);
  RecordProperty("post_status", posted.status);
  RecordProperty("title_after", title);
}

// Holds row locks from a session of its own, as `BEGIN; SELECT ... FOR UPDATE` in psql does.
class RowLocks {
 public:
  RowLocks(const ServiceProcess& service, const std::string& table, const std::vector<long>& ids)
      : conn_(PQconnectdb(testing::shared_database_url().c_str())) {
    std::string list;
    for (long id : ids) {
      list += (list.empty() ? "" : ",") + std::to_string(id);
    }
    PGresult* result =
        PQexec(conn_, ("BEGIN; SET search_path = " + service.schema() + "; SELECT 1 FROM " + table +
                       " WHERE id IN (" + list + ") FOR UPDATE")
                          .c_str());
    bool ok = PQresultStatus(result) == PGRES_TUPLES_OK;
    std::string error = PQresultErrorMessage(result);
    PQclear(result);
    if (!ok) {
      PQfinish(conn_);
      throw std::runtime_error("cannot lock: " + error);
    }
  }
  ~RowLocks() {
    release();
    PQfinish(conn_);
  }
  RowLocks(const RowLocks&) = delete;
  RowLocks& operator=(const RowLocks&) = delete;
  void release() {
    if (held_) {
      held_ = false;
      PQclear(PQexec(conn_, "ROLLBACK"));
    }
  }

 private:
  PGconn* conn_;
  bool held_ = true;
};

double percentile(std::vector<double> samples, double fraction) {
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
  return samples.at(std::max<std::size_t>(rank, 1) - 1);
}

std::vector<long> create_books(ServiceProcess& service, long author, int count) {
  std::vector<long> ids;
  for (int i = 0; i < count; ++i) {
    RawResponse created = service.send("POST", "/api/books",
                                       book_version("book " + std::to_string(i), i, author).dump());
    if (created.status != 201) {
      throw std::runtime_error("cannot create a book: " + created.body);
    }
    ids.push_back(service.body(created)["id"]);
  }
  return ids;
}

// A book locked from psql and four PATCHes of it waiting for the lock, with the default pool:
// 8 clients reading and patching other books (320 requests, each on a connection of its own)
// are answered with a p99 under 100 ms while the lock is held. The database layer's own test
// bounds the delay at 50 ms; here the clients' threads and HTTP share the two cores too. Before,
// every request queued behind a blocked PATCH waited for the lock: DB_LOCK_TIMEOUT, 30 s here.
TEST(Locks, PatchesWaitingForARowLockHoldUpNoOtherRequest) {
  ServiceProcess service(SVCGEN_BOOKSTORE,
                         {{"DB_LOCK_TIMEOUT", "30s"}, {"DB_STATEMENT_TIMEOUT", "30s"}});
  RawResponse author_created = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author_created.status, 201) << author_created.body;
  long author = service.body(author_created)["id"];
  std::vector<long> books = create_books(service, author, 9);
  long locked = books.back();
  books.pop_back();

  RowLocks lock(service, "books", {locked});
  std::uint16_t port = service.port();
  std::vector<std::future<Attempt>> blocked;
  for (int i = 0; i < 4; ++i) {
    blocked.push_back(std::async(std::launch::async, [port, locked, author, i] {
      return exchange(port, "PATCH", "/api/books/" + std::to_string(locked),
                      book_version("locked", 100 + i, author), 60s);
    }));
  }
  std::this_thread::sleep_for(300ms);  // sent, and waiting for the lock
  std::mutex mutex;
  std::vector<double> samples;
  std::vector<std::string> wrong;
  std::vector<std::thread> clients;
  for (int client = 0; client < 8; ++client) {
    clients.emplace_back([&, client] {
      for (int i = 0; i < 40; ++i) {
        long book = books[static_cast<std::size_t>((client + i) % 8)];
        std::string path = "/api/books/" + std::to_string(book);
        auto started = std::chrono::steady_clock::now();
        int status = 0;
        try {
          status = i % 2 == 0 ? exchange(port, "GET", path, nullptr).status
                              : exchange(port, "PATCH", path,
                                         book_version("other", client * 100 + i, author))
                                    .status;
        } catch (const std::exception&) {
          status = -1;
        }
        double took =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        std::lock_guard guard(mutex);
        samples.push_back(took);
        if (status != 200) {
          wrong.push_back(path + ": " + std::to_string(status));
        }
      }
    });
  }
  for (auto& thread : clients) {
    thread.join();
  }
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " wrong answers, first " << wrong.front();
  ASSERT_EQ(samples.size(), 320u);
  EXPECT_LT(percentile(samples, 0.99), 100.0) << "max " << percentile(samples, 1.0) << " ms";
  for (auto& patch : blocked) {
    EXPECT_EQ(patch.wait_for(0s), std::future_status::timeout) << "the lock was not held";
  }
  lock.release();
  for (auto& patch : blocked) {
    EXPECT_EQ(patch.get().status, 200);
  }
}

// DB_WRITE_MAX_CONNS=3 on one event loop: two PATCHes waiting for row locks hold the two
// connections writes may take (the third stays with the reads). A further PATCH, of an unlocked
// book, waits in the pool and is answered 503 with Retry-After after DB_POOL_WAIT_TIMEOUT
// (300 ms; under 2.5 s allows for a loaded machine, the lock would be 30 s); a GET is answered
// at once. Once the locks go, both blocked PATCHes are answered 200 and writes work again.
TEST(Locks, PatchesBlockedOnLocksExhaustThePoolInto503s) {
  ServiceProcess service(SVCGEN_BOOKSTORE, {{"DB_LOCK_TIMEOUT", "30s"},
                                            {"DB_STATEMENT_TIMEOUT", "30s"},
                                            {"DB_WRITE_MAX_CONNS", "3"},
                                            {"DB_POOL_WAIT_TIMEOUT", "300ms"},
                                            {"THREADS", "1"}});
  RawResponse author_created = service.send("POST", "/api/authors", R"({"name": "A"})");
  ASSERT_EQ(author_created.status, 201) << author_created.body;
  long author = service.body(author_created)["id"];
  std::vector<long> books = create_books(service, author, 3);
  RowLocks lock(service, "books", {books[0], books[1]});
  std::uint16_t port = service.port();
  std::vector<std::future<Attempt>> blocked;
  for (int i = 0; i < 2; ++i) {
    blocked.push_back(std::async(std::launch::async, [port, &books, author, i] {
      return exchange(port, "PATCH", "/api/books/" + std::to_string(books[i]),
                      book_version("locked", 100 + i, author), 60s);
    }));
  }
  std::this_thread::sleep_for(300ms);
  std::string free_book = "/api/books/" + std::to_string(books[2]);
  auto started = std::chrono::steady_clock::now();
  RawResponse refused = service.send("PATCH", free_book, book_version("free", 7, author).dump());
  auto took = std::chrono::steady_clock::now() - started;
  testing::expect_problem(refused, 503);
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 2500ms);
  EXPECT_EQ(service.send("GET", free_book).status, 200);
  lock.release();
  for (auto& patch : blocked) {
    Attempt answered = patch.get();
    EXPECT_EQ(answered.status, 200) << answered.response.dump();
  }
  EXPECT_EQ(service.send("PATCH", free_book, book_version("free", 8, author).dump()).status, 200);
}

}  // namespace
}  // namespace svcgen
