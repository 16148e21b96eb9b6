#!/usr/bin/env bash
# Publishes the app as the Dockerfile does and starts it in Production on loopback: it must serve the
# sign-in page, its static assets (MudBlazor's CSS and JS, Blazor's script), the layout's theme stylesheet and scripts,
# and answer the hub with 401.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$out" "$work"' EXIT
dotnet publish src/SecOps.Web -c Release -o "$out" --nologo -v quiet >/dev/null
port=$((20000 + RANDOM % 20000))
key="soc_smoke-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-key"
(cd "$work" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" SecOps__Bootstrap__ApiKey="$key" \
  dotnet "$out/SecOps.Web.dll" >"$work/app.log" 2>&1) &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 60); do curl -fs "$base/health/live" >/dev/null 2>&1 && break; sleep 0.5; done
check() { # url expected-status what [method]
  code=$(curl -s -o /dev/null -w '%{http_code}' -X "${4:-GET}" "$1")
  if [ "$code" != "$2" ]; then echo "FAIL $3: $1 answered $code, expected $2"; cat "$work/app.log"; exit 1; fi
  echo "ok   $3 ($code)"
}
check "$base/health/ready" 200 "ready"
check "$base/account/login" 200 "sign-in page"
page=$(curl -s "$base/account/login")
for asset in $(grep -oE '(_content/MudBlazor/[^"]+|_framework/blazor\.web[^"]*\.js|css/app[^"]*\.css)' <<<"$page" | sort -u); do
  check "$base/$asset" 200 "asset $asset"
done
check "$base/_content/MudBlazor/MudBlazor.min.js" 200 "MudBlazor script"
check "$base/css/theme.css" 200 "theme stylesheet (MudThemeProvider rendered at start-up)"
check "$base/js/theme-init.js" 200 "theme script"
check "$base/js/layout.js" 200 "layout script"
check "$base/hubs/soc/negotiate?negotiateVersion=1" 401 "hub without credentials" POST
check "$base/api/v1/alerts" 401 "API without credentials"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: ApiKey $key" "$base/hubs/soc/negotiate?negotiateVersion=1")
[ "$code" = 200 ] || { echo "FAIL hub negotiate with an API key answered $code"; cat "$work/app.log"; exit 1; }
echo "ok   hub negotiate with an API key (200)"
if grep -q "Demo account" "$work/app.log"; then echo "FAIL demo accounts must be off in Production"; exit 1; fi
echo "published app: ok"
