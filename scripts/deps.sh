#!/bin/sh
# Install the Debian packages listed in deps.txt that are not installed yet.
# Uses sudo when not run as root; does nothing when all are present, so it
# is cheap to run before every `make test`.
set -eu
list=${1:-deps.txt}
missing=
for pkg in $(grep -v '^#' "$list" | tr -s ' \n' '\n'); do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
    *"ok installed"*) ;;
    *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=
else
    command -v sudo >/dev/null 2>&1 || {
        echo "deps: need root or sudo to install:$missing" >&2
        exit 1
    }
    sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
