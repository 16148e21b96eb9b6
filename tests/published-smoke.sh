#!/usr/bin/env bash
# Publishes the app as the Dockerfile does and starts it in Production on loopback the way an install starts it:
# `dotnet /path/to/publish/SecOps.Web.dll`, from a folder unrelated to the app, then from the publish folder, then from a
# third folder. Every start must serve the sign-in page and the signed-in board page with each asset they reference
# byte-identical to the publish output and with the right Content-Type, log its data directory, and use the default
# store and keys beside the app (never the working directory): an API key and an administrator created on the first
# start still work on the later ones. A web root without Blazor's script must refuse to start.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The documented Production default is under test: nothing from the caller may move the store, keys or content root.
unset SecOps__DataDirectory ConnectionStrings__SecOps SecOps__Secrets__Directory ASPNETCORE_CONTENTROOT DOTNET_CONTENTROOT

root=$(mktemp -d)
out="$root/publish"
logs="$root/logs"
mkdir -p "$logs" "$root/elsewhere" "$root/third" "$root/empty-webroot"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$root"' EXIT
dotnet publish src/SecOps.Web -c Release -o "$out" --nologo -v quiet >/dev/null
manifest="$out/SecOps.Web.staticwebassets.endpoints.json"
data="$out/data"

key="soc_smoke-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-key"
admin_email="smoke-admin@example.test"
admin_password="Smoke-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-9"
# Administrators must use TOTP: the first administrator is pre-enrolled with this secret and the smoke computes codes.
admin_totp=$(head -c 20 /dev/urandom | base32 | tr -d '=\n')
# A code works once: each sign-in must use a later time step than the one before. The app accepts up to two steps of
# clock drift either way, so a sign-in within the same 30 s as the last one uses the next step instead of waiting.
totp_last_step=0
totp() { # base32-secret -> a six-digit code (RFC 6238, SHA-1, 30 s) for the current step, or the one after the last used
  local step
  step=$(python3 -c 'import time; print(int(time.time())//30)')
  [ "$step" -gt "$totp_last_step" ] || step=$((totp_last_step + 1))
  totp_last_step=$step
  python3 -c 'import base64,hmac,struct,sys
k=base64.b32decode(sys.argv[1]); h=hmac.new(k,struct.pack(">Q",int(sys.argv[2])),"sha1").digest(); o=h[-1]&15
print("%06d"%((struct.unpack(">I",h[o:o+4])[0]&0x7fffffff)%1000000))' "$1" "$step"
}
log=

fail() { echo "FAIL $*"; [ -n "$log" ] && [ -f "$log" ] && cat "$log"; exit 1; }

free_port() { # a loopback port nothing listens on now (another process may still take it before the app does)
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() { # working-folder log-name [VAR=value ...]: starts the published app from that folder
  local folder=$1 name=$2; shift 2
  log="$logs/$name.log"
  local attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    base="http://127.0.0.1:$port"
    env -C "$folder" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" "$@" dotnet "$out/SecOps.Web.dll" >"$log" 2>&1 &
    pid=$!
    local deadline=$((SECONDS + 60)) exited=
    until curl -fs "$base/health/live" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null; then exited=1; break; fi
      [ $SECONDS -lt $deadline ] || fail "the app started from $folder did not answer within 60 s"
      sleep 0.2
    done
    [ -z "$exited" ] && { echo "== started from $folder"; return; }
    # Tests running alongside may take the port between the probe and the app's bind: try another one.
    grep -q "address already in use" "$log" || fail "the app started from $folder exited"
    wait "$pid" 2>/dev/null || true
    pid=
    echo "== port $port was taken before the app bound it (attempt $attempt); trying another"
  done
  fail "the app started from $folder could not bind a port in 3 attempts"
}

stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

check() { # url expected-status what [curl options...]
  local url=$1 expected=$2 what=$3; shift 3
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url")
  [ "$code" = "$expected" ] || fail "$what: $url answered $code, expected $expected"
  echo "ok   $what ($code)"
}

expected_type() { # path: the Content-Type its extension must be served with
  case "$1" in
    *.css) echo text/css ;;
    *.js) echo text/javascript ;;
    *.svg) echo image/svg+xml ;;
    *) fail "no expected Content-Type for $1" ;;
  esac
}

published_file() { # URL path: the file in the publish output that the route serves (fingerprinted names included)
  python3 - "$manifest" "$1" <<'EOF'
import json, sys
endpoints = json.load(open(sys.argv[1]))["Endpoints"]
print(next((e["AssetFile"] for e in endpoints if e["Route"] == sys.argv[2] and not e.get("Selectors")), ""))
EOF
}

check_asset() { # URL path without the leading slash
  local path=$1 file type body headers
  file=$(published_file "$path")
  [ -n "$file" ] && [ -f "$out/wwwroot/$file" ] || fail "asset $path: no file in the publish output's wwwroot"
  body="$root/body" headers="$root/headers"
  curl -s -D "$headers" -o "$body" "$base/$path"
  grep -qE '^HTTP/[0-9.]+ 200' "$headers" || fail "asset $path: $(head -n 1 "$headers")"
  cmp -s "$body" "$out/wwwroot/$file" || fail "asset $path: $(wc -c <"$body") bytes served differ from wwwroot/$file ($(wc -c <"$out/wwwroot/$file") bytes)"
  type=$(sed -nE 's/^[Cc]ontent-[Tt]ype: *([^;[:space:]]+).*/\1/p' "$headers")
  [ "$type" = "$(expected_type "$file")" ] || fail "asset $path: Content-Type '$type', expected $(expected_type "$file")"
  # Compressed as a browser asks for it (gzip, br): the same bytes once decoded.
  curl -s --compressed -o "$body" "$base/$path"
  cmp -s "$body" "$out/wwwroot/$file" || fail "asset $path: the compressed answer decodes to other bytes than wwwroot/$file"
  echo "ok   asset $path = wwwroot/$file ($(wc -c <"$body") bytes, $type)"
}

