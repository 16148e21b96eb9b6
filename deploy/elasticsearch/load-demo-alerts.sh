#!/usr/bin/env bash
# Bulk-loads realistic Elastic Security alert documents (the shape Kibana's detection engine writes to
# .alerts-security.alerts-<space>: kibana.alert.* fields, ECS entities, MITRE ATT&CK threat) into Elasticsearch,
# so SecOps's alert tail has something to read. Needs bash, curl and GNU or BSD date.
#
#   ES_URL=https://localhost:9200 ES_CA_CERT=ca.crt ES_USER=elastic ES_PASSWORD=... deploy/elasticsearch/load-demo-alerts.sh
#   (ca.crt: docker compose -f deploy/compose.elasticsearch.yaml cp es01:/usr/share/elasticsearch/config/certs/ca/ca.crt .)
#
# Options: --count N (default 60), --index NAME (default the alias .alerts-security.alerts-demo),
#          --no-index-setup (skip creating the index; for targets that only take _bulk, such as SecOps's own
#          Elasticsearch-compatible endpoint: ES_URL=http://127.0.0.1:5080/api/v1/elastic ES_API_KEY=<SecOps key>).
# Auth: ES_API_KEY (Elasticsearch's encoded key) or ES_USER and ES_PASSWORD.
set -euo pipefail

count=60
index=.alerts-security.alerts-demo
setup_index=true
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --index) index=$2; shift 2 ;;
    --no-index-setup) setup_index=false; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
: "${ES_URL:?set ES_URL, e.g. https://localhost:9200}"
case "$count" in ''|*[!0-9]*) echo "--count must be a number" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
url=${ES_URL%/}

curl_args=(-sS)
[ -n "${ES_CA_CERT:-}" ] && curl_args+=(--cacert "$ES_CA_CERT")
if [ -n "${ES_API_KEY:-}" ]; then
  curl_args+=(-H "Authorization: ApiKey $ES_API_KEY")
elif [ -n "${ES_USER:-}" ]; then
  curl_args+=(-u "$ES_USER:${ES_PASSWORD:?set ES_PASSWORD with ES_USER}")
fi

# call METHOD PATH CONTENT-TYPE BODY-FILE: sets $answer (the body) and $status (the HTTP status).
call() {
  answer=$(curl "${curl_args[@]}" -X "$1" "$url$2" -H "Content-Type: $3" --data-binary "@$4" -w '\n%{http_code}')
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
}

iso() { # epoch seconds -> ISO 8601 UTC with milliseconds
  date -u -d "@$1" +%Y-%m-%dT%H:%M:%S.000Z 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%S.000Z
}

uuid() {
  if [ -r /proc/sys/kernel/random/uuid ]; then cat /proc/sys/kernel/random/uuid; else uuidgen | tr 'A-Z' 'a-z'; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$setup_index" = true ]; then
  concrete=".internal${index}-000001"
  call PUT "/$concrete" application/json "$here/demo-alerts-index.json"
  case "$status" in
    2*) echo "Created $concrete (alias $index)" ;;
    400) printf '%s' "$answer" | grep -q resource_already_exists_exception || { echo "Creating $concrete failed: $answer" >&2; exit 1; }
         echo "$concrete exists" ;;
    *) echo "Creating $concrete failed ($status): $answer" >&2; exit 1 ;;
  esac
fi

