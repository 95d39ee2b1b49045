#!/bin/sh
# Run tests/test_secret_service.py against a real gnome-keyring in a private D-Bus session.
#
# Needs the Debian packages gnome-keyring and dbus (for dbus-run-session), and the Python
# package secretstorage (a dependency of keyring on Linux). Uses a throw-away HOME, so no
# real keyring is touched. Exits non-zero if the test fails, errors or is skipped.
#   PYTHON=/path/to/venv/bin/python tests/run_secret_service_test.sh
set -eu

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found (apt-get install -y gnome-keyring dbus)" >&2; exit 2; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -m 700 "$scratch/run"
export HOME="$scratch" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/data" \
    XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache" \
    TOOTUI_HOME="$scratch/tootui" TOOTUI_SECRET_SERVICE_TEST=1 PYTHON
log="$scratch/pytest.log"

# The daemon creates and unlocks a "login" keyring with the password on stdin; it exits
# with the D-Bus session, when dbus-run-session returns.
status=0
timeout 300 dbus-run-session -- sh -c '
    printf "%s" ci-throwaway | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    exec "$PYTHON" -m pytest -p no:cacheprovider -o addopts= -rA tests/test_secret_service.py
' >"$log" 2>&1 || status=$?
cat "$log"

if [ "$status" -ne 0 ]; then
    echo "$0: the Secret Service test failed (exit $status)" >&2
    exit "$status"
fi
if ! grep -Eq '^=+ 1 passed' "$log" || grep -q 'skipped' "$log"; then
    echo "$0: the Secret Service test did not run and pass" >&2
    exit 1
fi
echo "$0: Secret Service test passed"
