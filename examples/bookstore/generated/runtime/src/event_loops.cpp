// Copied by svcgen from its runtime library. DO NOT EDIT.
#include "event_loops.hpp"

namespace svcgen {
namespace {
thread_local EventLoop* current_loop = nullptr;
}

EventLoop* EventLoop::current() { return current_loop; }

EventLoops::EventLoops(int count) {
  for (int i = 0; i < count; ++i) {
    loops_.push_back(std::make_unique<EventLoop>());
  }
}

EventLoops::~EventLoops() { stop(); }

void EventLoops::start() {
  for (auto& loop : loops_) {
    guards_.push_back(boost::asio::make_work_guard(loop->context()));
  }
  for (auto& loop : loops_) {
    EventLoop* raw = loop.get();
    threads_.emplace_back([raw] {
      current_loop = raw;
      raw->context().run();
      current_loop = nullptr;
    });
  }
}

void EventLoops::stop() {
  for (auto& guard : guards_) {
    guard.reset();
  }
  for (auto& loop : loops_) {
    loop->context().stop();
  }
  for (auto& thread : threads_) {
    if (thread.joinable()) {
      thread.join();
    }
  }
  threads_.clear();
  guards_.clear();
}

EventLoop& EventLoops::next() {
  EventLoop& loop = *loops_[next_];
  next_ = (next_ + 1) % loops_.size();
  return loop;
}

}  // namespace svcgen
