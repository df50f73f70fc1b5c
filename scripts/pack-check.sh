#!/usr/bin/env bash
# Packs every public package, installs a few of them from the tarballs into a scratch
# project outside the workspace (as a user would), and runs the first ```js example of
# each installed package's README there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/.pack"
rm -rf "$out" && mkdir -p "$out"
pnpm -r --filter './packages/*' exec pnpm pack --pack-destination "$out" >/dev/null
echo "packed $(ls "$out" | wc -l) tarballs into .pack/"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/scall-pack-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
printf '{ "name": "scratch", "private": true, "type": "module" }\n' > package.json
tgz() { ls "$out"/scall-"$1"-*.tgz; }
# contracts + one distribution + the runtime (+ the packages they depend on)
npm install --silent --no-fund --no-audit \
  "$(tgz spec)" "$(tgz rng)" "$(tgz distribution-power-law)" "$(tgz tf-runtime)"

for pkg in spec distribution-power-law tf-runtime; do
  readme="$root/packages/$pkg/README.md"
  awk '/^```(js|javascript|ts|typescript)$/{f=1;next} /^```/{if(f){exit}} f' "$readme" > "example-$pkg.mjs"
  if [ ! -s "example-$pkg.mjs" ]; then echo "no js example in $readme" >&2; exit 1; fi
  echo "running the README example of @scall/$pkg"
  node "example-$pkg.mjs"
done
echo "pack check passed"
