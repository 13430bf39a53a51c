#!/usr/bin/env python3
"""Checks schemas/*.schema.json against real inputs with an independent validator.

- Both schemas are valid JSON Schema (draft 2020-12).
- Every example and every golden case that svcgen accepts is accepted by the schemas, and the
  "$schema" references in examples point at the schema files.
- Every golden case named structure_* (rejected by svcgen for its structure) is rejected by the
  schemas too, so editors flag the same mistakes before svcgen runs.
"""
import json
import os
import sys

import jsonschema

root = sys.argv[1]
failures = []


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


schemas = {kind: load(os.path.join(root, "schemas", f"{kind}.schema.json")) for kind in ("service", "model")}
validators = {}
for kind, schema in schemas.items():
    jsonschema.Draft202012Validator.check_schema(schema)
    validators[kind] = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_errors(kind, path):
    try:
        document = load(path)
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as error:
        return [f"unreadable: {error}"]
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validators[kind].iter_errors(document)]


def service_files(service_path):
    """The service file and the model files it lists, each with its schema kind."""
    files = [("service", service_path)]
    try:
        service = load(service_path)
    except (json.JSONDecodeError, OSError):
        return files
    base = os.path.dirname(service_path)
    for entry in service.get("models", []) if isinstance(service, dict) else []:
        if isinstance(entry, str) and os.path.isfile(os.path.join(base, entry)):
            files.append(("model", os.path.join(base, entry)))
    return files


checked = 0
valid_services = []
examples = os.path.join(root, "examples")
for name in sorted(os.listdir(examples)):
    path = os.path.join(examples, name, "service.json")
    if os.path.isfile(path):
        valid_services.append(path)
golden = os.path.join(root, "tests", "golden")
structural = []
for name in sorted(os.listdir(golden)):
    folder = os.path.join(golden, name)
    if not os.path.isdir(folder):
        continue
    if not os.path.exists(os.path.join(folder, "stderr.txt")):
        valid_services.append(os.path.join(folder, "service.json"))
    elif name.startswith("structure_"):
        structural.append(folder)

for service in valid_services:
    for kind, path in service_files(service):
        checked += 1
        for error in schema_errors(kind, path):
            failures.append(f"{os.path.relpath(path, root)}: valid input rejected by the {kind} schema: {error}")
        reference = load(path).get("$schema")
        if reference and not reference.startswith("http"):
            target = os.path.normpath(os.path.join(os.path.dirname(path), reference))
            if not os.path.isfile(target):
                failures.append(f"{os.path.relpath(path, root)}: $schema {reference} does not exist")

for folder in structural:
    files = service_files(os.path.join(folder, "service.json"))
    models = os.path.join(folder, "models")
    listed = {path for _, path in files}
    for name in sorted(os.listdir(models)) if os.path.isdir(models) else []:
        path = os.path.join(models, name)
        if path not in listed and os.path.join(folder, "models", name) not in listed:
            files.append(("model", path))
    checked += len(files)
    if not any(schema_errors(kind, path) for kind, path in files):
        failures.append(f"{os.path.relpath(folder, root)}: svcgen rejects its structure, but the schemas accept it")

for failure in failures:
    print(failure, file=sys.stderr)
print(f"{checked} files checked against the schemas, {len(structural)} structural error cases rejected"
      if not failures else f"{len(failures)} schema problems")
sys.exit(1 if failures else 0)
