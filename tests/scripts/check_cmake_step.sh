#!/usr/bin/env bash
# A project outside this tree uses the installed package: find_package(svcgen) and
# svcgen_add_service(). Its build must regenerate exactly when an input changes and recompile
# only what the change reaches; the project `svcgen init` scaffolds must build the same way.
# What it generates names no absolute path and is byte for byte what `svcgen generate` writes
# when run by hand beside the service file.
set -euo pipefail
cmake=$1
build_dir=$2
example_dir=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

"$cmake" --install "$build_dir" --prefix "$work/prefix" >/dev/null
project=$work/project
mkdir -p "$project"
cp -r "$example_dir/service.json" "$example_dir/models" "$example_dir/migrations" "$project/"
cat >"$project/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(consumer LANGUAGES CXX)
find_package(svcgen REQUIRED)
svcgen_add_service(bookstore SERVICE service.json)
EOF

"$cmake" -S "$project" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null

# Builds and prints the objects compiled, one source path per line, sorted.
build() {
  local log=$work/build.log
  if ! "$cmake" --build "$work/build" -j2 >"$log" 2>&1; then
    cat "$log" >&2
    return 1
  fi
  grep -o 'Building CXX object [^ ]*' "$log" | sed 's|.*bookstore_generated/||; s|\.o$||' |
    sort || true
}

expect_no_work() {
  local plan
  plan=$("$cmake" --build "$work/build" -- -n 2>&1)
  [ "$plan" = "ninja: no work to do." ] || fail "$1: expected no work, ninja -n says: $plan"
}

echo "first build"
first=$(build) || fail "the first build failed"
[ "$(echo "$first" | grep -c .)" -eq 12 ] || fail "first build compiled: $first"
[[ $("$work/build/bookstore" version) == 'bookstore 1.0.0'* ]] || fail "the service does not run"
expect_no_work "after the first build"

echo "the generated files name no folder of this machine and are what svcgen writes by hand"
generated=$work/build/bookstore_generated
source_root=$(cd "$(dirname "$0")/../.." && pwd)
for dir in "$work" "$(cd "$work" && pwd -P)" "$build_dir" "$source_root"; do
  if found=$(grep -rlF -- "$dir" "$generated"); then
    fail "generated files contain the absolute path $dir: $found"
  fi
done
(cd "$project" && "$work/prefix/bin/svcgen" generate service.json -o "$work/by_hand" \
  --runtime external >/dev/null) || fail "svcgen generate by hand failed"
diff -r "$work/by_hand" "$generated" >"$work/by_hand.diff" ||
  fail "svcgen_add_service output differs from svcgen generate: $(cat "$work/by_hand.diff")"

echo "touch a model: svcgen runs, nothing is recompiled"
touch "$project/models/book.json"
compiled=$(build) || fail "the build after touch failed"
grep -q 'Generating bookstore' "$work/build.log" || fail "touching a model did not regenerate"
[ -z "$compiled" ] || fail "touching a model recompiled: $compiled"
expect_no_work "after touching a model"

echo "change one model: only its files and the OpenAPI document are recompiled"
# A pattern is validated by the service, not stored in the schema: no migration is needed.
sed -i 's/{10,17}/{10,13}/' "$project/models/book.json"
compiled=$(build) || fail "the build after a model change failed"
expected=$(printf 'src/models/book.cpp\nsrc/openapi.cpp')
[ "$compiled" = "$expected" ] || fail "a change to book.json recompiled: $compiled"
grep -qF '{10,13}' "$work/build/bookstore_generated/openapi.json" ||
  fail "the change did not reach the generated OpenAPI document"
expect_no_work "after a model change"

echo "add a model: the new files are declared, generated and built"
cat >"$project/models/tag.json" <<'EOF'
{"name": "HTTPTag", "fields": [{"name": "label", "type": "string", "maxLength": 40}]}
EOF
sed -i 's|"models/order.json"|"models/order.json", "models/tag.json"|' "$project/service.json"
echo "a model the migrations do not create yet stops the build, naming it and the fix"
if "$cmake" --build "$work/build" >"$work/unmigrated.log" 2>&1; then
  fail "a model without its migration built"
