#!/usr/bin/env python3
"""Structural checks of the deployment files svcgen generates, without Docker or kubectl.

  check_deploy.py CONFIG_CPP OUTPUT_DIR...

CONFIG_CPP is the runtime's config.cpp: every environment variable a deployment file sets must be
one the runtime reads. Each OUTPUT_DIR is a generated service folder; one generated with
--runtime external has no Dockerfile (the folder is not a whole build context) and its compose
file uses a prebuilt image.
"""
import os
import json
import pathlib
import re
import sys

import yaml


class Checker:
    def __init__(self, folder):
        self.folder = folder
        self.problems = []

    def expect(self, condition, what):
        if not condition:
            self.problems.append(f"{self.folder}: {what}")
        return condition


def known_variables(runtime_src):
    """The variables the runtime reads: config.cpp's read.kind("NAME") calls, and the lookups of
    the components that read their own (value_of(env, "NAME"), variable(env, "NAME"))."""
    known = set()
    for path in pathlib.Path(runtime_src).rglob("*.cpp"):
        text = path.read_text()
        known |= set(re.findall(r'read\.\w+\("([A-Z_][A-Z0-9_]*)"', text))
        known |= set(re.findall(r'\w+\(env, "([A-Z_][A-Z0-9_]*)"\)', text))
    return known


def dockerfile_stages(text):
    """Instructions per stage, continuation lines joined."""
    stages = []
    logical = re.sub(r"\\\n\s*", " ", text)
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.upper() == "FROM":
            stages.append([])
        stages[-1].append((keyword.upper(), rest.strip()))
    return stages


def check_dockerfile(c, folder, service):
    if not os.path.exists(f"{folder}/Dockerfile"):
        c.expect(not os.path.exists(f"{folder}/runtime"), "a vendored runtime without a Dockerfile")
        return None, None
    with open(f"{folder}/Dockerfile") as f:
        stages = dockerfile_stages(f.read())
    if not c.expect(len(stages) == 2, f"Dockerfile has {len(stages)} stages, expected build and runtime"):
        return None, None
    build, final = stages
    c.expect(build[0][1].startswith("debian:bookworm-slim"), "build stage is not debian:bookworm-slim")
    c.expect(final[0] == ("FROM", "debian:bookworm-slim"), "runtime stage is not debian:bookworm-slim")
    # Packages before sources, so that their layer survives source changes.
    order = [keyword for keyword, _ in build]
    c.expect(order.index("RUN") < order.index("COPY"), "build stage copies sources before installing packages")
    instructions = dict((keyword, rest) for keyword, rest in final)
    runs = " ".join(rest for keyword, rest in final if keyword == "RUN")
    installed = set(re.findall(r"install -y --no-install-recommends ([^&]+)", runs)[0].split())
    c.expect(installed == {"libpq5", "libre2-9", "ca-certificates"}, f"runtime stage installs {sorted(installed)}")
    c.expect("rm -rf /var/lib/apt/lists/*" in runs, "runtime stage keeps apt lists")
    user = instructions.get("USER", "")
    c.expect(re.fullmatch(r"[1-9][0-9]*:[1-9][0-9]*", user) is not None, f"USER {user!r} is not a numeric non-root user")
    c.expect(instructions.get("STOPSIGNAL") == "SIGTERM", "STOPSIGNAL is not SIGTERM")
    entrypoint = json.loads(instructions.get("ENTRYPOINT", "null"))
    c.expect(entrypoint == [f"/usr/local/bin/{service}"], f"ENTRYPOINT {entrypoint} is not the exec form of the binary")
    c.expect(json.loads(instructions.get("CMD", "null")) == ["serve"], "CMD is not [\"serve\"]")
    health = instructions.get("HEALTHCHECK", "")
    c.expect(health.endswith(f'CMD ["/usr/local/bin/{service}", "healthcheck"]'), f"HEALTHCHECK {health!r}")
    c.expect(not any(k == "COPY" and "--from=build" not in r for k, r in final), "runtime stage copies from the context")
    c.expect(not re.search(r"(PASSWORD|SECRET|postgres(ql)?://)", instructions.get("ENV", ""), re.I), "Dockerfile sets a secret")
    with open(f"{folder}/.dockerignore") as f:
        ignored = f.read().split()
    c.expect("build/" in ignored and ".git" in ignored, ".dockerignore does not exclude build trees and .git")
    uid = user.split(":")[0]
    return int(instructions.get("EXPOSE", "0")), int(uid) if uid.isdigit() else None


