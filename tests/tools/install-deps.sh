#!/bin/sh
# Install the Debian packages named as arguments that are missing: with apt-get when run as
# root, otherwise print the one command that would do it and fail.
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "installing:$missing"
    apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "missing Debian packages; run:"
    echo "  sudo apt-get install -y$missing"
    exit 1
fi