# Scenarios: rule name|rule id|severity|risk|tactic id|tactic|technique id|technique|category|action|reason template
scenarios=(
  "SQL injection blocked by WAF|waf-sqli-001|high|73|TA0001|Initial Access|T1190|Exploit Public-Facing Application|web|sql_injection|SQL injection attempt on /api/orders from %src% against %host%"
  "Cross-site scripting in query string|waf-xss-002|medium|47|TA0001|Initial Access|T1189|Drive-by Compromise|web|xss|Reflected XSS payload in a request from %src% to %host%"
  "Bot traffic rate limit exceeded|waf-rate-003|low|21|TA0040|Impact|T1499|Endpoint Denial of Service|web|rate_limit|%src% exceeded the request rate limit on %host%"
  "SSH brute force|auth-bf-004|high|73|TA0006|Credential Access|T1110|Brute Force|authentication|ssh_login|Repeated failed SSH logins for %user% from %src% on %host%"
  "MFA push fatigue|auth-mfa-005|high|78|TA0006|Credential Access|T1621|Multi-Factor Authentication Request Generation|authentication|mfa_push|12 MFA push requests to %user% within 5 minutes from %src%"
  "Impossible travel sign-in|auth-travel-006|medium|55|TA0001|Initial Access|T1078|Valid Accounts|authentication|logged-in|%user% signed in from %src% 40 minutes after a sign-in 6,000 km away"
  "Privileged role granted outside change window|iam-role-007|critical|91|TA0004|Privilege Escalation|T1098|Account Manipulation|iam|role_assigned|%user% was granted the Global Administrator role on %host%"
  "Container image with critical CVE deployed|vuln-img-008|high|70|TA0002|Execution|T1610|Deploy Container|package|image_deployed|Image payments-api:1.14.2 with CVE-2024-3094 deployed on %host%"
  "IDS: ET EXPLOIT Apache Struts OGNL injection|ids-struts-009|critical|94|TA0001|Initial Access|T1190|Exploit Public-Facing Application|intrusion_detection|network_alert|Suricata signature 2024094 matched traffic from %src% to %host%"
  "Large outbound transfer to rare destination|exfil-010|critical|90|TA0010|Exfiltration|T1048|Exfiltration Over Alternative Protocol|network|connection_attempted|%host% sent 4.2 GB to %dst%, a destination not seen in 30 days"
)
hosts=(web-prod-01 web-prod-02 api-gw-01 db-prod-01 k8s-node-03 vpn-01)
users=(alice.meyer bob.schulz svc-deploy carol.jones admin.backup dave.kim)
sources=(203.0.113.7 198.51.100.23 192.0.2.44 203.0.113.150 198.51.100.99 45.83.64.1)
destinations=(185.220.101.5 104.21.33.7 10.20.0.15 172.16.4.20)

now=$(date -u +%s)
bulk="$work/bulk.ndjson"
: > "$bulk"
for ((i = 0; i < count; i++)); do
  IFS='|' read -r rule rule_id severity risk tactic_id tactic technique_id technique category action reason <<< "${scenarios[$((i % ${#scenarios[@]}))]}"
  # Recurring entities, so grouping and incidents have something to join on.
  host=${hosts[$((i * 7 % ${#hosts[@]}))]}
  user=${users[$((i * 5 % ${#users[@]}))]}
  src=${sources[$((i * 3 % ${#sources[@]}))]}
  dst=${destinations[$((i % ${#destinations[@]}))]}
  id=$(uuid)
  at=$(iso $((now - (count - i) * 30)))
  original=$(iso $((now - (count - i) * 30 - 2)))
  reason=${reason//%src%/$src}; reason=${reason//%dst%/$dst}; reason=${reason//%host%/$host}; reason=${reason//%user%/$user}
  printf '{"create":{"_index":"%s","_id":"%s"}}\n' "$index" "$id" >> "$bulk"
  printf '{"@timestamp":"%s","kibana.alert.uuid":"%s","kibana.alert.start":"%s","kibana.alert.original_time":"%s","kibana.alert.status":"active","kibana.alert.workflow_status":"open","kibana.alert.depth":1,"kibana.alert.severity":"%s","kibana.alert.risk_score":%s,"kibana.alert.reason":"%s","kibana.alert.rule.name":"%s","kibana.alert.rule.rule_id":"%s","kibana.alert.rule.uuid":"%s","kibana.alert.rule.category":"Custom Query Rule","kibana.alert.rule.rule_type_id":"siem.queryRule","kibana.alert.rule.consumer":"siem","kibana.alert.rule.producer":"siem","kibana.alert.rule.severity":"%s","kibana.alert.rule.risk_score":%s,"kibana.alert.rule.enabled":true,"kibana.alert.rule.threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"%s","name":"%s","reference":"https://attack.mitre.org/tactics/%s/"},"technique":[{"id":"%s","name":"%s","reference":"https://attack.mitre.org/techniques/%s/"}]}],"kibana.space_ids":["default"],"kibana.version":"8.17.0","event.kind":"signal","event.category":["%s"],"event.action":"%s","event.dataset":"secops.demo","host":{"name":"%s","os":{"family":"linux"}},"user":{"name":"%s"},"source":{"ip":"%s"},"destination":{"ip":"%s"},"ecs":{"version":"8.11.0"},"tags":["secops-demo"]}\n' \
    "$at" "$id" "$at" "$original" "$severity" "$risk" "$reason" "$rule" "$rule_id" "$rule_id" "$severity" "$risk" \
    "$tactic_id" "$tactic" "$tactic_id" "$technique_id" "$technique" "$technique_id" "$category" "$action" "$host" "$user" "$src" "$dst" >> "$bulk"
done

call POST "/_bulk?refresh=wait_for" application/x-ndjson "$bulk"
if [ "${status:0:1}" != 2 ]; then
  echo "_bulk answered $status: $answer" >&2
  exit 1
fi
if printf '%s' "$answer" | grep -q '"errors":true'; then
  echo "_bulk reported item errors: $answer" >&2
  exit 1
fi
echo "Loaded $count demo alerts into $index"