def env_of(container):
    return {entry["name"]: entry for entry in container.get("env", [])}


def check_env_names(c, names, known, where):
    for name in names:
        c.expect(name in known, f"{where} sets {name}, which the runtime does not read")


def seconds(duration):
    match = re.fullmatch(r"(\d+)s", duration)
    return int(match.group(1)) if match else None


def check_pod_security(c, pod, container, where):
    security = pod.get("securityContext", {})
    c.expect(security.get("runAsNonRoot") is True, f"{where}: runAsNonRoot is not true")
    c.expect(isinstance(security.get("runAsUser"), int) and security["runAsUser"] > 0, f"{where}: runAsUser is not a non-root uid")
    container_security = container.get("securityContext", {})
    c.expect(container_security.get("readOnlyRootFilesystem") is True, f"{where}: root filesystem is writable")
    c.expect(container_security.get("allowPrivilegeEscalation") is False, f"{where}: privilege escalation allowed")
    c.expect(container_security.get("capabilities", {}).get("drop") == ["ALL"], f"{where}: capabilities not dropped")
    resources = container.get("resources", {})
    c.expect("requests" in resources and "memory" in resources.get("limits", {}), f"{where}: no resource requests and memory limit")
    env = env_of(container)
    write_url = env.get("DB_WRITE_URL", {})
    c.expect("secretKeyRef" in write_url.get("valueFrom", {}), f"{where}: DB_WRITE_URL does not come from a Secret")
    c.expect("value" not in write_url, f"{where}: DB_WRITE_URL is written in the manifest")
    return env


