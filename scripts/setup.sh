#!/usr/bin/env bash
# Installs what building and testing jsonpatch needs on Debian/Ubuntu; idempotent and quiet when all is there.
# Usage: scripts/setup.sh [extra Debian packages...]   (e.g. libbenchmark-dev for the benchmarks)
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
have_catch2_v3() {
    # Debian 12's main archive ships Catch2 v2 under the same package name; only v3 has this config file.
    [ -f /usr/lib/cmake/Catch2/Catch2Config.cmake ] || [ -f /usr/lib/x86_64-linux-gnu/cmake/Catch2/Catch2Config.cmake ] ||
        compgen -G '/usr/lib/*/cmake/Catch2/Catch2Config.cmake' >/dev/null || return 1
    [ -f /usr/include/catch2/catch_test_macros.hpp ]
}

for pkg in cmake ninja-build g++ nlohmann-json3-dev libcpp-httplib-dev libboost1.81-dev pkg-config \
    curl libsqlite3-dev libpq-dev libssl-dev libutf8proc-dev postgresql groff-base dpkg-dev libgtest-dev "$@"; do
    have_pkg "$pkg" || need+=("$pkg")
done
have_catch2_v3 || need+=("catch2")
command -v npm >/dev/null 2>&1 || need+=("npm")

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

# Catch2 v3 is only in bookworm-backports on Debian 12; enable it when we are on bookworm and it is missing.
if [ -r /etc/os-release ] && . /etc/os-release && [ "${VERSION_CODENAME:-}" = bookworm ]; then
    if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "setup: enabling bookworm-backports for Catch2 v3"
        echo 'deb http://deb.debian.org/debian bookworm-backports main' |
            $SUDO tee /etc/apt/sources.list.d/jsonpatch-backports.list >/dev/null
    fi
    catch2_target=(-t bookworm-backports)
else
    catch2_target=()
fi

echo "setup: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
plain=()
for pkg in "${need[@]}"; do [ "$pkg" = catch2 ] || plain+=("$pkg"); done
[ ${#plain[@]} -eq 0 ] || $SUDO apt-get install -y -qq --no-install-recommends "${plain[@]}" >/dev/null
if [[ " ${need[*]} " == *" catch2 "* ]]; then
    $SUDO apt-get install -y -qq --no-install-recommends "${catch2_target[@]}" catch2 >/dev/null
fi
have_catch2_v3 || { echo "setup: Catch2 v3 could not be installed" >&2; exit 1; }
