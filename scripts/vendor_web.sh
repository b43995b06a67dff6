#!/bin/sh
# Refreshes the JavaScript that 'entgraph build -f html' puts in graph.html:
# the published minified builds of sigma.js 3, graphology and
# graphology-library (for ForceAtlas2 in a web worker), at the pinned
# versions below, with their licence texts, into src/web/vendor/. Run it by
# hand to move a version; the build never fetches anything (the files are
# committed and compiled into the binary by scripts/gen_web_assets.py).
# usage: scripts/vendor_web.sh
set -eu
SIGMA=3.0.3
GRAPHOLOGY=0.26.0
LIBRARY=0.8.0
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/web/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "sigma@$SIGMA" "graphology@$GRAPHOLOGY" "graphology-library@$LIBRARY" >/dev/null
for t in sigma-$SIGMA graphology-$GRAPHOLOGY graphology-library-$LIBRARY; do
    mkdir "$t" && tar xzf "$t.tgz" -C "$t"
done
mkdir -p "$dest"
cp "sigma-$SIGMA/package/dist/sigma.min.js" "$dest/sigma.min.js"
cp "sigma-$SIGMA/package/LICENSE.txt" "$dest/sigma.LICENSE.txt"
cp "graphology-$GRAPHOLOGY/package/dist/graphology.umd.min.js" "$dest/graphology.umd.min.js"
cp "graphology-$GRAPHOLOGY/package/LICENSE.txt" "$dest/graphology.LICENSE.txt"
cp "graphology-library-$LIBRARY/package/dist/graphology-library.min.js" "$dest/graphology-library.min.js"
cp "graphology-library-$LIBRARY/package/LICENSE.txt" "$dest/graphology-library.LICENSE.txt"
cat > "$dest/VERSIONS" <<VERS
# npm packages vendored by scripts/vendor_web.sh (MIT licences beside them)
sigma $SIGMA dist/sigma.min.js
graphology $GRAPHOLOGY dist/graphology.umd.min.js
graphology-library $LIBRARY dist/graphology-library.min.js
VERS
# strip the source-map comments: the maps are not shipped
for f in "$dest"/*.js; do sed -i 's#//\# sourceMappingURL=.*$##' "$f"; done
echo "vendored into $dest:" && cat "$dest/VERSIONS"
