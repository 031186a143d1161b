#!/usr/bin/env bash
# Every headless command of vipctl against `vipctl sim --flavor huawei --auth aksk`: the
# simulator acting as Huawei's API gateway (every request signed with AK/SK, no token, no
# catalog; VPC and ECS on their own ports). Each change is checked by reading the ports back
# (vipctl ports --output json), and the refusals (a wrong SK, a skewed clock is covered by the
# Swift tests) must be one clear line that names the AK and never the SK.
#
#   .ci/lanes/aksk-lane.sh            (VIPCTL=path/to/vipctl to test another build)
#
# Prints PASS/FAIL per check and "aksk-lane: N passed, M failed". Loopback only.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VIPCTL=${VIPCTL:-$ROOT/.build/debug/vipctl}
[ -x "$VIPCTL" ] || { echo "aksk-lane: $VIPCTL not built" >&2; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/aksk-lane.XXXXXX")
SIM_PID=""
cleanup() { [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
PASSES=0 FAILS=0
pass() { echo "PASS $1"; PASSES=$((PASSES+1)); }
fail() { echo "FAIL $1"; FAILS=$((FAILS+1)); }
# run NAME ARGS...: vipctl with the lane's environment; output in $W/out, $W/err, status in $RC
# (EXPECT=N: the exit status it must have; 0 unless said)
run() {
  local name=$1; shift
  env -i PATH="$PATH" HOME="$W/home" LC_ALL=C.UTF-8 "${ENVS[@]}" "$VIPCTL" "$@" >"$W/out" 2>"$W/err" </dev/null
  RC=$?
  if [ "$RC" = "${EXPECT:-0}" ]; then pass "$name"; else fail "$name (exit $RC: $(tail -2 "$W/err" | tr '\n' ' '))"; fi
}
# has NAME PYTHON-EXPR: a check over j = vipctl ports --output json
ports_check() {
  local name=$1 expr=$2
  env -i PATH="$PATH" HOME="$W/home" LC_ALL=C.UTF-8 "${ENVS[@]}" "$VIPCTL" ports --output json >"$W/ports.json" 2>"$W/err" </dev/null \
    || { fail "$name (ports: $(cat "$W/err"))"; return; }
  if python3 - "$W/ports.json" <<PY
import json, sys
j = json.load(open(sys.argv[1]))
def port(ip):
    return next(p for p in j if any(f["ip_address"] == ip for f in p["fixed_ips"]))
def pairs(ip):
    return sorted(a["ip_address"] for a in port(ip)["allowed_address_pairs"])
ok = ($expr)
sys.exit(0 if ok else 1)
PY
  then pass "$name"; else fail "$name"; fi
}
mkdir -p "$W/home"

"$VIPCTL" sim --flavor huawei --auth aksk --scenario demo --port 0 >"$W/sim.out" 2>&1 </dev/null &
SIM_PID=$!
for _ in $(seq 1 100); do grep -q '^export OS_COMPUTE_ENDPOINT_OVERRIDE' "$W/sim.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^export HUAWEICLOUD_SDK_AK=' "$W/sim.out" || { echo "aksk-lane: the gateway simulator did not start:" >&2; cat "$W/sim.out" >&2; exit 1; }
mapfile -t ENVS < <(sed -n 's/^export //p' "$W/sim.out")
SK=$(sed -n 's/^export HUAWEICLOUD_SDK_SK=//p' "$W/sim.out")
AK=$(sed -n 's/^export HUAWEICLOUD_SDK_AK=//p' "$W/sim.out")
echo "aksk-lane: $(head -1 "$W/sim.out"), AK $AK, VPC and ECS on their own ports"

# Reads: every read command, signed.
run "config show names AK/SK and the endpoints' origins" config show
grep -q "AK/SK" "$W/out" && grep -q "OS_NETWORK_ENDPOINT_OVERRIDE" "$W/out" && ! grep -qF "$SK" "$W/out" \
  && pass "config show: AK/SK, where the endpoint came from, SK masked" || fail "config show content"
for cmd in networks subnets ports servers vips journal; do run "$cmd" "$cmd"; done
run "nics lb-01" nics lb-01
grep -q "192.168.10.21" "$W/out" && pass "nics lb-01 shows its NIC" || fail "nics lb-01 content"
run "vips --output json" vips --output json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); sys.exit(0 if any(x["name"]=="vip-web" for x in v) else 1)' "$W/out" \
  && pass "vips JSON holds vip-web" || fail "vips JSON content"

# Changes: create and bind, bind more, unbind, the check, delete; each read back.
run "vip create --bind app-01 --bind app-02" vip create --network prod-net --ip 192.168.10.60 --name vip-lane --bind app-01 --bind app-02 --yes
ports_check "the new VIP's pairs hold both NIC IPs" "pairs('192.168.10.60') == ['192.168.10.31', '192.168.10.32']"
ports_check "both NICs got 1.1.1.1/0 (check off)" "pairs('192.168.10.31') == ['1.1.1.1/0'] and pairs('192.168.10.32') == ['1.1.1.1/0']"
ports_check "the VIP port is neutron:VIP_PORT" "port('192.168.10.60')['device_owner'] == 'neutron:VIP_PORT'"
run "vip bind vip-lane --server web-01" vip bind vip-lane --server web-01 --yes
ports_check "bind merged (app-01 and app-02 kept)" "pairs('192.168.10.60') == ['192.168.10.11', '192.168.10.31', '192.168.10.32']"
run "vip unbind vip-lane --server app-02" vip unbind vip-lane --server app-02 --yes
ports_check "unbind removed only app-02" "pairs('192.168.10.60') == ['192.168.10.11', '192.168.10.31']"
run "nic check on (app-02)" nic check --port 192.168.10.32 on --yes
ports_check "app-02's check is on again" "pairs('192.168.10.32') == []"
EXPECT=1 run "doctor exits 1 on the demo's half-configured VIP" doctor --output json
grep -q '"check-on' "$W/out" && pass "doctor finds the half-configured VIP" || fail "doctor finding"
ID=$(python3 -c 'import json,sys; print(next(f["id"] for f in json.load(open(sys.argv[1]))["findings"] if f["fix"]))' "$W/out" 2>/dev/null)
run "doctor --fix $ID" doctor --fix "$ID" --yes
ports_check "the doctor's fix turned 数据库备节点's check off" "'1.1.1.1/0' in pairs('192.168.20.12')"
run "export --format curl vip bind" export --format curl vip bind vip-lane --server app-02
grep -q 'OS_TOKEN\|X-Auth-Token\|curl' "$W/out" && ! grep -qF "$SK" "$W/out" && pass "export: curl, no SK" || fail "export content"
run "journal undo last" journal undo last --yes
ports_check "undo put the doctor's fix back" "'1.1.1.1/0' not in pairs('192.168.20.12')"
run "vip delete vip-lane --unbind" vip delete vip-lane --unbind --yes
ports_check "the VIP is gone" "not any(any(f['ip_address'] == '192.168.10.60' for f in p['fixed_ips']) for p in j)"

# A wrong SK: one clear line naming the AK, never the SK; one request (an AK locks after five).
ENVS=("${ENVS[@]/#HUAWEICLOUD_SDK_SK=*/HUAWEICLOUD_SDK_SK=wrong-secret-key-1234}")
env -i PATH="$PATH" HOME="$W/home" LC_ALL=C.UTF-8 "${ENVS[@]}" "$VIPCTL" vips >"$W/out" 2>"$W/err" </dev/null
RC=$?
if [ "$RC" != 0 ] && grep -q "APIG.0301" "$W/err" && grep -qF "$AK" "$W/err" && ! grep -q "wrong-secret-key-1234" "$W/err" "$W/out"; then
  pass "a wrong SK: exit $RC, one line naming the AK, not the SK"
else
  fail "a wrong SK (exit $RC): $(cat "$W/err")"
fi

echo "aksk-lane: $PASSES passed, $FAILS failed"
[ "$FAILS" = 0 ]