def check_kubernetes(c, folder, service, port, uid, known):
    with open(f"{folder}/k8s/deployment.yaml") as f:
        deployment = yaml.safe_load(f)
    with open(f"{folder}/k8s/service.yaml") as f:
        k8s_service = yaml.safe_load(f)
    with open(f"{folder}/k8s/migrate-job.yaml") as f:
        job = yaml.safe_load(f)
    with open(f"{folder}/k8s/contract-job.yaml") as f:
        contract_job = yaml.safe_load(f)
    c.expect(deployment["kind"] == "Deployment" and deployment["apiVersion"] == "apps/v1", "deployment.yaml is not an apps/v1 Deployment")
    labels = deployment["spec"]["selector"]["matchLabels"]
    pod = deployment["spec"]["template"]
    c.expect(all(pod["metadata"]["labels"].get(k) == v for k, v in labels.items()), "pod labels do not match the selector")
    spec = pod["spec"]
    container = spec["containers"][0]
    env = check_pod_security(c, spec, container, "Deployment")
    c.expect(uid is None or spec["securityContext"].get("runAsUser") == uid, "Deployment runs as another uid than the image's USER")
    check_env_names(c, env, known, "Deployment")
    c.expect(env.get("AUTO_MIGRATE", {}).get("value") == "false", "Deployment migrates at start")
    c.expect(env.get("HEALTH_CHECK_DB", {}).get("value") == "false", "liveness depends on the database")
    shutdown = seconds(env.get("SHUTDOWN_TIMEOUT", {}).get("value", ""))
    pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", ["", "0"])
    grace = spec.get("terminationGracePeriodSeconds", 30)
    if c.expect(shutdown is not None, "SHUTDOWN_TIMEOUT is not set in whole seconds"):
        c.expect(grace > shutdown + int(pre_stop[-1]), f"grace period {grace}s does not exceed preStop + SHUTDOWN_TIMEOUT")
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    c.expect(port is None or ports.get("http") == port, f"container port {ports} is not the image's EXPOSE {port}")
    c.expect(container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}, "liveness probe is not /health")
    c.expect(container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}, "readiness probe is not /ready")
    c.expect(container.get("args") == ["serve"], "Deployment does not serve")

    c.expect(k8s_service["kind"] == "Service", "service.yaml is not a Service")
    c.expect(k8s_service["spec"]["selector"] == labels, "Service selects other pods than the Deployment's")
    c.expect(k8s_service["spec"]["ports"][0]["targetPort"] == "http", "Service does not target the http port")

    c.expect(re.fullmatch(r".+:.+-[0-9a-f]{12}", container["image"]) is not None,
             f"image {container['image']!r} is not tagged with the digest of its inputs")
    # The expand Job runs before the rollout, the contract Job after it; both are named after the
    # last migration, so a new migration is a new Job rather than an immutable one left as it was.
    expected_args = {"migrate-job.yaml": ["migrate", "up", "--expand-only"], "contract-job.yaml": ["migrate", "up"]}
    heads = set()
    for file, document in (("migrate-job.yaml", job), ("contract-job.yaml", contract_job)):
        c.expect(document["kind"] == "Job" and document["apiVersion"] == "batch/v1", f"{file} is not a batch/v1 Job")
        job_spec = document["spec"]["template"]["spec"]
        job_container = job_spec["containers"][0]
        c.expect(job_container.get("args") == expected_args[file], f"{file} does not run {' '.join(expected_args[file])}")
        c.expect(job_container["image"] == container["image"], f"{file} runs another image than the Deployment")
        c.expect(job_spec.get("restartPolicy") in ("Never", "OnFailure"), f"{file} restarts always")
        head = re.search(r"-([0-9]{6})$", document["metadata"]["name"])
        if c.expect(head is not None, f"{file} is not named after the migration head"):
            heads.add(head.group(1))
        job_env = check_pod_security(c, job_spec, job_container, file)
        check_env_names(c, job_env, known, file)
    c.expect(len(heads) <= 1, f"the Jobs name different migration heads: {sorted(heads)}")
    c.expect(job["metadata"]["name"] != contract_job["metadata"]["name"], "the expand and contract Jobs share a name")
    for document in (deployment, k8s_service, job, contract_job):
        name = document["metadata"]["name"]
        c.expect(re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", name) is not None and len(name) <= 63, f"{name!r} is not a DNS-1123 label")
    return ports.get("http")


def check_compose(c, folder, service, port, known):
    with open(f"{folder}/docker-compose.yml") as f:
        compose = yaml.safe_load(f)
    services = compose["services"]
    database = services.get("postgres", {})
    c.expect(database.get("image") == "postgres:15", "compose database is not postgres:15")
    test = " ".join(database.get("healthcheck", {}).get("test", []))
    c.expect("pg_isready" in test, "compose database has no pg_isready healthcheck")
    app = services.get(service, {})
    c.expect(app.get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy", "compose service does not wait for a healthy database")
    env = app.get("environment", {})
    check_env_names(c, env, known, "compose")
    c.expect(env.get("AUTO_MIGRATE") == "true", "compose does not migrate at start")
    c.expect(str(env.get("DB_WRITE_URL", "")).startswith("postgresql://"), "compose has no DB_WRITE_URL")
    if os.path.exists(f"{folder}/Dockerfile"):
        c.expect(app.get("build") == ".", "compose does not build the output folder")
    else:
        c.expect("build" not in app, "compose builds a folder that is not a build context")
    c.expect(bool(app.get("image")), "compose names no image")
    c.expect(f"{port}:{port}" in app.get("ports", []), "compose does not publish the service port")
    volumes = compose.get("volumes", {})
    mounted = [v.split(":")[0] for v in database.get("volumes", [])]
    c.expect(mounted and all(v in volumes for v in mounted), "compose database data is not in a named volume")


def check_readme(c, folder, service, known):
    with open(f"{folder}/README.md") as f:
        text = f.read()
    configuration = text.split("\n## Configuration\n", 1)[-1]
    documented = set(re.findall(r"^\| `([A-Z_][A-Z0-9_]*)` \|", configuration, re.M))
    c.expect(documented == known, f"README documents {sorted(documented - known)} that the runtime does not read and misses {sorted(known - documented)}")
    with open(f"{folder}/openapi.json") as f:
        document = json.load(f)
    base = document["servers"][0]["url"].rstrip("/")
    operations = {(method.upper(), base + path) for path, item in document["paths"].items()
                  for method in item if method in ("get", "put", "post", "patch", "delete")}
    listed = set(re.findall(r"^\| `(GET|PUT|POST|PATCH|DELETE)` \| `([^`]+)` \|", text, re.M))
    c.expect(listed == operations, f"README endpoints differ from the OpenAPI document: {sorted(listed ^ operations)}")


def main():
    known = known_variables(sys.argv[1])
    problems = []
    for folder in sys.argv[2:]:
        c = Checker(folder)
        with open(f"{folder}/openapi.json") as f:
            json.load(f)
        with open(f"{folder}/CMakeLists.txt") as f:
            service = re.search(r"project\((\w+)", f.read()).group(1)
        port, uid = check_dockerfile(c, folder, service)
        port = check_kubernetes(c, folder, service, port, uid, known)
        check_compose(c, folder, service, port, known)
        check_readme(c, folder, service, known)
        problems += c.problems
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{len(sys.argv) - 2} deployment folders pass")


if __name__ == "__main__":
    main()
