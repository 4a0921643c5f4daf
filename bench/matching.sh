#!/usr/bin/env bash
# Run bench/matching.py on a throwaway PostgreSQL (started here, stopped and deleted after);
# the last line is its JSON object. Arguments go to bench/matching.py, e.g.
#   bench/matching.sh --workers 1000000 --vacancies 100000
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/pg-throwaway.sh
ensure_venv
trap pg_stop EXIT
pg_start
.venv/bin/python bench/matching.py "$@"
