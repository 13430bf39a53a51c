#!/usr/bin/env bash
# How long one generated model's translation units take to compile, with the flags the build
# uses (from compile_commands.json): book.cpp (JSON and validation) and book_routes.cpp
# (statements, repository, handlers). Each is compiled twice and the faster run is kept.
set -euo pipefail
build_dir=$1
python3 - "$build_dir" <<'PY'
import json, subprocess, sys, time, shlex
build = sys.argv[1]
commands = json.load(open(f"{build}/compile_commands.json"))
for unit in ("src/models/book.cpp", "src/models/book_routes.cpp"):
    entry = next(c for c in commands if c["file"].endswith("bookstore_generated/" + unit))
    argv = shlex.split(entry["command"])
    argv[argv.index("-o") + 1] = "/dev/null"
    for flag in ("-MF", "-MT"):  # leave the build's dependency files alone
        if flag in argv:
            del argv[argv.index(flag):argv.index(flag) + 2]
    argv = [a for a in argv if a != "-MD"]
    best = None
    for _ in range(2):
        start = time.monotonic()
        subprocess.run(argv, cwd=entry["directory"], check=True)
        elapsed = time.monotonic() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"  {unit:<28} {best:5.2f} s")
PY
