#!/usr/bin/env bash
# Validates deploy/ without a Docker engine or a cluster, as far as that goes (README "Deploy" says what is not covered):
#   - the Compose file: Debian's docker-compose (1.29) `config`, which parses, interpolates and checks it without an
#     engine, and the Compose Specification's JSON schema;
#   - the Kubernetes manifests: `kubectl kustomize` of the base and both overlays when kubectl is installed, and every
#     object against the Kubernetes and KEDA schemas, unknown fields included, plus the references between objects;
#   - the Dockerfiles: a lint, and what a build would trip over (COPY sources, ProjectReferences before restore,
#     root user, HEALTHCHECK).
# Installs what it needs on first use (apt: docker-compose, nodejs/npm when missing; npm ci in deploy/validate), then
# takes a few seconds.
set -euo pipefail
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

apt_install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v docker-compose >/dev/null || apt_install docker-compose
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -d "$DEPLOY/validate/node_modules" ] || [ "$DEPLOY/validate/package-lock.json" -nt "$DEPLOY/validate/node_modules" ]; then
  (cd "$DEPLOY/validate" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch node_modules)
fi

status=0
node "$DEPLOY/validate/validate.mjs" || status=1
# docker-compose 1.29 reads the file as the engine-side tools would; `-q` prints nothing when it is valid.
if docker-compose -f "$DEPLOY/docker-compose.yml" config -q; then
  echo "ok    docker-compose $(docker-compose version --short) config deploy/docker-compose.yml"
else
  echo "FAIL  docker-compose config deploy/docker-compose.yml"; status=1
fi
if command -v kubectl >/dev/null; then
  for overlay in base keda hpa; do
    if objects=$(kubectl kustomize "$DEPLOY/kubernetes/$overlay" | grep -c '^kind:'); then
      echo "ok    kubectl kustomize deploy/kubernetes/$overlay: $objects objects"
    else
      echo "FAIL  kubectl kustomize deploy/kubernetes/$overlay"; status=1
    fi
  done
else
  echo "skip  kubectl kustomize (no kubectl here; validate.mjs resolved the kustomizations itself)"
fi
exit $status
