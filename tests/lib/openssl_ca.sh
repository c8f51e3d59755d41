# shellcheck shell=sh
# Certificates made by the openssl CLI, independent of fedharness's own PKI
# code, for tests of how chains are judged. Sourced by a test after
# tests/lib/setup.sh; works in the current folder.

# The seed topology's names, for leaves that pass every name check.
seed_sans="DNS:sip.contoso.com,DNS:webcon.contoso.com,DNS:sip.fabrikam.com,DNS:contoso.com,DNS:fabrikam.com"
leaf_extensions="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$seed_sans"
ca_extensions="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign"

# key NAME: NAME.key, EC P-256.
key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
}

# cert NAME[=CN] ISSUER EXTENSION...: NAME.pem for NAME.key (made if
# missing), subject CN=CN (NAME when not given), valid 90 days, signed by
# ISSUER (itself when ISSUER is -), with the extensions given one per
# argument in openssl's x509v3_config syntax.
cert() {
  _name=${1%%=*} _cn=${1#*=} _issuer=$2
  shift 2
  [ -f "$_name.key" ] || key "$_name"
  printf '%s\n' "[v3]" "$@" >"$_name.ext"
  openssl req -new -key "$_name.key" -subj "/O=fedharness test/CN=$_cn" -out "$_name.csr" \
    2>/dev/null
  if [ "$_issuer" = - ]; then
    openssl x509 -req -in "$_name.csr" -signkey "$_name.key" -days 90 -extfile "$_name.ext" \
      -extensions v3 -out "$_name.pem" 2>/dev/null
  else
    openssl x509 -req -in "$_name.csr" -CA "$_issuer.pem" -CAkey "$_issuer.key" \
      -CAcreateserial -days 90 -extfile "$_name.ext" -extensions v3 -out "$_name.pem" 2>/dev/null
  fi
}
