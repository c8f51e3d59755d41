#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Integration test of discovery by name, `fedharness probe sip|xmpp DOMAIN`
# and `HOST:PORT`, against a real Knot DNS on loopback (scripts/with-knot)
# serving lab zones whose records point at simulated Edges (`fedharness
# edge`) on 127.0.0.2, 127.0.0.5:5269 and [::1]:
#
#   sh tests/integration/dns_discovery_test.sh <path-to-fedharness> <repo-root>
#
# Each case is a zone built for it: SRV good, SRV target not on the
# certificate, SRV missing (SIP fails; XMPP falls back to the domain on 5269
# and passes), a target without address, two targets by priority with the
# first down, AAAA only, SERVFAIL (a zone that does not load), and a resolver
# that does not answer. The probes run while Knot runs and keep their JSON;
# the checks read it with jq afterwards. Then the same Edges as scenarios
# reach them: by domain (every SRV target of each path's domain a member) and
# by host name.
#
# Prints TAP; exits 0 when every check passed, 1 when some failed, 2 on bad usage.

set -u

if [ $# -ne 2 ]; then
  echo "usage: sh $0 <path-to-fedharness> <repo-root>" >&2
  exit 2
fi
# shellcheck source=../lib/integration.sh
. "$(dirname "$0")/../lib/integration.sh"
integration_setup with-knot "$1" "$2"
require_tools jq knotd kdig ldns-keygen ldns-signzone
# shellcheck source=../../scripts/lib/loopback.sh
. "$root/scripts/lib/loopback.sh"

edges=
# shellcheck disable=SC2317 # reached through the EXIT trap
stop_edges() {
  for _pid in $edges; do
    kill "$_pid" 2>/dev/null
    wait "$_pid" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap stop_edges EXIT

# --- the simulated Edges --------------------------------------------------------

cat >"$tmp/topology.yaml" <<'YAML'
edge: {access_fqdn: sip.contoso.example, webconf_fqdn: webcon.contoso.example}
sip_domains: [contoso.example, noaddress.example, twotargets.example, v6only.example,
  wrongname.example]
xmpp_domains: [contoso.example, nosrv.example, dane.example, danebad.example, bogus.example]
YAML

# The partner the probes play, from a lab PKI of its own whose root the
# Edges trust.
run "$fedharness" certs issue "$tmp/topology.yaml" --out "$tmp/partner" --partner partner.example
if [ "$status" -ne 0 ]; then
  echo "Bail out! cannot issue the partner's certificate"
  cat "$tmp/stderr"
  exit 1
fi

# edge NAME LISTEN [OPTION...]: a simulated Edge in the background, its lab
# PKI in $tmp/NAME; the SIP port it took in $sip_port, the XMPP one (when
# --xmpp-listen is given) in $xmpp_port.
edge() {
  _name=$1
  _listen=$2
  shift 2
  "$fedharness" edge --topology "$tmp/topology.yaml" --listen "$_listen" \
    --trust "$tmp/partner/root-ca.pem" --lab-out "$tmp/$_name" "$@" >"$tmp/$_name.out" 2>&1 &
  edges="$edges $!"
  if ! await_output "$!" "$tmp/$_name.out" 's/.*listening for SIP\/TLS on .*:\([0-9]*\) .*/\1/p'; then
    echo "Bail out! the simulated Edge $_name did not start"
    cat "$tmp/$_name.out"
    exit 1
  fi
  sip_port=$found
  xmpp_port=$(sed -n 's/.*listening for XMPP s2s on .*:\([0-9]*\) .*/\1/p' "$tmp/$_name.out")
}

edge main 127.0.0.2:0 --xmpp-listen 127.0.0.2:0
main_sip=$sip_port
main_xmpp=$xmpp_port
edge v6 '[::1]:0'
v6_sip=$sip_port
# XMPP's fallback goes to the domain itself on 5269 (RFC 6120 §3.2.2).
edge fallback 127.0.0.5:0 --xmpp-listen 127.0.0.5:5269

# --- the zones ----------------------------------------------------------------------

mkdir "$tmp/zones"
# zone DOMAIN RECORD...: a zone file with its SOA and NS, then the records.
zone() {
  _domain=$1
  shift
  {
    echo "\$ORIGIN $_domain."
    echo "\$TTL 60"
    echo "@ SOA ns1 hostmaster 1 3600 600 86400 60"
    echo "@ NS ns1"
    echo "ns1 A 127.0.0.1"
    for _record in "$@"; do
      echo "$_record"
    done
  } >"$tmp/zones/$_domain.zone"
}
zone contoso.example \
  "_sipfederationtls._tcp SRV 0 0 $main_sip sip" \
  "_xmpp-server._tcp SRV 0 0 $main_xmpp sip" \
  "sip A 127.0.0.2" \
  "noaddr TXT \"no address here\""
zone wrongname.example \
  "_sipfederationtls._tcp SRV 0 0 $main_sip edge" \
  "edge A 127.0.0.2"
zone noaddress.example \
  "_sipfederationtls._tcp SRV 0 0 $main_sip noaddr.contoso.example."
zone twotargets.example \
  "_sipfederationtls._tcp SRV 10 0 $main_sip down" \
  "_sipfederationtls._tcp SRV 20 0 $main_sip sip.contoso.example." \
  "down A 127.0.0.3"
zone v6only.example \
  "_sipfederationtls._tcp SRV 0 0 $v6_sip sip" \
  "sip AAAA ::1"
zone nosrv.example \
  "@ A 127.0.0.5"
: >"$tmp/zones/broken.example.zone" # does not load: SERVFAIL

# DNSSEC-signed zones, each with an XMPP SRV target in the zone itself so
# that its TLSA records are validated (RFC 7673 §3): one whose TLSA names the
# main Edge's key (DANE-EE, SHA-256 of the SPKI), one whose TLSA names
# another key (the partner's, as a record left from an old certificate
# would), both signed by Knot as they load (with-knot --sign); and one
# signed beforehand (ldns-signzone) whose SRV record is then changed under
# its signature: a bogus signature (RFC 4035 §5.3).
spki_sha256() {
  openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER |
    openssl dgst -sha256 -r | cut -d' ' -f1
}
edge_key=$(spki_sha256 "$tmp/main/edge-chain.pem")
other_key=$(spki_sha256 "$tmp/partner/partner-partner.example-chain.pem")
for case in "dane.example $edge_key" "danebad.example $other_key" "bogus.example $edge_key"; do
  zone "${case% *}" \
    "_xmpp-server._tcp SRV 0 0 $main_xmpp xmpp" \
    "xmpp A 127.0.0.2" \
    "_$main_xmpp._tcp.xmpp TLSA 3 1 1 ${case#* }"
done
bogus_key=$(cd "$tmp" && ldns-keygen -a ECDSAP256SHA256 -k bogus.example) &&
  (cd "$tmp" && ldns-signzone -f bogus.signed zones/bogus.example.zone "$bogus_key") &&
  sed "s/^\(_xmpp-server\._tcp\.bogus\.example\..*SRV[[:space:]]*0 0 \)[0-9]*/\1$v6_sip/" \
    "$tmp/bogus.signed" >"$tmp/zones/bogus.example.zone" ||
  { echo "Bail out! cannot sign bogus.example with ldns-signzone"; exit 1; }
if cmp -s "$tmp/bogus.signed" "$tmp/zones/bogus.example.zone"; then
  echo "Bail out! the SRV record of bogus.example was not changed"
  exit 1
fi

# --- scenarios against the Edge as its DNS publishes it ------------------------------

# The partner trusts the roots of every simulated Edge a record points at.
cat "$tmp/main/root-ca.pem" "$tmp/v6/root-ca.pem" "$tmp/fallback/root-ca.pem" \
  >"$tmp/edge-roots.pem"
# path ID PROTOCOL DOMAIN POLICY EXPECT: one inbound path of the partner.
path() {
  cat <<YAML
  - id: $1
    protocol: $2
    direction: inbound
    edge_domain: $3
    partner: partner.example
    policy: $4
    partner_certificate:
      cert: $tmp/partner/partner-partner.example-chain.pem
      key: $tmp/partner/partner-partner.example.key
    expect: $5
YAML
}
{
  printf 'name: The Edge as its partners find it\ntopology: %s\n' "$tmp/topology.yaml"
  printf 'edge:\n  address: {domain: contoso.example}\n'
  printf 'trust: %s\npaths:\n' "$tmp/edge-roots.pem"
  path sip-good sip contoso.example lync pass
  path sip-two sip twotargets.example lync pass
  path sip-v6 sip v6only.example lync pass
  path sip-wrongname sip wrongname.example lync "{fail: NAME_MISMATCH}"
  path sip-noaddress sip noaddress.example lync "{fail: DNS_NO_ADDRESS}"
  path xmpp-good xmpp contoso.example xmpp-rfc6120 pass
  path xmpp-fallback xmpp nosrv.example xmpp-rfc6120 pass
  path xmpp-dane xmpp dane.example prosody-dane pass
  path xmpp-danebad xmpp danebad.example prosody-dane "{fail: DANE_MISMATCH}"
  printf 'dns:\n  resolver: "127.0.0.1:KNOT_PORT"\n'
} >"$tmp/by-domain.yaml.in"
{
  printf 'name: The Edge by host name\ntopology: %s\n' "$tmp/topology.yaml"
  printf 'edge:\n  address: {host: sip.contoso.example, sip_port: %s}\n' "$main_sip"
  printf 'trust: %s\npaths:\n' "$tmp/main/root-ca.pem"
  path sip-named sip contoso.example lync pass
} >"$tmp/by-name.yaml"

# --- the probes, while Knot runs ------------------------------------------------

mkdir "$tmp/out"
cat >"$tmp/probes" <<'PROBES'
# probe CASE EDGE sip|xmpp TARGET [OPTION...]: its JSON in $OUT/CASE.json, its
# exit status in $OUT/CASE.status, its stderr in $OUT/CASE.err.
probe() {
  _case=$1 _edge=$2 _protocol=$3 _target=$4
  shift 4
  "$FEDHARNESS" probe "$_protocol" "$_target" --resolver "127.0.0.1:$KNOT_PORT" \
    --dns-trust-anchor "$TMP/anchors" --from partner.example --cert "$TMP/partner/partner-partner.example-chain.pem" \
    --key "$TMP/partner/partner-partner.example.key" \
    --trust "$TMP/$_edge/root-ca.pem" --format json "$@" \
    >"$OUT/$_case.json" 2>"$OUT/$_case.err"
  echo $? >"$OUT/$_case.status"
}
# The signed zones' anchors: Knot's, and ldns-keygen's for bogus.example.
cat "$KNOT_TRUST_ANCHORS" "$TMP/$BOGUS_KEY.ds" >"$TMP/anchors"
probe good main sip contoso.example
probe wrongname main sip wrongname.example --policy lync
probe missing main sip nosrv.example
probe noaddress main sip noaddress.example
probe twotargets main sip twotargets.example
probe v6only v6 sip v6only.example
probe servfail main sip broken.example
probe xmpp-good main xmpp contoso.example
probe xmpp-fallback fallback xmpp nosrv.example
probe host main sip "sip.contoso.example:$MAIN_SIP"
# DANE: the partner trusts its own root only, not the Edge's: a TLSA match
# is all that vouches for the Edge.
probe dane-good partner xmpp dane.example --policy prosody-dane
probe dane-good-pkix partner xmpp dane.example --policy prosody
probe dane-mismatch main xmpp danebad.example --policy prosody-dane
probe dane-ignored main xmpp danebad.example --policy prosody
probe bogus main xmpp bogus.example --policy prosody-dane
# The Edge's certificate against the records published for the topology.
"$FEDHARNESS" certs check --topology "$TMP/topology.yaml" --cert "$TMP/main/edge-chain.pem" \
  --key "$TMP/main/edge.key" --trust "$TMP/main/root-ca.pem" --dns \
  --resolver "127.0.0.1:$KNOT_PORT" --dns-trust-anchor "$TMP/anchors" --format json \
  >"$OUT/certs-check.json" 2>"$OUT/certs-check.err"
echo $? >"$OUT/certs-check.status"
# The scenarios: one with the lab DNS in its dns.resolver, one with --resolver.
sed "s/KNOT_PORT/$KNOT_PORT/" "$TMP/by-domain.yaml.in" >"$TMP/by-domain.yaml"
echo "  trust_anchor: $TMP/anchors" >>"$TMP/by-domain.yaml"
"$FEDHARNESS" run "$TMP/by-domain.yaml" --format json >"$OUT/by-domain.json" 2>"$OUT/by-domain.err"
echo $? >"$OUT/by-domain.status"
"$FEDHARNESS" run "$TMP/by-name.yaml" --resolver "127.0.0.1:$KNOT_PORT" --format json \
  >"$OUT/by-name.json" 2>"$OUT/by-name.err"
echo $? >"$OUT/by-name.status"
PROBES
FEDHARNESS=$fedharness TMP=$tmp OUT=$tmp/out MAIN_SIP=$main_sip BOGUS_KEY=$bogus_key \
  "$root/scripts/with-knot" "$tmp/zones" --sign dane.example --sign danebad.example \
  -- sh -c ". '$tmp/probes'" >"$tmp/with-knot.out" 2>&1
knot_status=$?
if [ "$knot_status" -ne 0 ]; then
  fail "Knot serves the lab zones" "with-knot exit status $knot_status"
  show "with-knot" "$tmp/with-knot.out"
  tap_finish
fi

# A resolver that never answers (nothing on that port): the lookup ends by
# its deadline, not libunbound's own (17 s).
started=$(date +%s)
"$fedharness" probe sip contoso.example --resolver "127.0.0.1:$(pick_port)" \
  --deadline dns=1 --trust "$tmp/main/root-ca.pem" --format json \
  >"$tmp/out/silent.json" 2>"$tmp/out/silent.err"
echo $? >"$tmp/out/silent.status"
silent_seconds=$(($(date +%s) - started))

# --- the checks ---------------------------------------------------------------------

# expect CASE STATUS DESCRIPTION JQ_FILTER: the probe of CASE exited with
# STATUS and its JSON makes JQ_FILTER true.
expect() {
  _case=$1 _want=$2 _desc=$3 _filter=$4
  _status=$(cat "$tmp/out/$_case.status" 2>/dev/null)
  if [ "$_status" = "$_want" ] && jq -e "$_filter" "$tmp/out/$_case.json" >/dev/null 2>&1; then
    pass "$_desc"
  else
    fail "$_desc" "exit status $_status, want $_want; or the JSON does not satisfy: $_filter"
    show json "$tmp/out/$_case.json"
    show stderr "$tmp/out/$_case.err"
  fi
}

expect good 0 "SRV good: the target is found and passes" \
  '.discovery.records == [{"type":"SRV","name":"_sipfederationtls._tcp.contoso.example",
     "target":"sip.contoso.example","port":'"$main_sip"',"priority":0,"weight":0,
     "direct_tls":false,"addresses":["127.0.0.2"],"dnssec":"insecure","tlsa":[]}]
   and .discovery.findings == [] and (.paths | length) == 1
   and .paths[0].outcome == "pass" and (.paths[0].id | startswith("127.0.0.2:"))'
