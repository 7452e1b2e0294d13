#!/usr/bin/env bash
# Checks the packages scripts/package.sh made, as a user gets them: the .deb
# installed with apt (validators on the installed files, the installed
# binary, manual page, completions, file type, the window's class, opening a
# project by its project.ron, then removal leaving nothing in /usr), and the
# release archive installed into a temporary home. Needs root or sudo.
#
#   scripts/package-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

app_id=app.attest.Attest
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
target="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
deb=$(ls -t "$target"/debian/attest_"$version"-*_amd64.deb 2>/dev/null | head -n 1 || true)
archive="$target/release/package/attest-$version-x86_64-linux.tar.gz"
[[ -f "$deb" && -f "$archive" ]] || { echo "package-check: run scripts/package.sh first" >&2; exit 1; }
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
fail() { echo "package-check: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Starts an installed attest under Xvfb with ARGS, waits for a window whose
# title holds TITLE, and prints its WM_CLASS.
window_class() {
    local bin=$1 title=$2
    shift 2
    ATTEST_BIN="$bin" TITLE="$title" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        "$ATTEST_BIN" "$@" >"$HOME/app.log" 2>&1 &
        pid=$!
        for _ in $(seq 1 120); do
            sleep 0.25
            kill -0 "$pid" 2>/dev/null || { cat "$HOME/app.log" >&2; echo "attest exited before showing a window" >&2; exit 1; }
            wid=$(xdotool search --name "$TITLE" 2>/dev/null | head -n 1 || true)
            [[ -n "$wid" ]] && break
        done
        [[ -n "$wid" ]] || { kill "$pid"; echo "no window titled $TITLE appeared" >&2; exit 1; }
        xprop -id "$wid" WM_CLASS
        kill "$pid"; wait "$pid" 2>/dev/null || true
    ' attest "$@"
}

# A home of its own for each app run, so nothing of this user's is touched.
fresh_home() {
    rm -rf "$work/home"
    mkdir -p "$work/home"
    export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
    unset ATTEST_CONFIG_DIR ATTEST_DATA_DIR
}

echo "package-check: the Debian package $deb"
dpkg-query -W attest >/dev/null 2>&1 && $sudo apt-get purge -y -qq attest >/dev/null
[[ ! -e /usr/bin/attest ]] || fail "/usr/bin/attest exists before the package is installed"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$deb" >/dev/null
dpkg -L attest | sort > "$work/files"

desktop-file-validate "/usr/share/applications/$app_id.desktop"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml"
[[ "$(/usr/bin/attest --version)" == "attest $version" ]] || fail "attest --version printed $(/usr/bin/attest --version)"
man -w attest >/dev/null || fail "man -w attest finds no page"
man -w attest-source-add >/dev/null || fail "no manual page for attest source add"
bash -c 'source /usr/share/bash-completion/completions/attest && complete -p attest' >/dev/null \
    || fail "the bash completion does not complete attest"
for size in 48x48 128x128 256x256 512x512; do
    [[ "$(identify -format %wx%h "/usr/share/icons/hicolor/$size/apps/$app_id.png")" == "$size" ]] \
        || fail "the $size icon has the wrong size"
done

# The file type and the app that opens it, as a file manager sees them.
fresh_home
/usr/bin/attest new "$work/home/Story" --title "Package check" >/dev/null
type=$(gio info -a standard::content-type "$work/home/Story/project.ron" | sed -n 's/.*standard::content-type: //p')
[[ "$type" == "application/x-attest-project" ]] || fail "project.ron has the type '$type'"
opener=$(gio mime application/x-attest-project | sed -n 1p)
[[ "$opener" == *"$app_id.desktop"* ]] || fail "project.ron opens with: $opener"

# The installed app on the sample project, then on a project by its file.
class=$(window_class /usr/bin/attest "Attest" sample)
[[ "$class" == *"\"$app_id\""* ]] || fail "the window's WM_CLASS is $class, not $app_id"
class=$(window_class /usr/bin/attest "Package check" "$work/home/Story/project.ron")
echo "package-check: installed app opened a project by its project.ron; $class"

DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq attest >/dev/null
left=$(grep '^/usr/' "$work/files" | while read -r f; do [[ -f "$f" || -L "$f" ]] && echo "$f"; done || true)
[[ -z "$left" ]] || fail "files left in /usr after removal: $left"
echo "package-check: the Debian package installs, runs and leaves nothing behind"

echo "package-check: the release archive $archive"
fresh_home
tar -C "$work" -xzf "$archive"
"$work/attest-$version-x86_64-linux/install.sh" >/dev/null
local_bin="$HOME/.local/bin/attest"
[[ "$("$local_bin" --version)" == "attest $version" ]] || fail "the archive's attest does not run"
desktop="$HOME/.local/share/applications/$app_id.desktop"
desktop-file-validate "$desktop"
grep -q "^Exec=$local_bin %f$" "$desktop" || fail "the archive's desktop entry does not start $local_bin"
MANPATH="$HOME/.local/share/man" man -w attest >/dev/null || fail "the archive's manual page is not found"
class=$(window_class "$local_bin" "Attest" sample)
[[ "$class" == *"\"$app_id\""* ]] || fail "the archive's window has WM_CLASS $class"
"$work/attest-$version-x86_64-linux/install.sh" --uninstall >/dev/null
left=$(cd "$HOME/.local" && find . -type f ! -path './share/mime/*' ! -path './share/attest/*' ! -name mimeinfo.cache)
[[ -z "$left" ]] || fail "files left in ~/.local after --uninstall: $left"
echo "package-check: the release archive installs into ~/.local, runs and uninstalls"
