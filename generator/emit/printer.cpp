#include "emit/printer.hpp"

#include <algorithm>

#include "emit/cpp_text.hpp"
#include "svcgen/text.hpp"

namespace svcgen::cpp {
namespace {

constexpr std::size_t kColumnLimit = 100;

bool blank(std::string_view line) { return line.find_first_not_of(' ') == std::string_view::npos; }

// The snippet's lines; for a block, without the leading line break, a trailing blank line and
// the indentation every non-blank line shares.
std::vector<std::string_view> snippet_lines(std::string_view snippet) {
  bool block = !snippet.empty() && snippet.front() == '\n';
  if (block) {
    snippet.remove_prefix(1);
  }
  std::vector<std::string_view> lines;
  while (!snippet.empty()) {
    std::size_t end = snippet.find('\n');
    lines.push_back(snippet.substr(0, end));
    snippet.remove_prefix(end == std::string_view::npos ? snippet.size() : end + 1);
  }
  if (!block) {
    return lines;
  }
  if (!lines.empty() && blank(lines.back())) {
    lines.pop_back();
  }
  std::size_t shared = std::string_view::npos;
  for (std::string_view line : lines) {
    if (!blank(line)) {
      shared = std::min(shared, line.find_first_not_of(' '));
    }
  }
  for (std::string_view& line : lines) {
    line.remove_prefix(blank(line) ? line.size() : shared);
  }
  return lines;
}

// Looks variables up and remembers which were used, to report the unused ones.
class Subs {
 public:
  Subs(const std::vector<Printer::Sub>& subs, std::string place)
      : subs_(subs), used_(subs.size(), false), place_(std::move(place)) {
    for (std::size_t i = 0; i < subs.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (subs[j].name == subs[i].name) {
          fail("$" + subs[i].name + "$ is given twice");
        }
      }
    }
  }

  const Printer::Sub& find(std::string_view name) {
    for (std::size_t i = 0; i < subs_.size(); ++i) {
      if (subs_[i].name == name) {
        used_[i] = true;
        return subs_[i];
      }
    }
    fail("no value for $" + std::string(name) + "$");
  }

  void check_all_used() const {
    for (std::size_t i = 0; i < subs_.size(); ++i) {
      if (!used_[i]) {
        fail("$" + subs_[i].name + "$ is given but the snippet never uses it");
      }
    }
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw PrinterError(concat({"snippet at ", place_, ": ", message}));
  }

 private:
  const std::vector<Printer::Sub>& subs_;
  std::vector<bool> used_;
  std::string place_;  // file:line of the emit() call
};

// The name of the variable that is all of `text`, or "" when `text` is something else.
std::string_view sole_variable(std::string_view text) {
  if (text.size() < 3 || text.front() != '$' || text.back() != '$') {
    return {};
  }
  std::string_view name = text.substr(1, text.size() - 2);
  return name.find('$') == std::string_view::npos ? name : std::string_view{};
}

std::string substitute(std::string_view line, Subs& subs) {
  std::string out;
  for (std::size_t at = 0; at < line.size();) {
    std::size_t open = line.find('$', at);
    out.append(line.substr(at, open - at));
    if (open == std::string_view::npos) {
      break;
    }
    std::size_t close = line.find('$', open + 1);
    if (close == std::string_view::npos) {
      subs.fail("unterminated $ in \"" + std::string(line) + "\"");
    }
    if (close == open + 1) {
      out += '$';
    } else {
      const Printer::Sub& sub = subs.find(line.substr(open + 1, close - open - 1));
      if (sub.callback) {
        subs.fail("$" + sub.name + "$ prints code, so it must stand alone on its line");
      }
      out += sub.text;
    }
    at = close + 1;
  }
  return out;
}

}  // namespace

void Printer::emit(std::string_view snippet, const std::vector<Sub>& subs, const char* file,
                   int line) {
  Subs lookup(subs, concat({file, ":", std::to_string(line)}));
  for (std::string_view line : snippet_lines(snippet)) {
    if (line.empty()) {
      out_ += '\n';
      continue;
    }
    std::size_t lead = line.find_first_not_of(' ');
    std::string_view name = sole_variable(line.substr(lead));
    if (!name.empty()) {
      const Sub& sub = lookup.find(name);
      if (sub.callback) {
        indented(lead, sub.callback);
      } else {
        print_lines(sub.text, lead);
      }
      continue;
    }
    print_lines(substitute(line.substr(lead), lookup), lead);
  }
  lookup.check_all_used();
}

void Printer::call(std::string_view head, const std::vector<std::string>& args,
                   std::string_view tail, char open, char close) {
  out_ += wrap_call(std::string(indent_, ' '), head, args, tail, open, close);
  out_ += '\n';
}

void Printer::designated(std::string_view head, const std::vector<std::string>& parts,
                         std::string_view tail) {
  out_ += wrap_designated(std::string(indent_, ' '), head, parts, tail);
  out_ += '\n';
}

void Printer::assign(std::string_view lhs, std::string_view rhs) {
  std::string line = std::string(lhs) + " = " + std::string(rhs) + ";";
  if (indent_ + line.size() <= kColumnLimit) {
    print_line(line, 0);
    return;
  }
  print_line(std::string(lhs) + " =", 0);
  print_line(std::string(rhs) + ";", 4);
}

void Printer::comment(std::string_view text) {
  out_ += cpp::comment(text, std::string(indent_, ' '));
}

void Printer::indented(std::size_t spaces, const std::function<void()>& body) {
  indent_ += spaces;
  try {
    body();
  } catch (...) {
    indent_ -= spaces;
    throw;
  }
  indent_ -= spaces;
}

void Printer::print_line(std::string_view line, std::size_t extra) {
  while (!line.empty() && line.back() == ' ') {
    line.remove_suffix(1);
  }
  if (!line.empty()) {
    out_.append(indent_ + extra, ' ');
    out_.append(line);
  }
  out_ += '\n';
}

// Each line of `text` at the current indentation plus `extra`; empty text prints nothing.
void Printer::print_lines(std::string_view text, std::size_t extra) {
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    print_line(text.substr(0, end), extra);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
}

}  // namespace svcgen::cpp