expect wrongname 1 "SRV target not on the certificate: NAME_MISMATCH naming the target" \
  '.paths[0].observed.code == "NAME_MISMATCH"
   and (.paths[0].observed.evidence | contains("edge.wrongname.example"))'
expect missing 1 "SIP without SRV: DNS_SRV_MISSING, nothing probed" \
  '.discovery.findings[0].code == "DNS_SRV_MISSING" and .discovery.findings[0].severity == "error"
   and (.discovery.findings[0].evidence | contains("_sipfederationtls._tcp.nosrv.example"))
   and .paths == []'
expect noaddress 1 "an SRV target without address: DNS_NO_ADDRESS naming it" \
  '.discovery.findings[0].code == "DNS_NO_ADDRESS"
   and (.discovery.findings[0].evidence | contains("noaddr.contoso.example"))'
expect twotargets 1 "two targets by priority, the first down: both probed, in order" \
  '(.paths | length) == 2
   and (.paths[0].id | startswith("127.0.0.3:")) and .paths[0].observed.code == "CONNECT_FAILED"
   and (.paths[1].id | startswith("127.0.0.2:")) and .paths[1].outcome == "pass"'
expect v6only 0 "a target with AAAA only: probed over IPv6" \
  '.discovery.records[0].addresses == ["::1"] and (.paths[0].id | startswith("[::1]:"))
   and .paths[0].outcome == "pass"'
