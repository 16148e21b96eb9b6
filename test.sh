#!/usr/bin/env bash
# Runs every test project (not the benchmarks). Installs what a fresh Debian machine lacks first.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Real shippers for the black-box tests (tests/SecOps.IntegrationTests/Shippers): Debian's official Elasticsearch
# Python client and rsyslog with omelasticsearch; curl for the demo-alert loader.
for package in python3-elasticsearch rsyslog rsyslog-elasticsearch curl postgresql; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
# As root (CI) directly; as any other user through sudo, for apt-get and the database server only.
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "test.sh needs root or sudo to install packages and start PostgreSQL" >&2; exit 1; }
  as_root=(sudo)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== PostgreSQL (the integration suite runs on it as well as on SQLite)"
# Debian's package creates and starts a cluster under systemd; in a container without it, start (or create) it here.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h | grep -q "^$pg_version main" || "${as_root[@]}" pg_createcluster "$pg_version" main >/dev/null
pg_lsclusters -h | grep -q "^$pg_version main .* online" || "${as_root[@]}" pg_ctlcluster "$pg_version" main start
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3 }')
as_postgres() { (cd / && "${as_root[@]}" runuser -u postgres -- "$@"); }  # from /: postgres may not enter the checkout
as_postgres psql -p "$pg_port" -qtAc "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'secops_test') THEN CREATE ROLE secops_test LOGIN CREATEDB PASSWORD 'secops_test'; END IF;
END \$\$; GRANT pg_signal_backend TO secops_test;" >/dev/null  # pg_signal_backend: DROP DATABASE ... WITH (FORCE) after each test app
# Databases an interrupted earlier run left behind.
for stale in $(as_postgres psql -p "$pg_port" -qtAc "SELECT datname FROM pg_database WHERE datname LIKE 'secops\_it\_%'"); do
  as_postgres psql -p "$pg_port" -qtAc "DROP DATABASE IF EXISTS \"$stale\" WITH (FORCE)" >/dev/null
done
export SECOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=secops_test;Password=secops_test"

echo "== Redis (the scale-out tests run two instances on PostgreSQL and Redis)"
# Debian's package starts a server under systemd; in a container without it, start one here (no persistence: tests only).
redis_port=6379
redis-cli -p "$redis_port" ping >/dev/null 2>&1 || redis-server --daemonize yes --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null
# The daemon forks before it listens: wait (bounded) for its first answer.
timeout 10 sh -c "until redis-cli -p $redis_port ping >/dev/null 2>&1; do sleep 0.1; done"
export SECOPS_TEST_REDIS="127.0.0.1:$redis_port"

echo "== build"
dotnet tool restore >/dev/null
dotnet build SecOps.sln -c Release -warnaserror -nologo -v quiet

echo "== published app (Production) smoke check"
./tests/published-smoke.sh

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# Runs one test pass into its own log and records its exit status beside it.
run_pass() {  # name project store filter
  local status=0
  SECOPS_TEST_STORE=$3 dotnet test "$2" -c Release --no-build --nologo ${4:+--filter "$4"} >"$logs/$1.log" 2>&1 || status=$?
  echo "$status" >"$logs/$1.rc"
}
# name | project | store | test filter. The three lanes run at the same time, each its passes one after another (the
# passes share nothing: each test app has its own SQLite file or PostgreSQL database, temporary folder and ports). The
# integration passes keep both cores busy; the browser pass alone leaves about half the CPU idle (Chromium, the app and
# the runner wait on each other), so it runs beside them from the start instead of after them.
lanes=(
  "SecOps.IntegrationTests (PostgreSQL)|tests/SecOps.IntegrationTests|Postgres|Store!=SqliteOnly"
  "SecOps.Tests|tests/SecOps.Tests|Sqlite|;SecOps.IntegrationTests (SQLite)|tests/SecOps.IntegrationTests|Sqlite|Store!=PostgresOnly"
  "SecOps.BrowserTests|tests/SecOps.BrowserTests|Sqlite|"
)
run_lane() {  # "pass;pass;..."
  local pass name project store filter
  IFS=';' read -ra passes <<<"$1"
  for pass in "${passes[@]}"; do
    IFS='|' read -r name project store filter <<<"$pass"
    echo "== $name (started $(date -u +%T))"
    run_pass "$name" "$project" "$store" "$filter"
    echo "== $name ended $(date -u +%T)"
  done
}
pids=()
for lane in "${lanes[@]}"; do
  run_lane "$lane" & pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

passed=0; failed=0; skipped=0; status=0
for lane in "${lanes[@]}"; do
  IFS=';' read -ra passes <<<"$lane"
  for pass in "${passes[@]}"; do
    IFS='|' read -r name _ <<<"$pass"
    log="$logs/$name.log"
    [ "$(cat "$logs/$name.rc" 2>/dev/null || echo 1)" -eq 0 ] || status=1
    # Each failed test with its message and stack, then the summary.
    grep -E -A30 '^\s+Failed ' "$log" | head -n 600 || true
    line=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1 || true)
    p=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$line"); s=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$line")
    if [ -z "$line" ]; then echo "$name: no test summary (build or run failure)"; tail -n 50 "$log"; status=1; fi
    echo "$name: ${p:-0} passed, ${f:-0} failed, ${s:-0} skipped ($(grep -oE 'Duration: [^-]+' <<<"$line" || true))"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  done
done

echo "Total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit $status
