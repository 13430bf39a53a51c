// Hand-written code of the bookstore example: svcgen never generates or touches this folder.
// It shows the extension points: a hook with an extra validation rule and a route of its own.
#include "extensions.hpp"

namespace bookstore {
namespace {

// Titles are free text, but this shop refuses all-caps titles.
class BookRules : public BookHooks {
 public:
  void validate(const BookCreate& book, std::vector<svcgen::FieldError>& errors) override {
    check(book.title, errors);
  }
  void validate(const BookPatch& book, std::vector<svcgen::FieldError>& errors) override {
    if (book.title.has_value()) {
      check(book.title.value, errors);
    }
  }

 private:
  static void check(const std::string& title, std::vector<svcgen::FieldError>& errors) {
    bool has_lower = false;
    bool has_upper = false;
    for (char c : title) {
      has_lower = has_lower || (c >= 'a' && c <= 'z');
      has_upper = has_upper || (c >= 'A' && c <= 'Z');
    }
    if (title.size() > 3 && has_upper && !has_lower) {
      errors.push_back({"/title", "must not be written in capitals only"});
    }
  }
};

BookRules book_rules;

svcgen::Task<svcgen::Response> about(svcgen::Request&) {
  nlohmann::json body = {{"shop", "bookstore"}, {"motto", "read more"}};
  co_return svcgen::json_response(200, body);
}

}  // namespace

void extend(svcgen::Service& service, Extensions& extensions) {
  extensions.book = &book_rules;
  service.router().add("GET", service.config().path_prefix + "/about", about);
}

}  // namespace bookstore