expect servfail 1 "a zone that does not load: DNS_SERVER_FAILURE" \
  '.discovery.findings[0].code == "DNS_SERVER_FAILURE" and .paths == []'
expect xmpp-good 0 "XMPP SRV good: the stream is authenticated and pinged" \
  '.discovery.records[0].name == "_xmpp-server._tcp.contoso.example"
   and .paths[0].outcome == "pass"'
expect xmpp-fallback 0 "XMPP without SRV: a DNS_SRV_MISSING warning, the domain on 5269 passes" \
  '.discovery.findings[0].code == "DNS_SRV_MISSING" and .discovery.findings[0].severity == "warning"
   and .discovery.records[0].type == "A/AAAA" and .discovery.records[0].port == 5269
   and .paths[0].outcome == "pass"'
expect host 0 "HOST:PORT: the host's addresses probed" \
  '.discovery.records[0].target == "sip.contoso.example" and .paths[0].outcome == "pass"'
expect silent 1 "a resolver that does not answer: DNS_SERVER_FAILURE after the dns budget" \
  '.discovery.findings[0].code == "DNS_SERVER_FAILURE"
   and (.discovery.findings[0].evidence | contains("no answer within 1 s"))'
expect certs-check 1 "certs check --dns: every topology domain's records, as partners find them" \
  '(.dns | map(.domain)) == ["contoso.example", "noaddress.example", "twotargets.example",
     "v6only.example",
     "wrongname.example", "contoso.example", "nosrv.example", "dane.example", "danebad.example",
     "bogus.example"]'
