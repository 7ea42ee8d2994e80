#!/usr/bin/env bash
# Publish rehearsal: start Verdaccio on 127.0.0.1 with throwaway storage, publish every public @qmskit package
# with `changeset publish`, then install them in a fresh consumer folder OUTSIDE the repository and prove that
# ESM import, CJS require, TypeScript (node16, nodenext, bundler) and the `qmskit` bin all work.
# Verdaccio is stopped by its PID on exit. See docs/publishing.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT="${VERDACCIO_PORT:-4873}"
REGISTRY="http://127.0.0.1:${PORT}/"
STORE="${VERDACCIO_STORE:-$(mktemp -d "${TMPDIR:-/tmp}/qmskit-verdaccio.XXXXXX")}"
CONSUMER="$(mktemp -d "${TMPDIR:-/tmp}/qmskit-consumer.XXXXXX")"
VPID=""

cleanup() {
  if [ -n "$VPID" ] && kill -0 "$VPID" 2>/dev/null; then
    kill "$VPID" 2>/dev/null || true
    wait "$VPID" 2>/dev/null || true
  fi
  rm -rf "$CONSUMER"
  [ -z "${VERDACCIO_STORE:-}" ] && rm -rf "$STORE"
  return 0
}
trap cleanup EXIT

step() { printf '\n== rehearsal: %s\n' "$*"; }

step "registry dependencies"
if [ ! -x "$ROOT/registry/node_modules/.bin/verdaccio" ]; then
  npm ci --prefix "$ROOT/registry" --no-audit --no-fund --loglevel=error
fi

step "start Verdaccio on ${REGISTRY} (storage ${STORE})"
rm -rf "$STORE" && mkdir -p "$STORE/storage"
cat >"$STORE/config.yaml" <<YAML
storage: ${STORE}/storage
auth:
  htpasswd:
    file: ${STORE}/htpasswd
    max_users: 1
uplinks: {}
packages:
  "@qmskit/*":
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  "**":
    access: \$all
    publish: \$authenticated
web:
  enable: false
middlewares:
  audit:
    enabled: false
log: { type: stdout, format: pretty, level: warn }
YAML
"$ROOT/registry/node_modules/.bin/verdaccio" --config "$STORE/config.yaml" --listen "127.0.0.1:${PORT}" \
  >"$STORE/verdaccio.log" 2>&1 &
VPID=$!
for _ in $(seq 1 60); do
  if curl -sf "${REGISTRY}-/ping" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$VPID" 2>/dev/null; then cat "$STORE/verdaccio.log"; echo "Verdaccio did not start" >&2; exit 1; fi
  sleep 0.5
done
curl -sf "${REGISTRY}-/ping" >/dev/null || { echo "Verdaccio is not answering on ${REGISTRY}" >&2; exit 1; }

step "create the single publishing account"
VERDACCIO_TOKEN="$(curl -sf -X PUT -H 'content-type: application/json' \
  -d '{"name":"qmskit-ci","password":"qmskit-ci-local-only"}' \
  "${REGISTRY}-/user/org.couchdb.user:qmskit-ci" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')"
export VERDACCIO_TOKEN

step "build"
(cd "$ROOT" && npx turbo run build --output-logs=errors-only)

step "changeset publish (no git tags in a rehearsal)"
(cd "$ROOT" && npx changeset publish --no-git-tag)

step "consumer install in ${CONSUMER} (outside the repository)"
cp -R "$ROOT/consumer-smoke/." "$CONSUMER/"
printf '@qmskit:registry=%s\n' "$REGISTRY" >"$CONSUMER/.npmrc"
PKGS=$(cd "$ROOT" && node -e '
  const fs = require("fs");
  const names = fs.readdirSync("packages").map((d) => JSON.parse(fs.readFileSync(`packages/${d}/package.json`, "utf8")))
    .filter((p) => !p.private).map((p) => `${p.name}@${p.version}`);
  console.log(names.join(" "));')
echo "installing: $PKGS"
(cd "$CONSUMER" && npm install --no-audit --no-fund --loglevel=error $PKGS zod@^4.6.7 \
  && npm install --no-audit --no-fund --loglevel=error -D -E typescript@6.0.3 @types/node@20.19.43)

step "smoke: ESM import, CJS require, tsc node16 / nodenext / bundler, qmskit bin"
(cd "$CONSUMER" && npm run --silent smoke)

step "publish rehearsal passed"
