#!/usr/bin/env bash
# Rebuild static/vendor/echarts/echarts.min.js from the npm registry (once, by a developer; the
# output is committed and no Node runs at run time). Needs node + npm; works in a temp copy so no
# node_modules lands in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/entry.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --silent
npx esbuild entry.js --bundle --minify --format=iife --target=es2018 --legal-comments=none \
  --outfile="$here/../../static/vendor/echarts/echarts.min.js"
cp node_modules/echarts/LICENSE "$here/../../static/vendor/echarts/LICENSE"
ls -l "$here/../../static/vendor/echarts/echarts.min.js"
