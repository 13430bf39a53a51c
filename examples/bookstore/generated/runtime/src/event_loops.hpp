// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

// Internal to the runtime: the Asio event loops behind the public types.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>
#include <vector>

namespace svcgen {

class EventLoop {
 public:
  boost::asio::io_context& context() { return context_; }
  // The loop running on this thread, or nullptr outside the runtime's threads.
  static EventLoop* current();

 private:
  friend class EventLoops;
  boost::asio::io_context context_{1};
};

class EventLoops {
 public:
  explicit EventLoops(int count);
  ~EventLoops();
  void start();
  void stop();
  int size() const { return static_cast<int>(loops_.size()); }
  EventLoop& at(int index) { return *loops_[static_cast<std::size_t>(index)]; }
  EventLoop& next();

 private:
  std::vector<std::unique_ptr<EventLoop>> loops_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::size_t next_ = 0;
};

}  // namespace svcgen
