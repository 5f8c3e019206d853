# Shared by demo.sh and test-all.sh: repo root, Java 25, moto server lifecycle.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "Java 25 not found at $JAVA_HOME: install Temurin 25 or set JAVA_HOME_25" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
# moto (and LocalStack) accept any credentials; never real ones here.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN=testing AWS_REGION=us-east-1
unset AWS_PROFILE

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_moto LOGFILE: starts moto server on a free loopback port; sets MOTO_PID and AWS_ENDPOINT_URL.
start_moto() {
  local port; port="$(free_port)"
  # single-threaded: see moto_serial.py for why
  "$root/.tools/venv/bin/python" "$root/infrastructure/scripts/moto_serial.py" 127.0.0.1 "$port" >"$1" 2>&1 &
  MOTO_PID=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if curl -fsS "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "moto server did not start; see $1" >&2
  return 1
}

stop_moto() {
  if [ -n "${MOTO_PID:-}" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi
}
