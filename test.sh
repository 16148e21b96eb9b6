#!/usr/bin/env bash
# Runs every test project (not the benchmarks). Installs what a fresh Debian machine lacks first.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Real shippers for the black-box tests (tests/SecOps.IntegrationTests/Shippers): Debian's official Elasticsearch
# Python client and rsyslog with omelasticsearch; curl for the demo-alert loader.
for package in python3-elasticsearch rsyslog rsyslog-elasticsearch curl; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  # As root (CI) directly; as any other user through sudo, for apt-get only.
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh needs root or sudo to install ${need[*]}" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== build"
dotnet tool restore >/dev/null
dotnet build SecOps.sln -c Release -warnaserror -nologo -v quiet

echo "== published app (Production) smoke check"
./tests/published-smoke.sh

passed=0; failed=0; skipped=0; status=0
for project in tests/SecOps.Tests tests/SecOps.IntegrationTests tests/SecOps.BrowserTests; do
  [ -d "$project" ] || continue
  name=$(basename "$project")
  echo "== $name"
  log=$(mktemp)
  if ! dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"; then status=1; fi
  line=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1 || true)
  p=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$line"); s=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$line")
  if [ -z "$line" ]; then echo "$name: no test summary (build or run failure)"; status=1; fi
  echo "$name: ${p:-0} passed, ${f:-0} failed, ${s:-0} skipped"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  rm -f "$log"
done

echo "Total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit $status
