#!/usr/bin/env bash
# What a newcomer gets: the repository as git would clone it (tracked files plus new,
# not-ignored ones — no node_modules, no build output), copied into an empty temporary
# directory with no ../shared beside it, then the README's commands with nothing but
# Node and npm on the PATH: `npx --yes pnpm@<pinned> install` (which must print no error
# stack) and `npx --yes pnpm@<pinned> test`. Set SCALL_CHECK_QUICKSTART=1 to also run the
# README's `start` (a few minutes) and check that it printed the report path.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
parent=$(mktemp -d "${TMPDIR:-/tmp}/scall-fresh-clone.XXXXXX")
trap 'rm -rf "$parent"' EXIT
clone="$parent/scall-ts"
mkdir -p "$clone"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  [ -e "$file" ] && printf '%s\0' "$file"
done | (cd "$root" && xargs -0 cp --parents -t "$clone")
[ ! -e "$parent/shared" ] || { echo "fresh-clone check: $parent/shared exists" >&2; exit 1; }
echo "fresh clone in $clone ($(find "$clone" -type f | wc -l) files, no ../shared)"

cd "$clone"
# Only Node and npm: hide any pnpm already on the PATH and the data folder override.
export PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v 'pnpm' | paste -sd: -)
unset SCALL_DATA_DIR
pnpm_cmd=(npx --yes "pnpm@$pnpm_version")
start=$(date +%s)
"${pnpm_cmd[@]}" install 2>&1 | tee "$parent/install.log"
if grep -Eq '^\s+at .+:[0-9]+:[0-9]+\)?$|ERR_PNPM|ENOTFOUND|getaddrinfo' "$parent/install.log"; then
  echo "fresh-clone check: the install printed an error or a stack trace (above)" >&2
  exit 1
fi
echo "fresh-clone check: install took $(( $(date +%s) - start )) s"
start=$(date +%s)
"${pnpm_cmd[@]}" test
echo "fresh-clone check: the README's test command passed in $(( $(date +%s) - start )) s"
if [ "${SCALL_CHECK_QUICKSTART:-0}" = 1 ]; then
  start=$(date +%s)
  "${pnpm_cmd[@]}" start 2>&1 | tee "$parent/start.log"
  grep -q 'report: .*report\.html' "$parent/start.log" || { echo "fresh-clone check: pnpm start printed no report path" >&2; exit 1; }
  echo "fresh-clone check: the README's start command passed in $(( $(date +%s) - start )) s"
fi
