#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Builds C++ source text from snippets, in the spirit of protobuf's io::Printer::Emit.
namespace svcgen::cpp {

// A snippet asked for a variable it was not given, was given one it never used, or is malformed.
// Always a generator bug, so the message names the snippet's place in the generator's source
// (the file and line of the emit() call, filled in by the default arguments).
class PrinterError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Printer {
 public:
  // The value of `$name$` in one snippet: text, or a callback that prints in its place. A
  // callback must stand alone on its line; what it prints is indented to that line's indentation.
  struct Sub {
    Sub(std::string name, std::string text) : name(std::move(name)), text(std::move(text)) {}
    Sub(std::string name, const char* text) : name(std::move(name)), text(text) {}
    Sub(std::string name, std::function<void()> callback)
        : name(std::move(name)), callback(std::move(callback)) {}

    std::string name;
    std::string text;
    std::function<void()> callback;
  };

  // Prints `snippet` with each `$name$` replaced by its sub and `$$` by `$`. A snippet that starts
  // with a line break is a block written as a raw literal, indented like the code around it: that
  // line break, a last line of only blanks and the indentation its lines share are dropped. Every
  // printed line gets the current indentation. A line that holds only a variable whose text is
  // empty is left out, so an optional part that is absent leaves no trace.
  void emit(std::string_view snippet, const std::vector<Sub>& subs = {},
            const char* file = __builtin_FILE(), int line = __builtin_LINE());

  // `head(arg, ...)tail` at the current indentation, broken the way clang-format breaks it.
  void call(std::string_view head, const std::vector<std::string>& args, std::string_view tail,
            char open = '(', char close = ')');
  // `head{.a = x, ...}tail` at the current indentation, broken the way clang-format breaks it.
  void designated(std::string_view head, const std::vector<std::string>& parts,
                  std::string_view tail);
  // `lhs = rhs;`, broken after '=' when it does not fit.
  void assign(std::string_view lhs, std::string_view rhs);
  // `//` lines for free text, wrapped to the column limit at the current indentation.
  void comment(std::string_view text);

  void blank_line() { out_ += '\n'; }

  // Runs `body` with everything it prints indented by `spaces` more.
  void indented(std::size_t spaces, const std::function<void()>& body);

  std::size_t indentation() const { return indent_; }
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void print_line(std::string_view line, std::size_t extra);
  void print_lines(std::string_view text, std::size_t extra);

  std::string out_;
  std::size_t indent_ = 0;
};

}  // namespace svcgen::cpp
