#!/usr/bin/env bash
# Idempotent set-up on Debian/Ubuntu: system packages that are missing, then
# the project's virtualenv in .venv with the package installed editable.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${KIOSK_VENV:-$ROOT/.venv}

# Xvfb + Mesa for Kivy windows, libvlc for the announcer and media, espeak-ng and
# sox to build and measure the voice pack, python3-venv for the virtualenv, Chromium
# and its driver for the phone page's browser test.
APT_PACKAGES=(
    xvfb xauth libgl1-mesa-dri libegl1 libmtdev1
    libvlc5 vlc-plugin-base
    espeak-ng sox
    python3-venv
    systemd  # systemd-analyze verify, for the unit tests
    chromium chromium-driver  # headless browser tests of the phone page (Selenium)
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]})); then
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
    echo "setup: installing system packages: ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# PostgreSQL's server, for the hub tests' second store (tests/pgserver.py starts a
# throwaway server from it). Optional: where it cannot be installed, those tests are
# skipped with that reason and everything else still runs.
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
    echo "setup: installing postgresql (optional: the hub tests' PostgreSQL store)" >&2
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        postgresql >&2; }; then
        echo "setup: warning: postgresql not installed; its hub tests will be skipped" >&2
    fi
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "setup: Python >= 3.11 is required ($("$PYTHON" --version 2>&1) found)" >&2
    exit 1
fi
if [[ ! -x "$VENV/bin/python" ]]; then
    echo "setup: creating virtualenv $VENV" >&2
    "$PYTHON" -m venv "$VENV"
fi

# Reinstall only when the dependency list changed.
STAMP="$VENV/.kiosk-installed"
WANT=$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$WANT" ]]; then
    echo "setup: installing Python dependencies into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -e "$ROOT[test]" >&2
    echo "$WANT" >"$STAMP"
fi
