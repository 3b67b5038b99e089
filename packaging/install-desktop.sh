#!/usr/bin/env sh
# Register InferCost with the desktop for the current user: launcher, icon and the
# .infercost file type, so project files open in InferCost from the file manager.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
id=io.infercost.InferCost
install -Dm644 "$here/$id.desktop" "$data/applications/$id.desktop"
install -Dm644 "$here/$id.svg" "$data/icons/hicolor/scalable/apps/$id.svg"
install -Dm644 "$here/$id.mime.xml" "$data/mime/packages/$id.xml"
install -Dm644 "$here/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Installed $id into $data (the 'infercost' command must be on PATH)."
