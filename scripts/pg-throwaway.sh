# Source it. pg_start: start a throwaway PostgreSQL (Debian package postgresql) in a temporary
# directory on a free local port, create database "jumush" and export JUMUSH_DATABASE_URL;
# pg_stop: stop it and delete the directory. pg_bindir prints the directory of initdb/pg_ctl or fails.
# initdb refuses to run as root, so as root the server runs as the `postgres` user.

pg_bindir() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local bindir port
  bindir=$(pg_bindir) || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  PG_TMP=$(mktemp -d /tmp/jumush-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "as root, a 'postgres' user is needed to run the server" >&2; return 1; }
    chown postgres "$PG_TMP"
  fi
  chmod 700 "$PG_TMP"
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  _pg_as_owner "$bindir/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  _pg_as_owner "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  PG_BINDIR=$bindir
  .venv/bin/python -c 'import psycopg, sys
with psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute("CREATE DATABASE jumush")' \
    "postgresql://postgres@127.0.0.1:$port/postgres" || { echo "CREATE DATABASE failed" >&2; return 1; }
  export JUMUSH_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/jumush"
  echo "Throwaway PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_TMP)" >&2
}

pg_stop() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
    _pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    PG_TMP=
  fi
}
