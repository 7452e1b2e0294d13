#!/bin/sh
# Installs Attest from this release archive into ~/.local (or PREFIX), for
# systems without apt; no root needed.
#
#   ./install.sh               install into ${PREFIX:-$HOME/.local}
#   ./install.sh --uninstall   remove what it installed there
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
app_id=app.attest.Attest

# Every file of the archive under bin/ and share/, relative to the prefix.
files=$(cd "$here" && find bin share -type f | sort)

refresh() {
    # Menu, MIME and icon caches, where their tools are installed.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$prefix/share/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$prefix/share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    for f in $files; do
        rm -f "$prefix/$f"
    done
    refresh
    echo "Removed Attest from $prefix"
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--uninstall]" >&2
    exit 2
fi

for f in $files; do
    mkdir -p "$(dirname "$prefix/$f")"
    if [ "$f" = "share/applications/$app_id.desktop" ]; then
        # The menu may not search ~/.local/bin: start the binary by its path.
        sed -e "s|^Exec=attest |Exec=$prefix/bin/attest |" -e "s|^TryExec=attest\$|TryExec=$prefix/bin/attest|" \
            "$here/$f" > "$prefix/$f"
        chmod 644 "$prefix/$f"
    else
        cp "$here/$f" "$prefix/$f"
    fi
done
refresh
echo "Installed Attest into $prefix"
case ":${PATH:-}:" in
    *":$prefix/bin:"*) ;;
    *) echo "Note: $prefix/bin is not on your PATH; start Attest from the menu, or add it to PATH." ;;
esac
