#!/usr/bin/env bash
# mujaz's search against Pagefind: bytes before a first result on the
# 2,500-brief corpus and on the example site, and recall on the query set.
#
#   bash bench/search_compare.sh [N]        (N briefs, 2500 by default)
#
# Needs the release binary (cargo build --release), Chromium, node and the
# `pagefind` npm package, installed here into bench/node_modules (git-ignored).
# Pagefind indexes only the briefs and plain pages (their <main> gets
# data-pagefind-body), as mujaz's index does.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
n=${1:-2500}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mujaz="${CARGO_TARGET_DIR:-$repo/target}/release/mujaz"
[ -x "$here/node_modules/.bin/pagefind" ] || (cd "$here" && npm install --no-save --silent pagefind@1.6.0)
pagefind() {
  find "$1" -path '*/briefs/*/index.html' -o -path '*/about/index.html' -o -path '*/methodology/index.html' |
    xargs sed -i 's/<main id="main"/<main data-pagefind-body id="main"/'
  "$here/node_modules/.bin/pagefind" --site "$1" --output-subdir pagefind >/dev/null
}

python3 "$repo/../shared/bench/gen_corpus.py" --n "$n" --format mujaz --out "$work/corpus" >/dev/null
(cd "$work/corpus" && "$mujaz" build --quiet --output "$work/corpus-out")
pagefind "$work/corpus-out"
(cd "$repo" && "$mujaz" build --quiet --output "$work/example-out")
pagefind "$work/example-out"

echo "## $n briefs"
node "$here/search_transfer.mjs" transfer "$work/corpus-out" ar الخلايا مفاوضات
node "$here/search_transfer.mjs" transfer "$work/corpus-out" en cells negotiations
echo "## example site"
node "$here/search_transfer.mjs" transfer "$work/example-out" ar خلايا
node "$here/search_transfer.mjs" transfer "$work/example-out" en attack
echo "## query set on the example site"
node "$here/search_transfer.mjs" recall "$work/example-out"