fi
grep -q 'models/tag.json:[0-9]*:[0-9]*: no migration yet: table http_tags is created for model HTTPTag' \
  "$work/unmigrated.log" || fail "the build does not name the change: $(cat "$work/unmigrated.log")"
grep -qF 'run `svcgen migrate diff service.json --name <slug>`' "$work/unmigrated.log" ||
  fail "the build does not name the command: $(cat "$work/unmigrated.log")"
[ ! -e "$work/build/bookstore_generated/src/models/http_tag.cpp" ] ||
  fail "a refused generation wrote files"
(cd "$project" && "$work/prefix/bin/svcgen" migrate diff service.json --name add_tag >/dev/null) ||
  fail "migrate diff for the new model failed"
compiled=$(build) || fail "the build after adding a model failed"
echo "$compiled" | grep -qx 'src/models/http_tag.cpp' || fail "the new model was not built: $compiled"
echo "$compiled" | grep -qx 'src/models/author.cpp' && fail "adding a model recompiled author.cpp"
"$work/build/bookstore" openapi >"$work/openapi.json"
grep -q '"/http_tags"' "$work/openapi.json" || fail "the new model has no routes"
expect_no_work "after adding a model"

echo "add a migration: the service embeds it"
printf 'CREATE TABLE extra (id bigint);\n' >"$project/migrations/000003_extra.up.sql"
printf 'DROP TABLE extra;\n' >"$project/migrations/000003_extra.down.sql"
# A hand-written migration is sealed deliberately; until then the build refuses it.
if "$cmake" --build "$work/build" >"$work/unsealed.log" 2>&1; then
  fail "an unsealed migration built"
fi
grep -q '000003_extra.up.sql: not in svcgen.sum' "$work/unsealed.log" ||
  fail "the build does not name the unsealed file: $(cat "$work/unsealed.log")"
(cd "$project" && "$work/prefix/bin/svcgen" migrate hash service.json >/dev/null) ||
  fail "migrate hash failed"
build >/dev/null || fail "the build after adding a migration failed"
grep -q 'migration.name = "extra";' "$work/build/bookstore_generated/src/migrations.cpp" ||
  fail "the new migration is not in the service"
expect_no_work "after adding a migration"

echo "an invalid model stops the build with svcgen's message and leaves the output alone"
before=$(cat "$work/build/bookstore_generated/src/models/http_tag.cpp")
cat >"$project/models/tag.json" <<'EOF'
{"name": "HTTPTag", "fields": [{"name": "label", "type": "strng"}]}
EOF
if "$cmake" --build "$work/build" >"$work/invalid.log" 2>&1; then
  fail "an invalid model built"
fi
grep -q 'models/tag.json:1:.*: /fields/0/type: unknown type "strng"' "$work/invalid.log" ||
  fail "the error is not svcgen's: $(cat "$work/invalid.log")"
[ "$before" = "$(cat "$work/build/bookstore_generated/src/models/http_tag.cpp")" ] ||
  fail "a failed generation changed the output"

echo "a model file that is not JSON stops the configure with a message naming it"
printf '{"name": ' >"$project/models/tag.json"
if "$cmake" --build "$work/build" >"$work/broken.log" 2>&1; then
  fail "a broken model file built"
fi
grep -q "project/models/tag.json:" "$work/broken.log" ||
  fail "the error does not name the file: $(cat "$work/broken.log")"
echo "the project \`svcgen init\` scaffolds builds through the installed package"
"$work/prefix/bin/svcgen" init "$work/shop" --service shop >/dev/null
"$work/prefix/bin/svcgen" migrate diff "$work/shop/service.json" >/dev/null
"$cmake" -S "$work/shop" -B "$work/shop/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
"$cmake" --build "$work/shop/build" -j2 >"$work/shop.log" 2>&1 || fail "$(cat "$work/shop.log")"
[[ $("$work/shop/build/shop" version) == 'shop '* ]] || fail "the scaffolded service does not run"
echo "svcgen_add_service builds, regenerates and rebuilds only what changed"
