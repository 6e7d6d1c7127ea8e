#!/usr/bin/env bash
# One entry point: `./run.sh demo` runs the whole lobby, `./run.sh test` the suite,
# `./run.sh screenshots` refreshes docs/screenshots/ from the UI tests.
# Both install whatever is missing first (scripts/setup.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
bash scripts/setup.sh
VENV=${KIOSK_VENV:-$ROOT/.venv}
cmd=${1:-demo}
shift || true
case "$cmd" in
    demo)
        if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
            echo "run.sh: no display; running the demo on a virtual screen (xvfb-run)" >&2
            exec xvfb-run -a -s "-screen 0 1920x1080x24" "$VENV/bin/kiosk" demo "$@"
        fi
        exec "$VENV/bin/kiosk" demo "$@"
        ;;
    test)
        # pytest exits 5 when nothing was collected: that fails the run too. Most tests
        # wait on sockets and windows, so two workers (KIOSK_TEST_WORKERS) halve the time.
        exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
            "$VENV/bin/python" -m pytest -n "${KIOSK_TEST_WORKERS:-2}" "$@"
        ;;
    screenshots)
        # the UI tests and the browser pages again, writing docs/screenshots/ and the display's figures
        export KIOSK_REFRESH_DOCS=1
        exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
            "$VENV/bin/python" -m pytest tests/ui tests/hub/test_browser_pages.py \
            tests/hub/test_sites.py::test_rollup_page_for_the_province "$@"
        ;;
    *)
        exec "$VENV/bin/kiosk" "$cmd" "$@"
        ;;
esac
