// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: keeps the keys of a JWKS URL fresh from a thread of its own, and
// fetches them again when a token names a key nobody knows yet.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <coroutine>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "jwks_client.hpp"
#include "key_set.hpp"
#include "svcgen/log.hpp"

namespace svcgen {
class EventLoop;
}

namespace svcgen::auth {

struct JwksTiming {
  std::chrono::seconds default_max_age{3600};  // when the answer has no max-age
  std::chrono::seconds min_max_age{60};
  std::chrono::seconds max_max_age{86400};
  std::chrono::seconds unknown_kid_interval{300};  // between refetches for unknown kids
};

class JwksFetcher {
 public:
  // `on_keys` receives each key set that differs from the one before, on the fetching thread.
  using KeysFetched = std::function<void(Keys keys)>;
  JwksFetcher(JwksUrl url, JwksClientOptions options, JwksTiming timing, Logger log,
              KeysFetched on_keys);
  // Only a failing thread join throws, for which terminating is right.
  // NOLINTNEXTLINE(bugprone-exception-escape)
  ~JwksFetcher();
  JwksFetcher(const JwksFetcher&) = delete;
  JwksFetcher& operator=(const JwksFetcher&) = delete;

  // The first fetch, on the calling thread; then the refresh thread starts. Nothing when the
  // first fetch gave keys, else what went wrong (and nothing is started).
  std::optional<std::string> start();
  void stop();

  int fetches() const;
  // When the refresh after the last successful fetch was planned, after clamping.
  std::chrono::seconds refresh_interval() const;

  // Awaited by a request whose token names an unknown kid. The first such request refetches at
  // once; requests arriving while that fetch runs wait for the same fetch; after it, further
  // refetches wait out `unknown_kid_interval` and meanwhile do not suspend at all. A waiting
  // coroutine is resumed on the event loop it came from, or on the fetching thread when it
  // came from none.
  class UnknownKidRefetch {
   public:
    explicit UnknownKidRefetch(JwksFetcher& fetcher) : fetcher_(&fetcher) {}
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> handle);
    void await_resume() const noexcept {}

   private:
    JwksFetcher* fetcher_;
  };
  UnknownKidRefetch refetch_for_unknown_kid() { return UnknownKidRefetch(*this); }

 private:
  struct Waiter {
    std::coroutine_handle<> handle;
    EventLoop* loop;
  };

  // Fetches, parses and hands the keys on; false (having logged why) when it failed.
  bool fetch_now(std::string* error);
  void schedule_refresh(std::chrono::seconds after);
  void unknown_kid_fetch();
  static void resume(const std::vector<Waiter>& waiters);

  JwksUrl url_;
  JwksClientOptions options_;
  JwksTiming timing_;
  Logger log_;
  KeysFetched on_keys_;

  boost::asio::io_context context_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  boost::asio::steady_timer timer_{context_};
  std::thread thread_;

  mutable std::mutex mutex_;
  bool running_ = false;
  int fetches_ = 0;
  std::string last_body_;
  std::chrono::seconds refresh_interval_{0};
  bool unknown_kid_in_flight_ = false;
  std::optional<std::chrono::steady_clock::time_point> last_unknown_kid_fetch_;
  std::vector<Waiter> waiters_;
};

}  // namespace svcgen::auth
