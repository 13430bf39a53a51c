#include "emit/cpp_text.hpp"

#include <algorithm>
#include <optional>
#include <sstream>
#include <string_view>

#include "svcgen/text.hpp"

namespace svcgen::cpp {

std::string wrapped_literal(std::string_view text, std::size_t column, std::size_t tail) {
  constexpr std::size_t kLimit = 100;
  std::string out;
  while (column + text.size() + 2 + tail > kLimit) {
    // The longest piece ending in a space whose literal fits on the line.
    std::size_t room = kLimit - column - 2;
    std::size_t cut = text.rfind(' ', room - 1);
    if (cut == std::string_view::npos || cut == 0) {
      break;  // a word longer than the line stays whole, as clang-format leaves it
    }
    out += "\"" + std::string(text.substr(0, cut + 1)) + "\"\n";
    text.remove_prefix(cut + 1);
  }
  return out + "\"" + std::string(text) + "\"";
}

std::string string_literal(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '?':
        out += "\\?";  // keeps "??x" from ever reading as a trigraph
        break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          // Three octal digits, so a following digit cannot extend the escape.
          out += '\\';
          out += static_cast<char>('0' + ((byte >> 6) & 7));
          out += static_cast<char>('0' + ((byte >> 3) & 7));
          out += static_cast<char>('0' + (byte & 7));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string comment(std::string_view text, std::string_view indent) {
  constexpr std::size_t kColumnLimit = 100;
  std::string out;
  std::istringstream paragraphs{std::string(text)};
  std::string paragraph;
  while (std::getline(paragraphs, paragraph)) {
    std::istringstream words(paragraph);
    std::string word;
    std::string line;
    auto flush = [&] {
      out += std::string(indent) + "//" + (line.empty() ? "" : " " + line) + "\n";
      line.clear();
    };
    bool any = false;
    while (words >> word) {
      any = true;
      std::size_t width = indent.size() + 3 + line.size() + (line.empty() ? 0 : 1) + word.size();
      if (!line.empty() && width > kColumnLimit) {
        flush();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    if (any || !out.empty()) {
      flush();
    }
  }
  while (out.size() >= indent.size() + 3 &&
         out.compare(out.size() - indent.size() - 3, indent.size() + 3,
                     std::string(indent) + "//\n") == 0) {
    out.erase(out.size() - indent.size() - 3);
  }
  return out;
}

std::string wrap_call(std::string_view indent, std::string_view head,
                      const std::vector<std::string>& args, std::string_view tail, char open,
                      char close) {
  constexpr std::size_t kLimit = 100;
  std::string joined;
  for (std::size_t i = 0; i < args.size(); ++i) {
    joined += (i ? ", " : "") + args[i];
  }
  std::string one_line =
      std::string(indent) + std::string(head) + open + joined + close + std::string(tail);
  if (one_line.size() <= kLimit) {
    return one_line;
  }
  auto pack = [&](std::string first_line, std::size_t column) -> std::optional<std::string> {
    std::string text;
    std::string line = std::move(first_line);
    bool line_has_argument = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      bool last = i + 1 == args.size();
      std::string piece =
          last ? concat({args[i], std::string_view(&close, 1), tail}) : concat({args[i], ","});
      std::string candidate = concat({line, line_has_argument ? " " : "", piece});
      if (candidate.size() <= kLimit || !line_has_argument) {
        if (candidate.size() > kLimit) {
          return std::nullopt;
        }
        line = candidate;
      } else {
        text += line + "\n";
        line = std::string(column, ' ') + piece;
        if (line.size() > kLimit) {
          return std::nullopt;
        }
      }
      line_has_argument = true;
    }
    return text + line;
  };
  std::string opening = std::string(indent) + std::string(head) + open;
  // Like clang-format: arguments aligned after the opening bracket, unless breaking right after
  // the bracket takes fewer lines.
  std::size_t continuation = indent.size() + 4;
  std::optional<std::string> aligned = pack(opening, opening.size());
  std::optional<std::string> broken = pack(std::string(continuation, ' '), continuation);
  auto lines = [](const std::string& text) {
    return std::count(text.begin(), text.end(), '\n') + 1;
  };
  if (aligned && (!broken || lines(*aligned) <= lines(*broken) + 1)) {
    return *aligned;
  }
  return opening + "\n" + (broken ? *broken : joined + close + std::string(tail));
}

std::string wrap_designated(std::string_view indent, std::string_view head,
                            const std::vector<std::string>& parts, std::string_view tail) {
  constexpr std::size_t kLimit = 100;
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    joined += (i ? ", " : "") + parts[i];
  }
  std::string opening = concat({indent, head, "{"});
  std::string one_line = concat({opening, joined, "}", tail});
  if (one_line.size() <= kLimit) {
    return one_line;
  }
  std::string broken = concat({indent, "    ", joined, "}", tail});
  if (!head.empty() && broken.size() <= kLimit) {
    return opening + "\n" + broken;
  }
  // One per line, aligned after the brace while every line fits there, else each on a line
  // of its own with a 4-space continuation.
  bool aligned_fits = true;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    aligned_fits =
        aligned_fits && opening.size() + parts[i].size() + (last ? 1 + tail.size() : 1) <= kLimit;
  }
  std::string text = aligned_fits ? opening : opening + "\n";
  std::string column = aligned_fits ? std::string(opening.size(), ' ') : concat({indent, "    "});
  for (std::size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    text +=
        concat({i || !aligned_fits ? column : "", parts[i], last ? "}" : ",", last ? tail : "\n"});
  }
  return text;
}

std::string embedded_text(std::string_view text, std::string_view tag) {
  constexpr std::size_t kMaxPiece = 60000;
  std::string delimiter(tag);
  while (text.find(")" + delimiter + "\"") != std::string_view::npos) {
    delimiter += "x";
  }
  std::string out = "{";
  std::string_view rest = text;
  bool first = true;
  do {
    std::size_t length = rest.size();
    if (length > kMaxPiece) {
      std::size_t line_end = rest.rfind('\n', kMaxPiece - 1);
      length = line_end != std::string_view::npos ? line_end + 1 : kMaxPiece;
      while (length > 1 && (static_cast<unsigned char>(rest[length]) & 0xC0) == 0x80) {
        --length;  // never between the bytes of one UTF-8 character
      }
    }
    out += (first ? "R\"" : ", R\"") + delimiter + (first ? "(\n" : "(");
    out.append(rest.substr(0, length));
    out += ")" + delimiter + "\"";
    rest.remove_prefix(length);
    first = false;
  } while (!rest.empty());
  return out + "}";
}

std::string access_rule(const ir::AccessRule& rule, bool tenant) {
  if (rule.is_public) {
    return "svcgen::AccessRule::public_access()";
  }
  if (rule.roles.empty() && !rule.owner && !tenant) {
    return "svcgen::AccessRule::authenticated()";
  }
  std::string roles;
  for (const std::string& role : rule.roles) {
    roles += roles.empty() ? "" : ", ";
    roles += string_literal(role);
  }
  return concat({"svcgen::AccessRule::scoped({", roles, "}, ", rule.owner ? "true" : "false", ", ",
                 tenant ? "true" : "false", ")"});
}

}  // namespace svcgen::cpp
