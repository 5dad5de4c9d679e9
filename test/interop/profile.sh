# Interop profile for ../shared/interop/run-matrix.sh (see README.md, "Interop with real OAuth clients").
# profile_up starts the built service (npm run build first) on a fresh SQLite database, on loopback, in
# development mode so that PLAINTEXT may be exercised over plain http; it registers the suite's two consumers
# and a resource owner through the CLI, exactly as an administrator would. profile_down stops it.
INTEROP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INTEROP_PORT="${INTEROP_PORT:-$((30000 + RANDOM % 20000))}"
INTEROP_BASE="http://127.0.0.1:$INTEROP_PORT"

export OAUTH_REQUEST_TOKEN_URL="$INTEROP_BASE/plugins/servlet/oauth/request-token"
export OAUTH_AUTHORIZE_URL="$INTEROP_BASE/plugins/servlet/oauth/authorize"
export OAUTH_ACCESS_TOKEN_URL="$INTEROP_BASE/plugins/servlet/oauth/access-token"
export OAUTH_RESOURCE_URL="$INTEROP_BASE/api/diagnostics/echo"
export OAUTH_CALLBACK="http://127.0.0.1:9/oauth-callback"
export OAUTH_APPROVE_CMD="/usr/bin/python3 $INTEROP_ROOT/test/interop/approve.py"
export INTEROP_USERNAME="interop-owner"
INTEROP_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
export INTEROP_PASSWORD
export OAUTH_CONSUMER_KEY="interop-rsa-consumer"
export OAUTH_RSA_PRIVATE_KEY_FILE="$INTEROP_DIR/keys/consumer_rsa.pem"
export OAUTH_HMAC_CONSUMER_KEY="interop-hmac-consumer"
OAUTH_CONSUMER_SECRET="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export OAUTH_CONSUMER_SECRET
export OAUTH_METHODS="RSA-SHA1 HMAC-SHA1 PLAINTEXT"
export OAUTH_TWO_LEGGED=1

INTEROP_DATA=""
INTEROP_PID=""

INTEROP_ENV=()
interop_env() { "${INTEROP_ENV[@]}" "$@"; }

profile_up() {
  INTEROP_DATA="$(mktemp -d)"
  INTEROP_ENV=(env -i PATH="$PATH" HOME="${HOME:-/root}" NODE_ENV=development PORT="$INTEROP_PORT" HOST=127.0.0.1
    PUBLIC_URL="$INTEROP_BASE" DATA_DIR="$INTEROP_DATA" LOG_LEVEL=warn)
  local main="$INTEROP_ROOT/dist/apps/provider/src/main.js" cli="$INTEROP_ROOT/dist/apps/cli/src/main.js"
  [ -f "$main" ] && [ -f "$cli" ] || { echo "profile_up: run 'npm run build' first" >&2; return 1; }
  # exec in the background subshell, so that $! is the service's own PID and profile_down stops it.
  ( exec "${INTEROP_ENV[@]}" node --max-semi-space-size=32 "$main" ) >"$INTEROP_DATA/service.log" 2>&1 &
  INTEROP_PID=$!
  local ready=1
  for _ in $(seq 1 80); do
    if curl -fsS "$INTEROP_BASE/health/ready" >/dev/null 2>&1; then ready=0; break; fi
    sleep 0.25
  done
  [ "$ready" -eq 0 ] || { echo "profile_up: the service did not become ready" >&2; cat "$INTEROP_DATA/service.log" >&2; return 1; }
  printf '%s\n' "$INTEROP_PASSWORD" | interop_env node "$cli" users create "$INTEROP_USERNAME" --display-name "Interop Owner" >/dev/null || return 1
  interop_env node "$cli" consumers create "$OAUTH_CONSUMER_KEY" --name "Interop RSA client" --methods RSA-SHA1 \
    --public-key "$INTEROP_DIR/keys/consumer_rsa.pub.pem" --callback-url "http://127.0.0.1:9" --two-legged yes >/dev/null || return 1
  printf '%s\n' "$OAUTH_CONSUMER_SECRET" | interop_env node "$cli" consumers create "$OAUTH_HMAC_CONSUMER_KEY" --name "Interop HMAC client" \
    --methods HMAC-SHA1,PLAINTEXT --secret-stdin --callback-url "http://127.0.0.1:9" --two-legged yes >/dev/null || return 1
}

profile_down() {
  [ -n "$INTEROP_PID" ] && kill "$INTEROP_PID" 2>/dev/null && wait "$INTEROP_PID" 2>/dev/null
  [ -n "$INTEROP_DATA" ] && rm -rf "$INTEROP_DATA"
  return 0
}
