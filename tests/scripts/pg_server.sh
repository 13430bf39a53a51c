#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, on a free loopback port, in DIR.
#   pg_server.sh start DIR    initdb and start; prints the connection URL (also in DIR/url)
#   pg_server.sh stop DIR     stop and remove DIR
#   pg_server.sh pause DIR    stop the server, keeping its data (for outage tests)
#   pg_server.sh resume DIR   start it again on the same port
# As root, the server runs as the unprivileged "postgres" user from Debian's package.
set -euo pipefail
command=${1:?usage: pg_server.sh start|stop|pause|resume DIR}
dir=${2:?usage: pg_server.sh start|stop|pause|resume DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg_server.sh: PostgreSQL server binaries not found (run scripts/bootstrap)" >&2; exit 1; }

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() {
  local port
  port=$(cat "$dir/port")
  as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null
}

case "$command" in
  start)
    if [ -d "$dir/data" ]; then
      as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$dir"
    fi
    as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    for attempt in 1 2 3 4 5; do
      free_port >"$dir/port"
      if start_server; then
        break
      fi
      [ "$attempt" -lt 5 ] || { cat "$dir/server.log" >&2; exit 1; }
    done
    port=$(cat "$dir/port")
    as_server_user "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt \
      -c "CREATE DATABASE svcgen_test" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/svcgen_test" >"$dir/url"
    chmod a+r "$dir/url" "$dir/port"
    cat "$dir/url"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  pause)
    as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    start_server
    ;;
  *)
    echo "pg_server.sh: unknown command $command" >&2
    exit 2
    ;;
esac
