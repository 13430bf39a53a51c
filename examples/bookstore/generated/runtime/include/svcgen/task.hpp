// Copied by svcgen from its runtime library. DO NOT EDIT.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <utility>

// A lazy coroutine task. Handlers and database calls return Task<T>; awaiting a task starts it
// and resumes the awaiting coroutine, on the same thread, when it finishes. The runtime drives
// tasks from its event loops, so no handler ever blocks a thread while PostgreSQL works.
namespace svcgen {

template <typename T>
class Task;

namespace detail {

// Coroutine frames come from small per-thread free lists: a request runs several coroutines,
// and their frames are the same few sizes over and over.
struct FrameAllocation {
  static void* operator new(std::size_t size);  // NOLINT(cert-dcl54-cpp): sized delete below
  static void operator delete(void* frame, std::size_t size) noexcept;
};

struct TaskPromiseBase : FrameAllocation {
  std::coroutine_handle<> continuation = std::noop_coroutine();
  std::exception_ptr exception;

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      return self.promise().continuation;
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { exception = std::current_exception(); }
};

template <typename T>
struct TaskPromise : TaskPromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  template <typename U>
  void return_value(U&& result) {
    value.emplace(std::forward<U>(result));
  }
  T take() {
    if (exception) {
      std::rethrow_exception(exception);
    }
    return std::move(*value);
  }
};

template <>
struct TaskPromise<void> : TaskPromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() {
    if (exception) {
      std::rethrow_exception(exception);
    }
  }
};

}  // namespace detail

template <typename T = void>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::TaskPromise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  explicit Task(Handle handle) noexcept : handle_(handle) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  T await_resume() { return handle_.promise().take(); }

 private:
  void reset() noexcept {
    if (handle_) {
      handle_.destroy();
      handle_ = {};
    }
  }
  Handle handle_;
};

namespace detail {

template <typename T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<TaskPromise<T>>::from_promise(*this));
}

inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<TaskPromise<void>>::from_promise(*this));
}

// A coroutine that starts at once and frees itself when done: the root of a task tree.
struct Detached {
  struct promise_type : FrameAllocation {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

// g++ 12 destroys some temporaries that live across a co_await twice: a braced awaiter
// (`co_await Awaiter{...}`) and initializer lists in the awaited call. Awaiters are therefore
// always named variables, and results are awaited into a named variable before further use.
template <typename T, typename Callback>
Detached run_detached(Task<T> task, Callback callback) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await task;
      callback(std::exception_ptr{});
    } else {
      T value = co_await task;
      callback(std::exception_ptr{}, std::move(value));
    }
  } catch (...) {
    if constexpr (std::is_void_v<T>) {
      callback(std::current_exception());
    } else {
      callback(std::current_exception(), T{});
    }
  }
}

}  // namespace detail

// Starts `task` now; `callback(error)` or `callback(error, value)` runs when it finishes, on
// whichever thread completes its last step (an event loop thread, for database work).
template <typename T, typename Callback>
void spawn(Task<T> task, Callback callback) {
  detail::run_detached(std::move(task), std::move(callback));
}

// Wraps an already-known value as a finished task.
template <typename T>
Task<T> ready(T value) {
  co_return value;
}

}  // namespace svcgen