references() { # page HTML on stdin: the local src/href references that are files (not pages, not the generated theme)
  grep -oE '(src|href)="[^"]+"' | sed -E 's/^(src|href)="//; s/"$//; s/[?#].*$//; s#^/##' \
    | grep -vE '^(https?:|data:|$)' | grep -E '\.(css|js|svg)$' | grep -vx 'css/theme.css' | sort -u
}

check_pages() {
  check "$base/health/ready" 200 "ready"
  local jar="$root/cookies" login board
  rm -f "$jar"
  login=$(curl -fsS -c "$jar" "$base/account/login") || fail "sign-in page"
  echo "ok   sign-in page"
  for path in $(references <<<"$login"); do check_asset "$path"; done
  # Sign in as the bootstrap administrator through the page's own form, then load the board page.
  local token
  token=$(sed -nE 's/.*name="__RequestVerificationToken" value="([^"]+)".*/\1/p' <<<"$login" | head -n 1)
  [ -n "$token" ] || fail "no antiforgery token on the sign-in page"
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Email=$admin_email" --data-urlencode "Input.Password=$admin_password" "$base/account/login"
  if grep -q 'secops.auth' "$jar"; then fail "an administrator was signed in without the second step"; fi
  local second
  second=$(curl -fsS -b "$jar" -c "$jar" "$base/account/login/mfa") || fail "second-step page"
  token=$(sed -nE 's/.*name="__RequestVerificationToken" value="([^"]+)".*/\1/p' <<<"$second" | head -n 1)
  [ -n "$token" ] || fail "no second-step form after the administrator's password"
  local code
  totp "$admin_totp" > "$root/totp-code"  # not in a subshell: the step used must be remembered
  code=$(cat "$root/totp-code")
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_handler=mfa" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Code=$code" "$base/account/login/mfa"
  grep -q 'secops.auth' "$jar" || fail "signing in as the bootstrap administrator (password and TOTP) set no auth cookie"
  board=$(curl -fsS -b "$jar" "$base/triage") || fail "board page"
  grep -q 'js/layout' <<<"$board" || fail "the board page did not render the interactive layout"
  echo "ok   board page, signed in"
  for path in $(references <<<"$board"); do check_asset "$path"; done
  # Always checked, whatever the pages reference: Blazor's script by its plain name and every script the pages import.
  check_asset "_framework/blazor.web.js"
  for file in "$out"/wwwroot/js/*.js; do check_asset "js/$(basename "$file")"; done
  local theme="$root/theme.css" answer
  answer=$(curl -s -o "$theme" -w '%{http_code} %{content_type}' "$base/css/theme.css")
  [[ "$answer" =~ ^200\ text/css($|;) ]] && grep -q -- '--mud-palette' "$theme" \
    || fail "theme stylesheet (MudThemeProvider rendered at start-up): $answer"
  echo "ok   theme stylesheet (generated, text/css)"
  check "$base/hubs/soc/negotiate?negotiateVersion=1" 401 "hub without credentials" -X POST
  check "$base/api/v1/alerts" 401 "API without credentials"
  check "$base/hubs/soc/negotiate?negotiateVersion=1" 200 "hub negotiate with the API key" -X POST -H "Authorization: ApiKey $key"
  local alerts
  alerts=$(curl -fsS -H "Authorization: ApiKey $key" "$base/api/v1/alerts") || fail "the API key issued on the first start was refused"
  grep -q '"items"' <<<"$alerts" || fail "GET /api/v1/alerts with the API key: no items in $alerts"
  echo "ok   the API key issued on the first start reads alerts"
  grep -q "Data directory $data " "$log" || fail "start-up did not log the data directory $data"
  echo "ok   start-up logs the data directory $data"
  if grep -q "Demo account" "$log"; then fail "demo accounts must be off in Production"; fi
}

# 1. From an unrelated folder, creating the administrator and the API key.
start "$root/elsewhere" first SecOps__Bootstrap__ApiKey="$key" \
  SecOps__Bootstrap__AdminEmail="$admin_email" SecOps__Bootstrap__AdminPassword="$admin_password" \
  SecOps__Bootstrap__AdminTotpSecret="$admin_totp"
check_pages
stop
[ -f "$data/secops.db" ] && [ -f "$data/keys/api-key-hash.key" ] || fail "the store and keys are not in $data"
[ -z "$(ls -A "$root/elsewhere")" ] || fail "the app wrote into its working directory: $(ls -A "$root/elsewhere")"
echo "ok   store and keys in $data, nothing in the working directory"

# 2. From the publish folder, 3. from a third folder: no bootstrap variables, the same store and keys.
start "$out" second
check_pages
stop
start "$root/third" third
check_pages
stop
[ -z "$(ls -A "$root/third")" ] || fail "the app wrote into its working directory: $(ls -A "$root/third")"

# A web root without Blazor's script: the app refuses to start and says why.
log="$logs/refused.log"
if env -C "$root/third" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:0" \
  timeout 60 dotnet "$out/SecOps.Web.dll" --webroot "$root/empty-webroot" >"$log" 2>&1; then
  fail "the app started with a web root lacking Blazor's script"
fi
grep -q "web root '$root/empty-webroot' has no _framework/blazor.web.js" "$log" || fail "no clear message for a web root without Blazor's script"
echo "ok   a web root without _framework/blazor.web.js refuses to start with a clear message"
echo "published app: ok"
