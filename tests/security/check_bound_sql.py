#!/usr/bin/env python3
"""Generated SQL never contains request data: every statement a generated service runs is either
a constant (a raw string literal with $n placeholders, prepared at start-up) or the SQL that the
runtime's list builder assembled from the model's identifiers. Checked in every generated tree.

    check_bound_sql.py <generated service dir>...
Exit 1 with file:line for each violation."""

import pathlib
import re
import sys

SQL_WORD = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|FROM)\b")
STATEMENT = re.compile(r'R"sql\((.*?)\)sql"', re.S)
CALL = re.compile(r"\.(execute|execute_dynamic|execute_sql)\(\s*([^,)]*)")


def check_file(path):
    problems = []
    text = path.read_text()
    # Statements are constants: raw literals not glued to anything at run time.
    for match in STATEMENT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[:match.start()].rstrip()
        after = text[match.end():].lstrip()
        if before.endswith("+") or after.startswith("+"):
            problems.append(f"{path}:{line}: SQL literal concatenated at run time")
    # No other string literal with SQL in it is built up with `+`.
    for number, line in enumerate(text.splitlines(), 1):
        for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
            if SQL_WORD.search(literal) and "+" in line and "R\"sql(" not in line:
                problems.append(f"{path}:{number}: SQL text built with +: {line.strip()}")
    # The database is only handed a named statement or the list builder's query.
    for match in CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        argument = match.group(2).strip()
        allowed = (re.fullmatch(r"k[A-Z][A-Za-z]*", argument) if match.group(1) == "execute"
                   else argument == "query.sql")
        if not allowed:
            problems.append(f"{path}:{line}: {match.group(1)}({argument}...) runs SQL that is not "
                            "a prepared constant or the list builder's query")
    return problems


def main():
    problems = []
    files = 0
    for root in sys.argv[1:]:
        for path in sorted(pathlib.Path(root).glob("src/**/*.cpp")):
            files += 1
            problems += check_file(path)
    for problem in problems:
        print(problem)
    if files == 0:
        sys.exit("no generated sources found")
    print(f"{files} generated files: {'SQL only from constants' if not problems else 'violations'}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
