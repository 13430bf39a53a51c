// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "jwks_fetcher.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <utility>

#include "../event_loops.hpp"

namespace svcgen::auth {

JwksFetcher::JwksFetcher(JwksUrl url, JwksClientOptions options, JwksTiming timing, Logger log,
                         KeysFetched on_keys)
    : url_(std::move(url)),
      options_(std::move(options)),
      timing_(timing),
      log_(std::move(log)),
      on_keys_(std::move(on_keys)) {}

// NOLINTNEXTLINE(bugprone-exception-escape): as said in the header
JwksFetcher::~JwksFetcher() { stop(); }

bool JwksFetcher::fetch_now(std::string* error) {
  JwksResponse response = fetch_jwks(url_, options_);
  std::string problem = response.error;
  std::optional<Keys> keys;
  if (problem.empty()) {
    std::string parse_error;
    keys = parse_jwks(response.body, 2048, parse_error);
    if (!keys) {
      problem = url_.text + ": not a usable JWK set: " + parse_error;
    } else if (keys->empty()) {
      problem = url_.text + ": the JWK set has no signing key of a supported type";
    }
  }
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    ++fetches_;
    if (problem.empty()) {
      refresh_interval_ = std::clamp(response.max_age.value_or(timing_.default_max_age),
                                     timing_.min_max_age, timing_.max_max_age);
      changed = response.body != last_body_;
      last_body_ = std::move(response.body);
    }
  }
  if (!problem.empty()) {
    if (error != nullptr) {
      *error = problem;
    }
    return false;
  }
  if (changed) {
    on_keys_(std::move(*keys));
  }
  return true;
}

std::optional<std::string> JwksFetcher::start() {
  std::string error;
  if (!fetch_now(&error)) {
    return "JWT_JWKS_URL: " + error;
  }
  {
    std::lock_guard lock(mutex_);
    running_ = true;
  }
  guard_.emplace(boost::asio::make_work_guard(context_));
  schedule_refresh(refresh_interval());
  thread_ = std::thread([this] { context_.run(); });
  return std::nullopt;
}

void JwksFetcher::stop() {
  std::vector<Waiter> waiting;
  {
    std::lock_guard lock(mutex_);
    running_ = false;
  }
  if (thread_.joinable()) {
    guard_.reset();
    context_.stop();
    thread_.join();
    timer_.cancel();
  }
  {
    std::lock_guard lock(mutex_);
    waiting.swap(waiters_);
    unknown_kid_in_flight_ = false;
  }
  // Nobody is left to fetch for them: they go on with the keys there are.
  resume(waiting);
}

int JwksFetcher::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

std::chrono::seconds JwksFetcher::refresh_interval() const {
  std::lock_guard lock(mutex_);
  return refresh_interval_;
}

void JwksFetcher::schedule_refresh(std::chrono::seconds after) {
  timer_.expires_after(after);
  timer_.async_wait([this](boost::system::error_code error) {
    if (error) {
      return;  // cancelled: stopping, or a refetch planned a new refresh
    }
    std::string problem;
    if (fetch_now(&problem)) {
      schedule_refresh(refresh_interval());
      return;
    }
    log_.warn("the JWKS refresh failed; the keys fetched before stay in use", {{"error", problem}});
    schedule_refresh(timing_.min_max_age);
  });
}

void JwksFetcher::unknown_kid_fetch() {
  std::string problem;
  bool fetched = fetch_now(&problem);
  if (!fetched) {
    log_.warn("the JWKS refetch for an unknown key id failed; the keys fetched before stay in use",
              {{"error", problem}});
  }
  std::vector<Waiter> waiting;
  {
    std::lock_guard lock(mutex_);
    unknown_kid_in_flight_ = false;
    waiting.swap(waiters_);
  }
  if (fetched) {
    timer_.cancel();
    schedule_refresh(refresh_interval());
  }
  resume(waiting);
}

void JwksFetcher::resume(const std::vector<Waiter>& waiters) {
  for (const Waiter& waiter : waiters) {
    if (waiter.loop != nullptr) {
      boost::asio::post(waiter.loop->context(), [handle = waiter.handle] { handle.resume(); });
    } else {
      waiter.handle.resume();
    }
  }
}

bool JwksFetcher::UnknownKidRefetch::await_suspend(std::coroutine_handle<> handle) {
  JwksFetcher& fetcher = *fetcher_;  // the awaiter lives in the frame that may resume any time
  std::unique_lock lock(fetcher.mutex_);
  if (!fetcher.running_) {
    return false;
  }
  if (fetcher.unknown_kid_in_flight_) {
    fetcher.waiters_.push_back({handle, EventLoop::current()});
    return true;
  }
  auto now = std::chrono::steady_clock::now();
  if (fetcher.last_unknown_kid_fetch_ &&
      now - *fetcher.last_unknown_kid_fetch_ < fetcher.timing_.unknown_kid_interval) {
    return false;
  }
  fetcher.last_unknown_kid_fetch_ = now;
  fetcher.unknown_kid_in_flight_ = true;
  fetcher.waiters_.push_back({handle, EventLoop::current()});
  lock.unlock();
  boost::asio::post(fetcher.context_, [&fetcher] { fetcher.unknown_kid_fetch(); });
  return true;
}

}  // namespace svcgen::auth