expect certs-check 1 "certs check --dns: a target the certificate lacks is NAME_MISMATCH naming the record" \
  '[.dns[] | select(.domain == "wrongname.example") | .findings[]
    | select(.code == "NAME_MISMATCH" and .severity == "error"
             and (.evidence | contains("_sipfederationtls._tcp.wrongname.example points at edge.wrongname.example")))]
   | length == 1'
expect certs-check 1 "certs check --dns: TLSA of another key is DANE_MISMATCH, a matching one passes" \
  '([.dns[] | select(.domain == "danebad.example") | .findings[]
     | select(.code == "DANE_MISMATCH" and (.evidence | contains("TLSA _'"$main_xmpp"'._tcp.xmpp.danebad.example"))
              and (.evidence | contains("its key is 3 1 1 '"$edge_key"'")))] | length == 1)
   and ([.dns[] | select(.domain == "dane.example") | .findings[]
     | select(.code == "DANE_MISMATCH")] | length == 0)
   and ([.dns[] | select(.domain == "dane.example") | .records[0].tlsa[]] | length == 1)'
expect certs-check 1 "certs check --dns: a record off the Access Edge's port is DNS_SRV_MISDIRECTED" \
  '([.dns[0].findings[] | select(.code == "DNS_SRV_MISDIRECTED" and .severity == "warning"
     and (.evidence | contains("not at the Access Edge sip.contoso.example:5061")))] | length == 1)
   and ([.dns[0].findings[] | select(.code == "NAME_MISMATCH")] | length == 0)'

