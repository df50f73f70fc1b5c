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
# contracts (+ their helpers) + one distribution + the runtime (+ the packages they depend on)
npm install --silent --no-fund --no-audit \
  "$(tgz spec)" "$(tgz plugin-utils)" "$(tgz rng)" "$(tgz distribution-power-law)" "$(tgz backend-memory)" "$(tgz tf-runtime)"

run_example() {
  readme="$root/packages/$1/README.md"
  awk '/^```(js|javascript)$/{f=1;next} /^```/{if(f){exit}} f' "$readme" > "example-$1.mjs"
  if [ ! -s "example-$1.mjs" ]; then echo "no js example in $readme" >&2; exit 1; fi
  echo "running the README example of @scall/$1"
  node "example-$1.mjs" > "example-$1.log" 2>&1 || { cat "example-$1.log"; exit 1; }
}
for pkg in spec distribution-power-law tf-runtime; do run_example "$pkg"; done

# Then every public package together: each README example (but the test kit's, which is
# a vitest file, and the report's, which needs run results) runs against the tarballs.
npm install --silent --no-fund --no-audit "$out"/*.tgz
for readme in "$root"/packages/*/README.md; do
  pkg=$(basename "$(dirname "$readme")")
  case "$pkg" in testkit|report) continue ;; esac
  run_example "$pkg"
done
echo "pack check passed"
