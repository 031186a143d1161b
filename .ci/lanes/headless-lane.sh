#!/usr/bin/env bash
# vipctl's headless read commands against the cloud named by OS_* (the real Keystone+Neutron
# lane in CI), checked against what the server holds as the real `openstack` CLI sees it.
#
#   eval "$(.ci/lanes/realcloud.sh env)" && .ci/lanes/headless-lane.sh
#
# Creates its own network, subnet, two "server NIC" ports (device_owner compute:nova, a
# device_id each: on a Neutron-only cloud these are what vipctl treats as servers) and a VIP
# port whose pairs hold both NIC IPs, then compares vipctl's JSON with the CLI's.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VIPCTL=${VIPCTL:-$ROOT/.build/debug/vipctl}
LANE_HOME=${VIPCTL_LANE_HOME:-$HOME/.cache/vipctl-lane}
OSC=${OSC_BIN:-$LANE_HOME/venv-osc/bin/openstack}
export PYTHONWARNINGS=ignore
[ -n "${OS_AUTH_URL:-}" ] || { echo "headless-lane: OS_AUTH_URL is not set" >&2; exit 2; }
[ -x "$VIPCTL" ] || { echo "headless-lane: $VIPCTL not built" >&2; exit 2; }
[ -x "$OSC" ] || "$HERE/realcloud.sh" install-osc >&2 || exit 2

W=$(mktemp -d "${TMPDIR:-/tmp}/headless-lane.XXXXXX")
RUN=hl$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
FAILS=0 PASSES=0
NET="" P1="" P2="" VIP=""
cleanup() {
  for p in "$VIP" "$P1" "$P2"; do [ -n "$p" ] && "$OSC" port delete "$p" >/dev/null 2>&1; done
  [ -n "$NET" ] && "$OSC" network delete "$NET" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
check() {  # name, python expression over a (vipctl json) and b (osc json); prints PASS/FAIL
  local name=$1 expr=$2
  if python3 - "$W/a.json" "$W/b.json" <<PY
import json, sys
a = json.load(open(sys.argv[1]))
try:
    b = json.load(open(sys.argv[2]))
except Exception:
    b = None
ok = ($expr)
sys.exit(0 if ok else 1)
PY
  then echo "PASS $name"; PASSES=$((PASSES+1)); else echo "FAIL $name"; FAILS=$((FAILS+1)); fi
}
T0=$(date +%s.%N)

NET=$("$OSC" network create "$RUN-net" -f value -c id) || { echo "FAIL network create"; exit 1; }
"$OSC" subnet create "$RUN-sub" --network "$NET" --subnet-range 192.168.77.0/24 -f value -c id >/dev/null || { echo "FAIL subnet create"; exit 1; }
P1=$("$OSC" port create "$RUN-nic1" --network "$NET" --device-owner compute:nova --device "$RUN-server-1" -f value -c id)
P2=$("$OSC" port create "$RUN-nic2" --network "$NET" --device-owner compute:nova --device "$RUN-server-2" -f value -c id)
IP1=$("$OSC" port show "$P1" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["fixed_ips"][0]["ip_address"])')
IP2=$("$OSC" port show "$P2" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["fixed_ips"][0]["ip_address"])')
VIP=$("$OSC" port create "$RUN-vip" --network "$NET" --device-owner neutron:VIP_PORT \
        --allowed-address ip-address="$IP1" --allowed-address ip-address="$IP2" -f value -c id)
"$OSC" port set --allowed-address ip-address=1.1.1.1/0 "$P1"
[ -n "$P1" ] && [ -n "$P2" ] && [ -n "$VIP" ] || { echo "FAIL port setup"; exit 1; }

"$VIPCTL" ports --output json >"$W/a.json" 2>"$W/err" || { echo "FAIL vipctl ports: $(cat "$W/err")"; exit 1; }
"$OSC" port list -f json --long >"$W/b.json"
check "ports: same ids as the server" "sorted(p['id'] for p in a) == sorted(p['ID'] for p in b)"
check "ports: VIP pairs hold both NIC IPs" "sorted(x['ip_address'] for p in a if p['id']=='$VIP' for x in p['allowed_address_pairs']) == sorted(['$IP1','$IP2'])"
check "ports: nic1 check off, nic2 on" "{p['id']: p['source_dest_check'] for p in a}['$P1'] == 'off' and {p['id']: p['source_dest_check'] for p in a}['$P2'] == 'on'"

"$VIPCTL" ports --device-owner neutron:VIP_PORT --network "$NET" --output json >"$W/a.json" 2>"$W/err"
check "ports --device-owner --network: only the VIP" "[p['id'] for p in a] == ['$VIP']"

"$VIPCTL" networks --output json >"$W/a.json" 2>"$W/err"; "$OSC" network list -f json >"$W/b.json"
check "networks: same ids" "sorted(n['id'] for n in a) == sorted(n['ID'] for n in b)"
check "networks: subnet CIDR" "[s['cidr'] for n in a if n['id']=='$NET' for s in n['subnets']] == ['192.168.77.0/24']"

"$VIPCTL" subnets --output json >"$W/a.json" 2>"$W/err"; "$OSC" subnet list -f json >"$W/b.json"
check "subnets: same ids" "sorted(s['id'] for s in a) == sorted(s['ID'] for s in b)"

"$VIPCTL" servers --output json >"$W/a.json" 2>"$W/err"; echo '[]' >"$W/b.json"
check "servers (Neutron fallback): both NIC devices" "{'$RUN-server-1','$RUN-server-2'} <= {s['id'] for s in a}"

"$VIPCTL" nics "$RUN-server-1" --output json >"$W/a.json" 2>"$W/err"
check "nics: the NIC of server 1 through Neutron" "[n['port_id'] for n in a['nics']] == ['$P1'] and a['nics'][0]['source_dest_check'] == 'off'"

"$VIPCTL" vips --output json >"$W/a.json" 2>"$W/err"
check "vips: the VIP bound to both NICs" "sorted(x['port_id'] for v in a if v['id']=='$VIP' for x in v['bound']) == sorted(['$P1','$P2'])"

if "$VIPCTL" nics no-such-server >"$W/out" 2>"$W/err"; then
  echo "FAIL nics of an unknown server should fail"; FAILS=$((FAILS+1))
else
  [ "$(wc -l <"$W/err")" = 1 ] && grep -q '^vipctl: ' "$W/err" && { echo "PASS unknown server: one clear line"; PASSES=$((PASSES+1)); } \
    || { echo "FAIL unknown server message: $(cat "$W/err")"; FAILS=$((FAILS+1)); }
fi

echo "headless-lane: $PASSES passed, $FAILS failed in $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
[ "$FAILS" = 0 ]
