# Shared by scripts/run, scripts/test and scripts/check. Source it; do not run it.
# ensure_venv EXTRA: create .venv with Python >= 3.11 if missing and install the package
# (with the optional dependency group EXTRA, e.g. "dev") when pyproject.toml changed since.

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "Jumush needs Python 3.11 or newer (python3 --version); set PYTHON=/path/to/python3.11" >&2
  return 1
}

ensure_venv() {
  local extra="${1:-}" stamp want spec python
  if [ ! -x .venv/bin/python ]; then
    python=$(find_python)
    echo "Creating .venv with $python" >&2
    "$python" -m venv .venv
  fi
  want=$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')
  stamp=".venv/.jumush-installed${extra:+-$extra}"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    spec="."
    [ -n "$extra" ] && spec=".[$extra]"
    echo "Installing jumush${extra:+ with $extra dependencies} into .venv" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --editable "$spec"
    echo "$want" > "$stamp"
    if [ -n "$extra" ]; then echo "$want" > .venv/.jumush-installed; fi
  fi
  return 0
}
