#!/usr/bin/env bash
# Installs what building and testing Attest needs on Debian, beyond Rust
# itself. Safe to run again: it installs only what is missing.
#
#   scripts/setup.sh
set -euo pipefail

# Debian packages needed by the tests: a virtual X server, Mesa's software
# OpenGL and the X libraries the window loads at run time (for the screenshot
# check), ImageMagick to take and inspect screenshots, and poppler's pdftotext
# (the baseline the import benchmarks compare with), and git, which the team
# tests merge real branches with. For scripts/package.sh and its check:
# librsvg's renderer for the icons, the desktop-entry and AppStream
# validators, man, xprop, and gio with the MIME database. For the screen
# reader check (scripts/a11y-check.sh): a session bus, the AT-SPI registry,
# and Python's AT-SPI bindings, which read the app as a screen reader does.
packages=(
    git xvfb xauth imagemagick xdotool poppler-utils
    libgl1 libglx-mesa0 libgl1-mesa-dri libegl1
    libxkbcommon-x11-0 libxcursor1 libxi6 libx11-xcb1 libxrandr2
    librsvg2-bin desktop-file-utils appstream man-db x11-utils
    libglib2.0-bin shared-mime-info
    dbus at-spi2-core python3-gi gir1.2-atspi-2.0
)

if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: cargo was not found. Install Rust first: https://rustup.rs" >&2
    exit 1
fi
for tool in fmt clippy; do
    if ! cargo "$tool" --version >/dev/null 2>&1; then
        echo "setup: cargo $tool is missing; install it with: rustup component add ${tool/fmt/rustfmt}" >&2
        exit 1
    fi
done

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
