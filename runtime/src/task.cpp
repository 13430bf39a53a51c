#include "svcgen/task.hpp"

#include <array>
#include <new>
#include <utility>

namespace svcgen::detail {
namespace {

// AddressSanitizer must see every frame freed, to report a coroutine resumed after its end. g++
// says so with __SANITIZE_ADDRESS__, clang only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRecycle = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kRecycle = false;
#else
constexpr bool kRecycle = true;
#endif
#else
constexpr bool kRecycle = true;
#endif

constexpr std::size_t kGranule = 64;
constexpr std::size_t kClasses = 32;  // frames up to 2 KiB are recycled
constexpr std::size_t kKeptPerClass = 256;

struct FreeFrame {
  FreeFrame* next;
};

// The frames a thread freed, by size class. A frame freed on another thread than the one that
// made it simply joins that thread's lists.
class FrameCache {
 public:
  FrameCache() = default;
  FrameCache(const FrameCache&) = delete;
  FrameCache& operator=(const FrameCache&) = delete;
  ~FrameCache() {
    for (FreeFrame*& head : heads_) {
      while (head != nullptr) {
        ::operator delete(std::exchange(head, head->next));
      }
    }
    closed_ = true;
  }

  void* take(std::size_t size_class) {
    FreeFrame*& head = heads_[size_class];
    if (head == nullptr) {
      return nullptr;
    }
    --counts_[size_class];
    return std::exchange(head, head->next);
  }

  bool keep(void* frame, std::size_t size_class) {
    if (counts_[size_class] == kKeptPerClass) {
      return false;
    }
    ++counts_[size_class];
    heads_[size_class] = new (frame) FreeFrame{heads_[size_class]};
    return true;
  }

  // A thread's last frames may be freed by destructors that run after its cache's own.
  static bool closed() { return closed_; }

 private:
  std::array<FreeFrame*, kClasses> heads_{};
  std::array<std::size_t, kClasses> counts_{};
  static thread_local bool closed_;
};

thread_local bool FrameCache::closed_ = false;

FrameCache& cache() {
  thread_local FrameCache frames;
  return frames;
}

std::size_t size_class(std::size_t size) { return (size - 1) / kGranule; }

}  // namespace

// NOLINTNEXTLINE(cert-dcl54-cpp): the sized operator delete below is its match
void* FrameAllocation::operator new(std::size_t size) {
  std::size_t index = size_class(size);
  if (!kRecycle || index >= kClasses) {
    return ::operator new(size);
  }
  if (!FrameCache::closed()) {
    if (void* frame = cache().take(index)) {
      return frame;
    }
  }
  // Always the class's full size: any thread may recycle the frame for any size of its class.
  return ::operator new((index + 1) * kGranule);
}

void FrameAllocation::operator delete(void* frame, std::size_t size) noexcept {
  std::size_t index = size_class(size);
  if (!kRecycle || index >= kClasses || FrameCache::closed() || !cache().keep(frame, index)) {
    ::operator delete(frame);
  }
}

}  // namespace svcgen::detail
