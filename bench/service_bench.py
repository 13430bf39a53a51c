#!/usr/bin/env python3
"""The generated bookstore against PostgreSQL's own speed, measured in one run.

For each operation (GET by id, a list page of 20 after a cursor, POST, PATCH) it runs pgbench
with the exact statements the service sent for that operation (captured from PostgreSQL's log,
parameters and all), and wrk against the service, at the same concurrency: after a warm-up of
each, in alternating rounds that share the measured time, the ratio being the median of the
rounds' ratios. Every HTTP response is checked for the status the operation must answer with.
Prints one table and writes it as JSON to bench/results/.

    service_bench.py --build-dir build-release [--duration 20] [--rounds 3] [--warmup 5] [--soak]
"""

import argparse
import datetime
import http.client
import json
import os
import pathlib
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
OPERATIONS = ["get", "list", "create", "patch"]
AUTHORS = 1000


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway server from scripts/pg-server, with statement logging on demand."""

    def __init__(self, folder):
        self.folder = folder
        self.url = subprocess.run([ROOT / "scripts/pg-server", "start", folder], check=True,
                                  capture_output=True, text=True).stdout.strip()
        self.log_file = pathlib.Path(folder) / "server.log"
        # The application name in each line tells the service's statements from the harness's.
        self.sql("ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '")
        self.reload()

    def sql(self, text):
        result = subprocess.run(["psql", self.url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", text],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"psql failed: {result.stderr.strip()}\n{text}")
        return result.stdout.strip()

    def reload(self):
        self.sql("SELECT pg_reload_conf()")
        time.sleep(0.2)

    def log_statements(self, on):
        self.sql("ALTER SYSTEM SET log_statement = 'all'" if on
                 else "ALTER SYSTEM RESET log_statement")
        self.reload()

    def stop(self):
        subprocess.run([ROOT / "scripts/pg-server", "stop", self.folder], check=False)


class Service:
    def __init__(self, binary, database_url, threads, work):
        self.port = free_port()
        env = dict(os.environ, DB_WRITE_URL=database_url, PORT=str(self.port), HOST="127.0.0.1",
                   THREADS=str(threads), LOG_LEVEL="warn", CURSOR_SECRET="bench-cursor-secret",
                   DB_APPLICATION_NAME="bench_service")
        subprocess.run([binary, "migrate", "up"], env=env, check=True, capture_output=True)
        self.log = open(pathlib.Path(work) / "service.log", "w")
        self.process = subprocess.Popen([binary, "serve"], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while True:
            try:
                if self.request("GET", "/ready")[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit("the service did not become ready; see service.log")
            time.sleep(0.1)

    def request(self, method, path, body=None, content_type="application/json"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Content-Type": content_type} if body is not None else {}
        connection.request(method, path, body=None if body is None else json.dumps(body),
                           headers=headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        return response.status, json.loads(payload) if payload else None

    def status_field(self, name):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
        raise RuntimeError(name + " not in /proc status")

    def rss(self):
        return self.status_field("VmRSS")

    def peak_rss(self):
        return self.status_field("VmHWM")

    def cpu_seconds(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        code = self.process.wait(timeout=60)
        self.log.close()
        if code != 0:
            raise SystemExit(f"the service exited with {code} on SIGTERM")


def load_books(postgres, rows):
    log(f"loading {AUTHORS} authors and {rows} books")
    postgres.sql(f"""
        INSERT INTO authors (name) SELECT 'Author ' || g FROM generate_series(1, {AUTHORS}) g;
        INSERT INTO books (title, isbn, price, status, author_id, published_on)
          SELECT 'Book ' || g, NULL, (g % 10000) / 100.0, 'published', 1 + g % {AUTHORS},
                 date '2000-01-01' + g % 9000
          FROM generate_series(1, {rows}) g;""")
    postgres.sql("VACUUM ANALYZE")


def collect_cursors(service, count):
    """Walks the list from the start: (cursor, id of the last book before it) pairs."""
    cursors = []
    status, page = service.request("GET", "/api/books?limit=20")
    while len(cursors) < count:
        if status != 200:
            raise SystemExit(f"listing books answered {status}: {page}")
        if not page.get("next_cursor"):
            break
        cursors.append((page["next_cursor"], page["items"][-1]["id"]))
        status, page = service.request("GET", "/api/books?limit=20&cursor=" + cursors[-1][0])
    return cursors


# One request of each operation with recognisable values, and the pgbench variable each value
# becomes: the statements PostgreSQL logged for it turn into the pgbench script.
def sample_requests(cursors, rows):
    n = "555000111222333"
    middle = cursors[len(cursors) // 2]
    return {
        "get": (("GET", "/api/books/4242", None, None), {"4242": "id"}),
        "list": (("GET", "/api/books?limit=20&cursor=" + middle[0], None, None),
                 {str(middle[1]): "after"}),
        "create": (("POST", "/api/books", {"title": n, "isbn": n, "price": "12.50",
                                           "status": "published", "author_id": 777},
                    "application/json"), {n: "n", "777": "author"}),
        "patch": (("PATCH", "/api/books/4243", {"title": n[::-1]}, "application/merge-patch+json"),
                  {"4243": "id", n[::-1]: "n"}),
    }


PGBENCH_VARIABLES = {
    "id": "random(1, {rows})",
    "after": "random(1, {rows} - 20)",
    "n": "random(200000000000000, 999999999999999)",  # wrk's start with 1
    "author": "random(1, %d)" % AUTHORS,
}
EXPECTED_STATUS = {"get": 200, "list": 200, "create": 201, "patch": 200}


def parse_log(text):
    """The statements the service sent, in order, with their parameter values."""
    entries = []
    for line in re.split(r"\n(?!\t)", text):
        if "app=bench_service" not in line:
            continue
        line = line.replace("\n\t", "\n")
        statement = re.search(r"LOG:  (?:execute [^:]*|statement): (.*)", line, re.S)
        parameters = re.search(r"DETAIL:  parameters: (.*)", line, re.S)
        if statement:
            entries.append({"sql": statement.group(1).strip(), "parameters": {}})
        elif parameters and entries:
            for number, value in re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", parameters.group(1)):
                entries[-1]["parameters"][number] = value
    return entries


def hide_colons(literal):
    """pgbench takes every :name as a variable, even inside a string literal; the literal
    'HH24:MI' becomes ('HH24' || ':' || 'MI'), a constant PostgreSQL folds when planning."""
    text = literal.group(0)
    if not re.search(r":[A-Za-z_]", text):
        return text
    return "(" + "' || ':' || '".join(text.split(":")) + ")"


def capture_statements(postgres, service, operation, sample):
    (method, path, body, content_type), variables = sample
    service.request(method, path, body, content_type or "application/json")  # warms the path
    if operation == "create":  # the warm-up took the unique values: use fresh ones
        n = "555000111222444"
        body = dict(body, title=n, isbn=n)
        variables = {n: "n", "777": "author"}
    postgres.log_statements(True)
    start = postgres.log_file.stat().st_size
    status, _ = service.request(method, path, body, content_type or "application/json")
    time.sleep(0.3)
    postgres.log_statements(False)
    if status != EXPECTED_STATUS[operation]:
        raise SystemExit(f"{operation}: the sample request answered {status}")
    with open(postgres.log_file, errors="replace") as f:
        f.seek(start)
        entries = parse_log(f.read())
    if not entries:
        raise SystemExit(f"{operation}: no statement of the service in the PostgreSQL log")
    lines = []
    used = set()
    for entry in entries:
        def substitute(match):
            value = entry["parameters"].get(match.group(1))
            if value is None:
                raise SystemExit(f"{operation}: no value logged for ${match.group(1)}")
            plain = value[1:-1].replace("''", "'") if value != "NULL" else None
            if plain in variables:
                used.add(variables[plain])
                return ":" + variables[plain]
            return value
        sql = re.sub(r"\$(\d+)", substitute, entry["sql"])
        sql = re.sub(r"'(?:[^']|'')*'", hide_colons, sql)
        lines.append(" ".join(sql.split()) + ";")
    missing = set(variables.values()) - used
    if missing:
        raise SystemExit(f"{operation}: the statements do not use the request's {sorted(missing)}")
    return lines, used


def pgbench_script(lines, used, rows, path):
    with open(path, "w") as f:
        for name in sorted(used):
            f.write(f"\\set {name} {PGBENCH_VARIABLES[name].format(rows=rows)}\n")
        f.write("\n".join(lines) + "\n")


def run_pgbench(url, script, clients, seconds, work, measure):
    log_prefix = pathlib.Path(work) / "pgbench_log"
    for old in pathlib.Path(work).glob("pgbench_log*"):
        old.unlink()
    command = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", "2",
               "-T", str(seconds), "-f", str(script)]
    if measure:
        command += ["--log", "--sampling-rate=0.1", "--log-prefix", str(log_prefix)]
    result = subprocess.run(command + [url], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("pgbench failed:\n" + result.stdout + result.stderr)
    if not measure:
        return None
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial", result.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
    latencies = []
    for file in pathlib.Path(work).glob("pgbench_log*"):
        for line in open(file):
            latencies.append(int(line.split()[2]))
    latencies.sort()
    return {"rate": tps, "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
            "failed": int(failed.group(1)) if failed else 0}


def percentile(sorted_us, p):
    if not sorted_us:
        return None
    return sorted_us[min(len(sorted_us) - 1, int(len(sorted_us) * p / 100))] / 1000.0


WRK_RUNS = iter(range(1, 1000))


def run_wrk(service, operation, rows, cursor_file, connections, seconds):
    env = dict(os.environ, BENCH_OP=operation, BENCH_ROWS=str(rows), BENCH_CURSORS=cursor_file,
               BENCH_RUN=str(next(WRK_RUNS)))
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
               "-s", str(ROOT / "bench/wrk/bookstore.lua"), f"http://127.0.0.1:{service.port}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    summary = re.search(r"BENCH requests=(\d+) unexpected=(\d+) p50_us=(\d+) p99_us=(\d+) "
                        r"errors=(\d+)", result.stdout)
    if result.returncode != 0 or not summary:
        raise SystemExit("wrk failed:\n" + result.stdout + result.stderr)
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", result.stdout).group(1))
    example = re.search(r"BENCH example_unexpected=(.*)", result.stdout)
    requests, unexpected, p50, p99, errors = (int(x) for x in summary.groups())
    return {"rate": rate, "requests": requests, "p50_ms": p50 / 1000.0, "p99_ms": p99 / 1000.0,
            "unexpected": unexpected, "socket_errors": errors,
            "example_unexpected": example.group(1) if example else None}


def measure_operation(args, postgres, service, operation, script, cursor_file, work):
    """pgbench and the service in alternating rounds; the ratio is the median of the rounds'.

    The machine is shared: pgbench alone swung 36k-54k tps between runs minutes apart. Rounds
    that alternate which side goes first put both under the same conditions, and the spread of
    the per-round ratios shows how far one figure can be trusted."""
    run_pgbench(postgres.url, script, args.connections, args.warmup, work, False)
    run_wrk(service, operation, args.rows, cursor_file, args.connections, args.warmup)
    seconds = max(3, round(args.duration / args.rounds))
    rounds = []
    for number in range(args.rounds):
        measured = {}
        for side in (("pgbench", "service") if number % 2 == 0 else ("service", "pgbench")):
            if side == "pgbench":
                measured["pgbench"] = run_pgbench(postgres.url, script, args.connections,
                                                  seconds, work, True)
            else:
                cpu_before = service.cpu_seconds()
                measured["service"] = run_wrk(service, operation, args.rows, cursor_file,
                                              args.connections, seconds)
                measured["cpu_seconds"] = service.cpu_seconds() - cpu_before
        measured["ratio"] = measured["service"]["rate"] / measured["pgbench"]["rate"]
        log(f"  round {number + 1}: service {measured['service']['rate']:.0f}/s, pgbench "
            f"{measured['pgbench']['rate']:.0f}/s, ratio {measured['ratio']:.2f}")
        rounds.append(measured)

    def combined(side, counters):
        runs = [r[side] for r in rounds]
        result = {"rate": statistics.mean(r["rate"] for r in runs),
                  "p50_ms": statistics.median(r["p50_ms"] for r in runs),
                  "p99_ms": max(r["p99_ms"] for r in runs)}  # the worst round's tail
        for counter in counters:
            result[counter] = sum(r[counter] for r in runs)
        return result

    ratios = [r["ratio"] for r in rounds]
    service_side = combined("service", ("requests", "unexpected", "socket_errors"))
    service_side["example_unexpected"] = next(
        (r["service"]["example_unexpected"] for r in rounds if r["service"]["example_unexpected"]),
        None)
    return {"rounds": rounds,
            "pgbench": combined("pgbench", ("failed",)),
            "service": service_side,
            "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
            "cpu_seconds_per_1k": sum(r["cpu_seconds"] for r in rounds)
            / max(service_side["requests"], 1) * 1000}


def soak(service, rows, cursor_file, connections, minutes):
    """GET load for `minutes`; RSS sampled every 10 s must not keep growing."""
    samples = []
    end = time.time() + minutes * 60
    while time.time() < end:
        result = run_wrk(service, "get", rows, cursor_file, connections, 10)
        samples.append({"rss_mb": service.rss() / 1e6, "rate": result["rate"],
                        "unexpected": result["unexpected"] + result["socket_errors"]})
        log(f"  soak: {samples[-1]['rate']:.0f} req/s, RSS {samples[-1]['rss_mb']:.1f} MB")
    settled = samples[len(samples) // 5:]  # after the first fifth, pools and caches are full
    growth = settled[-1]["rss_mb"] - settled[0]["rss_mb"]
    return {"minutes": minutes, "samples": samples, "rss_growth_mb": growth,
            "unexpected": sum(s["unexpected"] for s in samples)}


def print_table(results):
    header = (f"{'operation':<10}{'service/s':>11}{'p50 ms':>8}{'p99 ms':>8}{'pgbench/s':>11}"
              f"{'p50 ms':>8}{'p99 ms':>8}{'ratio':>7}{'range':>11}{'CPU s/1k':>10}{'bad':>5}")
    print(header)
    print("-" * len(header))
    for operation, r in results["operations"].items():
        s, p = r["service"], r["pgbench"]
        print(f"{operation:<10}{s['rate']:>11.0f}{s['p50_ms']:>8.2f}{s['p99_ms']:>8.2f}"
              f"{p['rate']:>11.0f}{p['p50_ms']:>8.2f}{p['p99_ms']:>8.2f}{r['ratio']:>7.2f}"
              f"{r['ratio_min']:>6.2f}-{r['ratio_max']:.2f}"
              f"{r['cpu_seconds_per_1k']:>10.3f}{s['unexpected'] + s['socket_errors']:>5}")
    print(f"service RSS: idle {results['rss_idle_mb']:.1f} MB, peak under load "
          f"{results['rss_peak_mb']:.1f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--duration", type=int, default=20, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternating pgbench/service rounds sharing --duration")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="the service's event loops")
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--operations", default=",".join(OPERATIONS))
    parser.add_argument("--soak", type=float, nargs="?", const=5.0, default=None,
                        metavar="MINUTES", help="also run GET load this long (default 5) "
                        "and report RSS growth")
    parser.add_argument("--results", default=str(ROOT / "bench/results"))
    args = parser.parse_args()
    binary = pathlib.Path(args.build_dir) / "examples/bookstore"
    operations = args.operations.split(",")

    with tempfile.TemporaryDirectory(prefix="svcgen-bench-") as work:
        os.chmod(work, 0o755)
        postgres = Postgres(os.path.join(work, "pg"))
        service = None
        try:
            service = Service(binary, postgres.url, args.threads, work)
            load_books(postgres, args.rows)
            cursors = collect_cursors(service, 1000)
            cursor_file = os.path.join(work, "cursors.txt")
            with open(cursor_file, "w") as f:
                f.write("\n".join(cursor for cursor, _ in cursors) + "\n")
            samples = sample_requests(cursors, args.rows)
            time.sleep(1)
            results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(
                           timespec="seconds"),
                       "machine": {"cpus": os.cpu_count(), "kernel": platform.release()},
                       "settings": {"connections": args.connections, "duration_s": args.duration,
                                    "warmup_s": args.warmup, "rows": args.rows,
                                    "rounds": args.rounds,
                                    "service_threads": args.threads},
                       "rss_idle_mb": service.rss() / 1e6, "operations": {}}
            for operation in operations:
                lines, used = capture_statements(postgres, service, operation,
                                                 samples[operation])
                script = os.path.join(work, f"{operation}.sql")
                pgbench_script(lines, used, args.rows, script)
                log(f"{operation}: pgbench runs\n  " + "\n  ".join(open(script).read().split("\n")))
                results["operations"][operation] = measure_operation(
                    args, postgres, service, operation, script, cursor_file, work)
                results["operations"][operation]["statements"] = lines
            results["rss_peak_mb"] = service.peak_rss() / 1e6
            if args.soak:
                log(f"soak: {args.soak} minutes of GET load")
                results["soak"] = soak(service, args.rows, cursor_file, args.connections,
                                       args.soak)
            service.stop()
            service = None
        finally:
            if service:
                service.process.kill()
            postgres.stop()

    print_table(results)
    if "soak" in results:
        print(f"soak: {results['soak']['minutes']} min, RSS growth after warm-up "
              f"{results['soak']['rss_growth_mb']:+.1f} MB, bad responses "
              f"{results['soak']['unexpected']}")
    os.makedirs(args.results, exist_ok=True)
    name = results["date"].replace(":", "").replace("+0000", "Z")
    with open(os.path.join(args.results, f"service-{name}.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    bad = sum(r["service"]["unexpected"] + r["service"]["socket_errors"] + r["pgbench"]["failed"]
              for r in results["operations"].values())
    if bad or results.get("soak", {}).get("unexpected"):
        sys.exit("some responses had an unexpected status or failed: see the table")


if __name__ == "__main__":
    main()
