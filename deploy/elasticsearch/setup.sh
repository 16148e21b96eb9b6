#!/usr/bin/env bash
# One-shot setup for deploy/compose.elasticsearch.yaml, run in the Elasticsearch image by the "setup" service
# (as Elastic's own docker-compose example does):
#   1. a CA and a certificate for es01 (elasticsearch-certutil), unless they exist;
#   2. once es01 answers over TLS: the SecOps roles (secops-role.json, secops-role-writeback.json) and the audit anchor
#      index (audit-anchors-index.json), made here because SecOps's key may only add documents to it (create_doc);
#   3. an API key for SecOps limited to one of them (write-back variant when SECOPS_WRITE_BACK=true), kept while it
#      still authenticates, and handed to the secops service with the CA certificate through the secops-es volume.
set -euo pipefail

: "${ELASTIC_PASSWORD:?ELASTIC_PASSWORD is required}"
certs=/usr/share/elasticsearch/config/certs
handoff=/secops-es
here=$(dirname "$0")
es=https://es01:9200

if [ ! -f "$certs/ca.zip" ]; then
  echo "Creating the CA"
  bin/elasticsearch-certutil ca --silent --pem -out "$certs/ca.zip"
  unzip -q "$certs/ca.zip" -d "$certs"
fi
if [ ! -f "$certs/certs.zip" ]; then
  echo "Creating the certificate of es01"
  cat > "$certs/instances.yml" <<'YAML'
instances:
  - name: es01
    dns: [es01, localhost]
    ip: [127.0.0.1]
YAML
  bin/elasticsearch-certutil cert --silent --pem -out "$certs/certs.zip" --in "$certs/instances.yml" \
    --ca-cert "$certs/ca/ca.crt" --ca-key "$certs/ca/ca.key"
  unzip -q "$certs/certs.zip" -d "$certs"
fi
# Elasticsearch runs as uid 1000, group 0: the certificates are readable by group root only.
chown -R root:root "$certs"
find "$certs" -type d -exec chmod 750 {} \;
find "$certs" -type f -exec chmod 640 {} \;
# SecOps (uid 1654) gets the CA certificate only, never its key.
install -m 0444 "$certs/ca/ca.crt" "$handoff/ca.crt"

echo "Waiting for es01"
until curl -s --cacert "$certs/ca/ca.crt" "$es" | grep -q "missing authentication credentials"; do sleep 5; done

# as_elastic METHOD PATH BODY: the answer on stdout; fails (with the answer on stderr) unless the status is 2xx.
as_elastic() {
  local answer status
  answer=$(curl -sS --cacert "$certs/ca/ca.crt" -u "elastic:$ELASTIC_PASSWORD" -X "$1" "$es$2" \
    -H 'Content-Type: application/json' --data-binary "$3" -w '\n%{http_code}')
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  if [ "${status:0:1}" != 2 ]; then
    echo "$1 $2 answered $status: $answer" >&2
    return 1
  fi
  printf '%s' "$answer"
}

put_role() {
  as_elastic PUT "/_security/role/$1" "@$2" >/dev/null
  echo "Role $1 is in place"
}
put_role secops "$here/secops-role.json"
put_role secops_writeback "$here/secops-role-writeback.json"

# The audit chain's anchors (SecOps__Audit__ElasticsearchAnchorIndex): created once, with a strict mapping.
anchors=secops-audit-anchors
if [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$certs/ca/ca.crt" -u "elastic:$ELASTIC_PASSWORD" -I "$es/$anchors")" = 200 ]; then
  echo "Index $anchors is in place"
else
  as_elastic PUT "/$anchors" "@$here/audit-anchors-index.json" >/dev/null
  echo "Created index $anchors"
fi

role_file="$here/secops-role.json"
role_name=secops
if [ "${SECOPS_WRITE_BACK:-false}" = "true" ]; then
  role_file="$here/secops-role-writeback.json"
  role_name=secops_writeback
fi

key_file="$handoff/api-key"
if [ -s "$key_file" ] && [ -s "$handoff/api-key.role" ] && [ "$(cat "$handoff/api-key.role")" = "$role_name" ] \
   && curl -s -o /dev/null -w '%{http_code}' --cacert "$certs/ca/ca.crt" -H "Authorization: ApiKey $(cat "$key_file")" \
        "$es/_security/_authenticate" | grep -q '^200$'; then
  echo "The SecOps API key still authenticates; kept"
else
  # The key's privileges are the intersection of the role below and its owner's (the elastic superuser): the role.
  body=$(printf '{"name":"secops","expiration":"%s","metadata":{"created_by":"deploy/elasticsearch/setup.sh"},"role_descriptors":{"%s":%s}}' \
    "${SECOPS_API_KEY_EXPIRATION:-90d}" "$role_name" "$(tr -d '\n' < "$role_file")")
  answer=$(as_elastic POST /_security/api_key "$body")
  encoded=$(printf '%s' "$answer" | sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p')
  [ -n "$encoded" ] || { echo "No API key in the answer" >&2; exit 1; }
  umask 077
  printf '%s' "$encoded" > "$key_file"
  printf '%s' "$role_name" > "$handoff/api-key.role"
  echo "Created an API key for SecOps with role $role_name"
fi
chown 1654:1654 "$key_file" "$handoff/api-key.role"
chmod 0400 "$key_file"
echo "Setup done"
