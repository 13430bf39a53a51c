#!/usr/bin/env python3
"""Validates generated OpenAPI documents, and real responses against them.

  check_openapi.py documents FILE...          each file is a valid OpenAPI 3.1 document
  check_openapi.py responses DOCUMENT RECORDS every recorded response is one the document
                                              describes: its status is listed for the
                                              operation, documented headers are present and the
                                              body validates against the response schema

RECORDS is a JSON array of {"method", "path", "status", "headers", "body"}; the path is matched
against the document's path templates.
openapi-spec-validator checks documents; jsonschema (draft 2020-12) checks bodies.
"""
import json
import sys


def validator_module():
    try:
        from openapi_spec_validator import validate
    except ImportError:
        try:
            from openapi_spec_validator import validate_spec as validate
        except ImportError:
            # 77: CTest's SKIP_RETURN_CODE, so a missing validator is a skip, never a pass.
            print("SKIP: openapi-spec-validator is not installed", file=sys.stderr)
            sys.exit(77)
    return validate


def check_documents(paths):
    validate = validator_module()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        validate(document)
        if document.get("openapi") != "3.1.0":
            raise SystemExit(f"{path}: openapi is {document.get('openapi')}, expected 3.1.0")
        operation_ids = set()
        for route, item in document["paths"].items():
            for method, operation in item.items():
                if method == "parameters":
                    continue
                operation_id = operation["operationId"]
                if operation_id in operation_ids:
                    raise SystemExit(f"{path}: operationId {operation_id} appears twice")
                operation_ids.add(operation_id)
        print(f"{path}: valid OpenAPI 3.1 ({len(operation_ids)} operations)")


def check_responses(document_path, records_path):
    import jsonschema
    with open(document_path, encoding="utf-8") as f:
        document = json.load(f)
    with open(records_path, encoding="utf-8") as f:
        records = json.load(f)
    base = document["servers"][0]["url"].rstrip("/")
    failures = []

    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            target = document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    # Bodies are checked with the whole document as the root, so #/components/... resolves.
    def body_validator(schema):
        root = dict(document)
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["$ref"] = "#/__response"
        root["__response"] = schema
        return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())

    def template_of(path):
        segments = path.strip("/").split("/")
        for template in document["paths"]:
            parts = template.strip("/").split("/")
            if len(parts) == len(segments) and all(
                    p.startswith("{") or p == s for p, s in zip(parts, segments)):
                return template
        return None

    checked = 0
    for record in records:
        path = record["path"].split("?")[0]
        route = template_of(path[len(base):] if path.startswith(base) else path)
        where = f"{record['method']} {record['path']} -> {record['status']}"
        item = document["paths"].get(route) if route else None
        if item is None:
            failures.append(f"{where}: the document has no path {route}")
            continue
        operation = item.get(record["method"].lower())
        if operation is None:
            if record["status"] in (405,):
                continue  # methods a path does not serve are the server's, not the API's
            failures.append(f"{where}: the document has no {record['method']} operation")
            continue
        response = operation["responses"].get(str(record["status"]))
        if response is None:
            failures.append(f"{where}: status {record['status']} is not documented")
            continue
        response = resolve(response)
        headers = {k.lower(): v for k, v in record["headers"].items()}
        for header in response.get("headers", {}):
            if header.lower() == "retry-after" and record["status"] != 503:
                continue
            if header.lower() not in headers:
                failures.append(f"{where}: documented header {header} is missing")
        content = response.get("content")
        if content:
            media_type = headers.get("content-type", "").split(";")[0].strip()
            if media_type not in content:
                failures.append(f"{where}: content type {media_type} is not documented")
                continue
            schema = resolve(content[media_type]["schema"])
            body = json.loads(record["body"])
            errors = sorted(body_validator(schema).iter_errors(body), key=lambda e: list(e.path))
            for error in errors[:3]:
                failures.append(f"{where}: body does not match the schema at "
                                f"{'/'.join(map(str, error.path))}: {error.message}")
        elif record["body"]:
            failures.append(f"{where}: a body the document does not describe")
        checked += 1
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{checked} responses match the document" if not failures
          else f"{len(failures)} responses do not match the document")
    return not failures


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    if sys.argv[1] == "documents":
        check_documents(sys.argv[2:])
    elif sys.argv[1] == "responses":
        sys.exit(0 if check_responses(sys.argv[2], sys.argv[3]) else 1)
    else:
        raise SystemExit(__doc__)
