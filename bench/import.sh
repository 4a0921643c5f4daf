#!/usr/bin/env bash
# Run bench/import.py on a fresh SQLite file and on a throwaway PostgreSQL; the last line is
# one JSON object {"sqlite": {...}, "postgresql": {...}}. Arguments go to bench/import.py.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/pg-throwaway.sh
ensure_venv
unset JUMUSH_DATABASE_URL
sqlite=$(.venv/bin/python bench/import.py "$@" | tail -n 1)
trap pg_stop EXIT
pg_start
postgresql=$(.venv/bin/python bench/import.py "$@" | tail -n 1)
pg_stop
printf '{"sqlite": %s, "postgresql": %s}\n' "$sqlite" "$postgresql"
