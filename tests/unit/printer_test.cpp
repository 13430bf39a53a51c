#include "emit/printer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace svcgen {
namespace {

using cpp::Printer;
using cpp::PrinterError;

// The message of the PrinterError `print` throws, or "" when it throws none.
template <typename Print>
std::string error_of(Print print) {
  try {
    print();
  } catch (const PrinterError& error) {
    return error.what();
  }
  return "";
}

TEST(Printer, SubstitutesVariablesAndDollarDollar) {
  Printer p;
  p.emit("int $name$ = $value$;  // $$1\n", {{"name", "count"}, {"value", "3"}});
  EXPECT_EQ(p.text(), "int count = 3;  // $1\n");
}

TEST(Printer, DropsTheSnippetsOwnIndentationAndFramingLineBreaks) {
  Printer p;
  p.emit(R"code(
    if (ready) {
      go();
    }
  )code");
  EXPECT_EQ(p.text(), "if (ready) {\n  go();\n}\n");
}

TEST(Printer, ASnippetNotStartingWithALineBreakKeepsItsIndentation) {
  Printer p;
  p.emit("  inner();\n");
  EXPECT_EQ(p.text(), "  inner();\n");
}

TEST(Printer, BlankLinesInsideABlockArePrinted) {
  Printer p;
  p.emit(R"code(

    a();

  )code");
  EXPECT_EQ(p.text(), "\na();\n\n");
}

TEST(Printer, CallbacksPrintNestedBlocksAtTheirLinesIndentation) {
  Printer p;
  p.emit(R"code(
           void f() {
             $body$
           }
         )code",
         {{"body", [&] {
             p.emit(R"code(
                      if (x) {
                        $inner$
                      }
                    )code",
                    {{"inner", [&] { p.emit("y();\n"); }}});
           }}});
  EXPECT_EQ(p.text(), "void f() {\n  if (x) {\n    y();\n  }\n}\n");
}

TEST(Printer, MultiLineTextKeepsItsShapeUnderTheLinesIndentation) {
  Printer p;
  p.indented(2, [&] { p.emit("  $lines$\n", {{"lines", "a(1,\n  2);\n\nb();"}}); });
  EXPECT_EQ(p.text(), "    a(1,\n      2);\n\n    b();\n");
}

TEST(Printer, ALineHoldingOnlyAnEmptyVariableIsLeftOut) {
  Printer p;
  p.emit(R"code(
           first();
           $optional$
           last();
         )code",
         {{"optional", ""}});
  EXPECT_EQ(p.text(), "first();\nlast();\n");
}

TEST(Printer, BlankLinesCarryNoTrailingSpaces) {
  Printer p;
  p.indented(4, [&] { p.emit("a();\n\nb();\n"); });
  EXPECT_EQ(p.text(), "    a();\n\n    b();\n");
}

TEST(Printer, CallAndAssignBreakLikeClangFormatAtTheCurrentIndentation) {
  Printer p;
  p.indented(2, [&] {
    p.call("f", {"a", "b"}, ";");
    p.assign("int x", "y");
    p.assign(std::string(60, 'l'), std::string(40, 'r'));
  });
  EXPECT_EQ(p.text(), "  f(a, b);\n  int x = y;\n  " + std::string(60, 'l') + " =\n      " +
                          std::string(40, 'r') + ";\n");
}

TEST(Printer, AMissingVariableIsAnErrorNamingItAndTheSnippet) {
  int line = 0;
  std::string message = error_of([&line] {
    Printer p;
    line = __LINE__ + 1;
    p.emit("int $name$;\n", {{"other", "x"}});
  });
  EXPECT_NE(message.find("printer_test.cpp:" + std::to_string(line) + ": "), std::string::npos)
      << message;
  EXPECT_NE(message.find("no value for $name$"), std::string::npos) << message;
}

TEST(Printer, AnUnusedVariableIsAnError) {
  std::string message = error_of([] {
    Printer p;
    p.emit("int x;\n", {{"name", "x"}});
  });
  EXPECT_NE(message.find("printer_test.cpp:"), std::string::npos) << message;
  EXPECT_NE(message.find("$name$ is given but the snippet never uses it"), std::string::npos)
      << message;
}

TEST(Printer, AVariableGivenTwiceIsAnError) {
  std::string message = error_of([] {
    Printer p;
    p.emit("$a$\n", {{"a", "1"}, {"a", "2"}});
  });
  EXPECT_NE(message.find("$a$ is given twice"), std::string::npos) << message;
}

TEST(Printer, AnUnterminatedDollarIsAnError) {
  std::string message = error_of([] {
    Printer p;
    p.emit("cost $5\n");
  });
  EXPECT_NE(message.find("unterminated $ in \"cost $5\""), std::string::npos) << message;
}

TEST(Printer, ACallbackInsideALineIsAnError) {
  std::string message = error_of([] {
    Printer p;
    p.emit("x = $value$;\n", {{"value", [] {}}});
  });
  EXPECT_NE(message.find("$value$ prints code, so it must stand alone on its line"),
            std::string::npos)
      << message;
}

TEST(Printer, AnErrorInANestedSnippetLeavesTheIndentationAsItWas) {
  Printer p;
  EXPECT_THROW(p.indented(4, [&] { p.emit("$missing$\n"); }), PrinterError);
  EXPECT_EQ(p.indentation(), 0U);
}

}  // namespace
}  // namespace svcgen