# by_domain: each path by id: its outcome, code, address and record ("-" for none).
by_domain='.scenarios[0].paths | map({(.id): "\(.outcome) \(.observed.code // "-") \(.edge_target.address // "-") \(.edge_target.record // "-")"}) | add'
expect by-domain 1 "run, edge.address.domain: each path goes where its domain's SRV records point" \
  "$by_domain"' as $p | $p["sip-good"] == "pass - 127.0.0.2 SRV _sipfederationtls._tcp.contoso.example"
   and $p["sip-v6"] == "pass - ::1 SRV _sipfederationtls._tcp.v6only.example"
   and $p["xmpp-good"] == "pass - 127.0.0.2 SRV _xmpp-server._tcp.contoso.example"
   and $p["xmpp-fallback"] == "pass - 127.0.0.5 A/AAAA nosrv.example"'
expect by-domain 1 "run, edge.address.domain: two targets, each a member in priority order, the first down" \
  "$by_domain"' as $p | $p["sip-two"] == "fail CONNECT_FAILED 127.0.0.3 SRV _sipfederationtls._tcp.twotargets.example"
   and ($p | to_entries | map(select(.key | startswith("sip-two@127.0.0.2:")) | .value)
        == ["pass - 127.0.0.2 SRV _sipfederationtls._tcp.twotargets.example"])'
