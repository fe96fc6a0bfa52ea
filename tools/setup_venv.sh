#!/usr/bin/env bash
# Create or update the project's virtual environment, on a supported Python.
#
#   tools/setup_venv.sh VENV [PYTHON]
#   tools/setup_venv.sh --list      # every supported Python found, one per version
#
# PYTHON given: VENV is built on it (rebuilt if it holds another Python). PYTHON not
# given: VENV's own Python if it is a supported one, else the newest supported Python
# found (python3.X on PATH, then pyenv's versions, then python3). The package and its
# test dependencies are installed again whenever pyproject.toml changes. Exit code 2
# when no supported Python can be had, naming what was found. With SETUP_VENV_DRY_RUN=1
# it says what it would do and changes nothing.
set -euo pipefail

# Newest first. pyproject.toml's requires-python says the same (a test checks it).
SUPPORTED="3.13 3.12 3.11"

venv=${1:?usage: tools/setup_venv.sh VENV [PYTHON] | --list}
want=${2:-}
cd "$(dirname "$0")/.."

# "3.12 /base/prefix" for an interpreter, or nothing if it does not run.
identity() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2], sys.base_prefix)' 2>/dev/null || true
}
describe() {
    "$1" -c 'import sys; print(f"Python {sys.version.split()[0]} ({sys.executable})")' 2>/dev/null
}
is_supported() { case " $SUPPORTED " in *" $1 "*) return 0 ;; esac; return 1; }

pyenv_pythons() {   # pyenv's interpreters of version $1, newest first
    if command -v pyenv >/dev/null 2>&1; then
        ls -d "$(pyenv root)"/versions/"$1".*/bin/python"$1" 2>/dev/null | sort -V -r || true
    fi
}

candidates() {
    local v
    for v in $SUPPORTED; do
        echo "python$v"
        pyenv_pythons "$v"
    done
    echo python3
}

newest_supported() {
    local c id
    while read -r c; do
        id=$(identity "$c")
        if [ -n "$id" ] && is_supported "${id%% *}"; then echo "$c"; return 0; fi
    done < <(candidates)
    return 1
}

if [ "$venv" = "--list" ]; then
    # One interpreter per supported version, newest version first: "3.13 /path/python3.13"
    found=""
    while read -r c; do
        id=$(identity "$c")
        v=${id%% *}
        if [ -n "$id" ] && is_supported "$v" && [[ " $found " != *" $v "* ]]; then
            found="$found $v"
            echo "$v $("$c" -c "import sys; print(sys.executable)")"
        fi
    done < <(candidates)
    [ -n "$found" ] || { echo "no supported Python found (supported: $SUPPORTED)" >&2; exit 2; }
    exit 0
fi

have=""
[ -x "$venv/bin/python" ] && have=$(identity "$venv/bin/python")

if [ -n "$want" ]; then
    id=$(identity "$want")
    if [ -z "$id" ] && [[ "$want" =~ ^python(3\.[0-9]+)$ ]]; then
        # A bare python3.X that does not run here (a pyenv shim for a version that is not
        # active, say): pyenv's own interpreter of that version, if it has one.
        while read -r c; do
            [ -n "$c" ] || continue
            id=$(identity "$c")
            if [ -n "$id" ]; then want=$c; break; fi
        done < <(pyenv_pythons "${BASH_REMATCH[1]}")
    fi
    if [ -z "$id" ]; then
        why=$("$want" -c pass 2>&1 | head -n 2 | tr '\n' ' ' || true)
        echo "PYTHON=$want does not run${why:+ ($why)}: give a Python $SUPPORTED interpreter" >&2
        exit 2
    fi
    if ! is_supported "${id%% *}"; then
        echo "PYTHON=$want is Python ${id%% *}: supported are $SUPPORTED" >&2
        exit 2
    fi
    python=$want
elif [ -n "$have" ] && is_supported "${have%% *}"; then
    python=$venv/bin/python
else
    if ! python=$(newest_supported); then
        echo "no supported Python found (supported: $SUPPORTED; looked for python3.X on PATH," \
             "pyenv's versions and python3): install one, or give PYTHON=/path/to/python" >&2
        exit 2
    fi
fi

rebuild=""
if [ -n "$have" ] && [ "$python" != "$venv/bin/python" ] && [ "$have" != "$(identity "$python")" ]; then
    rebuild="$venv holds Python ${have%% *} (${have#* })"
fi
if [ -n "${SETUP_VENV_DRY_RUN:-}" ]; then
    if [ -n "$rebuild" ]; then echo "would rebuild: $rebuild; with $(describe "$python")"
    elif [ -z "$have" ]; then echo "would create $venv with $(describe "$python")"
    else echo "would use $venv: $(describe "$venv/bin/python")"
    fi
    exit 0
fi
if [ -z "$have" ] || [ -n "$rebuild" ]; then
    if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
        echo "${rebuild:+$rebuild; }$(describe "$python" || echo "$python") has no venv/ensurepip" \
             "module, so $venv cannot be built with it (Debian: apt-get install python3-venv)" >&2
        exit 2
    fi
    if [ -n "$rebuild" ]; then
        echo "$rebuild; rebuilding it with $(describe "$python")"
        rm -rf "$venv"
    else
        echo "creating $venv with $(describe "$python")"
    fi
    "$python" -m venv "$venv"
    rm -f "$venv/.installed"
else
    echo "using $venv: $(describe "$venv/bin/python")"
fi

stamp="$venv/.installed"
digest=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
    echo "installing the package and its test dependencies into $venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -e ".[test]"
    echo "$digest" > "$stamp"
fi
