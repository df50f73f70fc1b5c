#!/usr/bin/env bash
# Rebuilds packages/kernels/wasm/*.wat with the pinned wabt (scripts/build-wasm.mjs, run on
# a scratch copy so the tree is not touched) and fails if the committed base64 modules in
# packages/kernels/src/*-wasm-binary.ts differ: a .wat edited without `pnpm --filter
# @scall/kernels build:wasm` would otherwise ship stale bytes unseen.
set -euo pipefail
cd "$(dirname "$0")/.."
kernels=packages/kernels
# Inside the package, so the copy resolves the package's own `wabt`.
scratch=$(mktemp -d "$kernels/.wasm-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/scripts" "$scratch/src"
cp "$kernels/scripts/build-wasm.mjs" "$scratch/scripts/"
cp -r "$kernels/wasm" "$scratch/wasm"
node "$scratch/scripts/build-wasm.mjs" >/dev/null
status=0
for generated in "$scratch"/src/*-wasm-binary.ts; do
  committed="$kernels/src/$(basename "$generated")"
  if [ ! -f "$committed" ]; then
    echo "check-wasm: $committed is missing (run: pnpm --filter @scall/kernels build:wasm)" >&2
    status=1
  elif ! cmp -s "$generated" "$committed"; then
    echo "check-wasm: $committed is stale: it does not match wasm/$(basename "$generated" -wasm-binary.ts).wat (run: pnpm --filter @scall/kernels build:wasm)" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "check-wasm: $(ls "$scratch"/src/*-wasm-binary.ts | wc -l) WebAssembly modules match their .wat sources"
exit "$status"