expect by-domain 1 "run, edge.address.domain: an SRV target the certificate lacks is NAME_MISMATCH" \
  '.scenarios[0].paths[] | select(.id == "sip-wrongname") | .outcome == "expected-fail"
   and (.observed.evidence | contains("edge.wrongname.example"))'
expect by-domain 1 "run, edge.address.domain: a target without address fails at the dns stage" \
  '.scenarios[0].paths[] | select(.id == "sip-noaddress") | .outcome == "expected-fail"
   and .observed.stage == "dns" and (.observed.evidence | contains("noaddr.contoso.example"))'
expect by-domain 1 "run, edge.address.domain with dns.trust_anchor: DANE checked on a signed zone" \
  "$by_domain"' as $p | $p["xmpp-dane"] == "pass - 127.0.0.2 SRV _xmpp-server._tcp.dane.example"
   and $p["xmpp-danebad"] == "expected-fail DANE_MISMATCH 127.0.0.2 SRV _xmpp-server._tcp.danebad.example"'
expect dane-good 0 "DANE: a signed zone's TLSA names the Edge's key, which stands in for the CA" \
  '.discovery.records[0].dnssec == "secure"
   and .discovery.records[0].tlsa == ["3 1 1 '"$edge_key"'"]
   and .paths[0].outcome == "pass"'
expect dane-good-pkix 1 "DANE: the same Edge without DANE (prosody): its CA is not trusted" \
  '.paths[0].observed.code == "CHAIN_UNTRUSTED"'
expect dane-mismatch 1 "DANE: a TLSA record of another key is DANE_MISMATCH under prosody-dane" \
  '.discovery.findings == [] and .paths[0].observed.code == "DANE_MISMATCH"
   and (.paths[0].observed.evidence | contains("TLSA _'"$main_xmpp"'._tcp.xmpp.danebad.example"))'
expect dane-ignored 0 "DANE: the same mismatch passes a partner that checks no TLSA (prosody)" \
  '.discovery.records[0].dnssec == "secure" and .paths[0].outcome == "pass"'
expect bogus 1 "DNSSEC: a record changed under its signature is DNSSEC_BOGUS" \
  'any(.discovery.findings[]; .code == "DNSSEC_BOGUS"
       and (.evidence | contains("SRV _xmpp-server._tcp.bogus.example")))
   and .paths == []'
expect by-name 0 "run, edge.address.host a host name: resolved through --resolver" \
  '.scenarios[0].paths[0].outcome == "pass"
   and .scenarios[0].paths[0].edge_target.address == "127.0.0.2"
   and .scenarios[0].paths[0].edge_target.record == "A/AAAA sip.contoso.example"'

if [ "$silent_seconds" -le 4 ]; then
  pass "the silent resolver's probe ended within its budgets ($silent_seconds s)"
else
  fail "the silent resolver's probe ended within its budgets" "$silent_seconds s"
fi

tap_finish
