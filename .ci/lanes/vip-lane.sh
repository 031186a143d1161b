#!/usr/bin/env bash
# vipctl's changing commands (vip create/bind/unbind/delete, nic check) against the cloud named
# by OS_* — `vipctl sim` or the real Keystone+Neutron lane — checked with the real `openstack`
# CLI after every step.
#
#   eval "$(.ci/lanes/realcloud.sh env)" && .ci/lanes/vip-lane.sh      # real services
#   eval "$(grep ^export ci-artifacts/sim.out)" && .ci/lanes/vip-lane.sh   # vipctl sim
#
# Creates its own network and subnet and two server NICs in it (ports with device_owner
# compute:nova). Servers: where the catalog has Nova (the simulator) the NICs are attached to
# two of its servers (found by name with `openstack server list`), which then have a second
# NIC; on a Neutron-only cloud (the real lane) the NICs' device_ids are the servers, as vipctl
# finds them there. Pairs added by hand beforehand must survive every command. One bind is
# paused between its read and its write (VIPCTL_TEST_PAUSE_BEFORE_WRITE, test only) while the
# CLI changes the VIP port, so the write meets a real 412 and must read and merge again. Runs the huawei strategy (the default), then a short
# openstack-strategy pass. Prints PASS/FAIL per check and "vip-lane: N passed, M failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VIPCTL=${VIPCTL:-$ROOT/.build/debug/vipctl}
LANE_HOME=${VIPCTL_LANE_HOME:-$HOME/.cache/vipctl-lane}
OSC=${OSC_BIN:-$LANE_HOME/venv-osc/bin/openstack}
export PYTHONWARNINGS=ignore PYTHONDONTWRITEBYTECODE=1
# The lane matches vipctl's English words; a Chinese locale would make vipctl speak Chinese.
export LC_ALL=C.UTF-8
[ -n "${OS_AUTH_URL:-}" ] || { echo "vip-lane: OS_AUTH_URL is not set" >&2; exit 2; }
[ -x "$VIPCTL" ] || { echo "vip-lane: $VIPCTL not built" >&2; exit 2; }
[ -x "$OSC" ] || "$HERE/realcloud.sh" install-osc >&2 || exit 2
# No clouds.yaml of the developer may change the strategy or make the run read-only: vipctl
# runs with an empty HOME (below) and the OS_* variables only.
unset OS_CLOUD OS_CLIENT_CONFIG_FILE

W=$(mktemp -d "${TMPDIR:-/tmp}/vip-lane.XXXXXX")
mkdir -p "$W/home"
RUN=vl$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
CIDR_PREFIX=192.168.78
FAILS=0 PASSES=0
NET="" PA="" PB="" VIP="" VIP2="" BG=""
cleanup() {
  [ -n "$BG" ] && kill "$BG" 2>/dev/null
  for p in "$VIP" "$VIP2" "$PA" "$PB"; do [ -n "$p" ] && "$OSC" port delete "$p" >/dev/null 2>&1; done
  [ -n "$NET" ] && "$OSC" network delete "$NET" >/dev/null 2>&1
  rm -rf "$W"
}
trap cleanup EXIT
T0=$(date +%s.%N)
pass() { echo "PASS $1"; PASSES=$((PASSES+1)); }
fail() { echo "FAIL $1"; FAILS=$((FAILS+1)); }
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }

# vipctl ARGS...: runs vipctl with stdin from /dev/null; stdout in $W/out, stderr in $W/err,
# exit code in RC, wall time in DT.
vipctl() {
  local t; t=$(date +%s.%N)
  HOME="$W/home" "$VIPCTL" "$@" </dev/null >"$W/out" 2>"$W/err"
  RC=$?
  DT=$(secs "$t")
}
# expect_rc NAME CODE: the last vipctl run exited with CODE.
expect_rc() {
  if [ "$RC" = "$2" ]; then pass "$1 (exit $RC, ${DT} s)"
  else fail "$1: exit $RC, expected $2; stderr: $(tail -3 "$W/err" | tr '\n' ' ')"; fi
}
# show PORT: `openstack port show -f json` into $W/<port>.json
show() { "$OSC" port show "$1" -f json >"$W/$1.json" 2>"$W/osc.err" || echo '{}' >"$W/$1.json"; }
# pairs PORT: the port's pair IPs, sorted, space-separated (as the CLI sees them)
pairs() {
  show "$1"
  python3 -c 'import json,sys; print(" ".join(sorted(p["ip_address"] for p in (json.load(open(sys.argv[1])).get("allowed_address_pairs") or []))))' "$W/$1.json"
}
# expect_pairs NAME PORT "ip ip ...": the port's pairs are exactly those (order ignored).
expect_pairs() {
  local got want
  got=$(pairs "$2")
  want=$(echo "$3" | tr ' ' '\n' | grep -v '^$' | sort | tr '\n' ' ' | sed 's/ $//')
  if [ "$got" = "$want" ]; then pass "$1: [$got]"; else fail "$1: pairs [$got], expected [$want]"; fi
}
rev() { show "$1"; python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("revision_number"))' "$W/$1.json"; }
ip_of() { show "$1"; python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["fixed_ips"][0]["ip_address"])' "$W/$1.json"; }

# ---- setup -------------------------------------------------------------------------------
NET=$("$OSC" network create "$RUN-net" -f value -c id) || { echo "FAIL network create"; exit 1; }
"$OSC" subnet create "$RUN-sub" --network "$NET" --subnet-range "$CIDR_PREFIX.0/24" -f value -c id >/dev/null \
  || { echo "FAIL subnet create"; exit 1; }
if "$OSC" server list -f json >"$W/servers.json" 2>/dev/null && [ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$W/servers.json")" -ge 2 ]; then
  # Nova: attach the lane's NICs to two existing servers (they get a second NIC).
  read -r SA DA SB DB < <(python3 -c '
import json, sys
s = sorted(json.load(open(sys.argv[1])), key=lambda x: x["Name"])
ascii_named = [x for x in s if x["Name"].isascii()] or s
a, b = ascii_named[0], ascii_named[1]
print(a["Name"], a["ID"], b["Name"], b["ID"])' "$W/servers.json")
  echo "servers from Nova: $SA ($DA), $SB ($DB)"
else
  SA=$RUN-server-a DA=$RUN-server-a SB=$RUN-server-b DB=$RUN-server-b
  echo "no Nova: servers are the NICs' device ids ($SA, $SB)"
fi
# Fixed addresses for the NICs: real Neutron allocates at random, and a NIC that drew .100 or
# .110 (the VIPs' addresses below) once failed this lane.
PA=$("$OSC" port create "$RUN-nic-a" --network "$NET" --fixed-ip subnet="$RUN-sub",ip-address="$CIDR_PREFIX.21" \
  --device-owner compute:nova --device "$DA" -f value -c id)
PB=$("$OSC" port create "$RUN-nic-b" --network "$NET" --fixed-ip subnet="$RUN-sub",ip-address="$CIDR_PREFIX.22" \
  --device-owner compute:nova --device "$DB" -f value -c id)
[ -n "$PA" ] && [ -n "$PB" ] || { echo "FAIL NIC ports"; exit 1; }
IPA=$(ip_of "$PA") IPB=$(ip_of "$PB")
# Pairs that were there before vipctl: they must survive.
"$OSC" port set --allowed-address ip-address="$CIDR_PREFIX.201" "$PA" || fail "hand pair on NIC A"
"$OSC" port set --allowed-address ip-address="$CIDR_PREFIX.202" "$PB" || fail "hand pair on NIC B"
echo "setup: network $NET, NIC A $PA $IPA ($SA), NIC B $PB $IPB ($SB)"

# ---- refusals: no terminal, read-only, dry run --------------------------------------------
vipctl vip create --network "$RUN-net" --name "$RUN-vip" --bind "$SA"
expect_rc "create without --yes and without a terminal: refused" 2
grep -q 'no terminal' "$W/err" && pass "refusal says why" || fail "refusal message: $(cat "$W/err")"
vipctl vip create --network "$RUN-net" --name "$RUN-vip" --bind "$SA" --yes --read-only
expect_rc "create --yes --read-only: not applied" 2
grep -q 'read-only' "$W/err" && pass "read-only says so" || fail "read-only message: $(cat "$W/err")"
vipctl vip create --network "$RUN-net" --name "$RUN-vip" --ip "$CIDR_PREFIX.100" --bind "$SA" --dry-run
expect_rc "create --dry-run" 0
grep -qF '{"port":{"allowed_address_pairs":[' "$W/out" && grep -qF '"ip_address":"1.1.1.1/0"' "$W/out" \
  && grep -qF "POST /v2.0/ports" "$W/out" && pass "dry run prints the bodies" || fail "dry run output: $(head -c 600 "$W/out")"
n=$("$OSC" port list --network "$NET" -f value -c ID | wc -l)
[ "$n" = 2 ] && pass "nothing was created by the refusals and the dry run" || fail "network has $n ports, expected 2"

# ---- create --bind A ------------------------------------------------------------------------
vipctl vip create --network "$RUN-net" --name "$RUN-vip" --ip "$CIDR_PREFIX.100" --bind "$SA" --yes --output json
expect_rc "vip create --bind $SA --yes" 0
cp "$W/out" "$W/create.json"
VIP=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["report"]["vip_port_id"] or "")' "$W/create.json" 2>/dev/null)
[ -n "$VIP" ] && pass "create reports the VIP port id $VIP" || { fail "no vip_port_id in: $(head -c 400 "$W/out")"; VIP=$("$OSC" port list --network "$NET" --device-owner neutron:VIP_PORT -f value -c ID | head -1); }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["result"]=="applied" and d["report"]["outcome"]=="applied" and d["plan"]["strategy"]=="huawei"' "$W/create.json" \
  && pass "create JSON: applied, strategy huawei" || fail "create JSON: $(head -c 400 "$W/out")"
grep -q '^apply: ' "$W/err" && pass "progress on stderr" || fail "no progress lines on stderr"
show "$VIP"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert p["device_owner"]=="neutron:VIP_PORT" and p["fixed_ips"][0]["ip_address"]==sys.argv[2] and p["name"]==sys.argv[3]' \
  "$W/$VIP.json" "$CIDR_PREFIX.100" "$RUN-vip" && pass "VIP port: neutron:VIP_PORT, $CIDR_PREFIX.100, named" || fail "VIP port: $(head -c 400 "$W/$VIP.json")"
expect_pairs "after create: VIP pairs hold NIC A's IP" "$VIP" "$IPA"
expect_pairs "after create: NIC A has 1.1.1.1/0 and keeps its own pair" "$PA" "1.1.1.1/0 $CIDR_PREFIX.201"
expect_pairs "after create: NIC B untouched" "$PB" "$CIDR_PREFIX.202"

vipctl vip create --network "$RUN-net" --name "$RUN-vip" --yes
[ "$RC" = 1 ] && [ "$(wc -l <"$W/err")" = 1 ] && grep -q 'already exists' "$W/err" && pass "a second VIP of the same name: refused (exit 1): $(cat "$W/err")" \
  || fail "a second VIP of the same name: exit $RC, $(cat "$W/err")"
vipctl vip create --network "$RUN-net" --name "$RUN-vip-dup" --ip "$CIDR_PREFIX.100" --yes
[ "$RC" = 1 ] && [ "$(wc -l <"$W/err")" = 1 ] && grep -q 'in use' "$W/err" && pass "a second VIP on the same address: refused (exit 1): $(cat "$W/err")" \
  || fail "a second VIP on the same address: exit $RC, $(cat "$W/err")"

# ---- bind B, with a concurrent change between vipctl's read and its write (a real 412) ----------
"$OSC" port set --allowed-address ip-address="$CIDR_PREFIX.250" "$VIP" || fail "hand pair on the VIP"
REV0=$(rev "$VIP")
t=$(date +%s.%N)
HOME="$W/home" VIPCTL_TEST_PAUSE_BEFORE_WRITE=4 "$VIPCTL" vip bind "$RUN-vip" --server "$SB" --yes </dev/null >"$W/bind.out" 2>"$W/bind.err" &
BG=$!
for _ in $(seq 1 150); do grep -q 'VIPCTL_TEST_PAUSE_BEFORE_WRITE' "$W/bind.err" && break; kill -0 "$BG" 2>/dev/null || break; sleep 0.1; done
if grep -q 'VIPCTL_TEST_PAUSE_BEFORE_WRITE' "$W/bind.err"; then
  "$OSC" port set --allowed-address ip-address="$CIDR_PREFIX.251" "$VIP" || fail "concurrent change"
  echo "concurrent change: revision $REV0 -> $(rev "$VIP") while vipctl waits"
else
  fail "vipctl did not reach the pause: $(cat "$W/bind.err")"
fi
wait "$BG"; RC=$?; BG=""; DT=$(secs "$t")
cp "$W/bind.out" "$W/out"; cp "$W/bind.err" "$W/err"
expect_rc "vip bind $SB --yes across a concurrent change" 0
grep -q '412: .*merging again' "$W/err" && pass "the 412 was met; vipctl read the port again and merged its delta again: $(grep '412: ' "$W/err" | head -1)" \
  || fail "no 412 merged again on stderr: $(cat "$W/err")"
expect_pairs "after bind: VIP pairs hold both NIC IPs and the hand-made pairs" "$VIP" "$IPA $IPB $CIDR_PREFIX.250 $CIDR_PREFIX.251"
expect_pairs "after bind: NIC A keeps 1.1.1.1/0 and its pair" "$PA" "1.1.1.1/0 $CIDR_PREFIX.201"
expect_pairs "after bind: NIC B has 1.1.1.1/0 and keeps its pair" "$PB" "1.1.1.1/0 $CIDR_PREFIX.202"

HOME="$W/home" "$VIPCTL" vips --output json >"$W/vips.json" 2>"$W/err"
python3 -c '
import json, sys
v = [x for x in json.load(open(sys.argv[1])) if x["id"] == sys.argv[2]][0]
assert sorted(b["port_id"] for b in v["bound"] if b.get("port_id")) == sorted(sys.argv[3:5]), v
assert all(b["source_dest_check"] == "off" for b in v["bound"] if b.get("port_id")), v' "$W/vips.json" "$VIP" "$PA" "$PB" \
  && pass "vipctl vips: bound to both NICs, checks off" || fail "vipctl vips: $(head -c 600 "$W/vips.json")"

vipctl vip bind "$RUN-vip" --server "$SB" --yes
expect_rc "bind again: nothing to do" 0
grep -qi 'nothing to do' "$W/out" && pass "says nothing to do" || fail "bind again output: $(head -c 300 "$W/out")"

REV1=$(rev "$VIP")
vipctl vip unbind "$RUN-vip" --server "$SB" --yes --read-only
expect_rc "unbind --read-only: not applied" 2
[ "$(rev "$VIP")" = "$REV1" ] && pass "read-only: the VIP's revision did not move" || fail "read-only changed the VIP"

# ---- unbind B -----------------------------------------------------------------------------------
vipctl vip unbind "$RUN-vip" --server "$SB" --yes
expect_rc "vip unbind $SB --yes" 0
expect_pairs "after unbind: VIP pairs lost only NIC B's IP" "$VIP" "$IPA $CIDR_PREFIX.250 $CIDR_PREFIX.251"
expect_pairs "after unbind: NIC A untouched" "$PA" "1.1.1.1/0 $CIDR_PREFIX.201"
# Huawei's unbind leaves 1.1.1.1/0 on the NIC (other VIPs may rely on it) and says so.
expect_pairs "after unbind: NIC B keeps 1.1.1.1/0 and its own pair" "$PB" "1.1.1.1/0 $CIDR_PREFIX.202"
grep -q '1.1.1.1/0 stays on' "$W/out" && pass "unbind warns that 1.1.1.1/0 stays" || fail "no warning about 1.1.1.1/0: $(head -c 600 "$W/out")"

# ---- nic check on / off ---------------------------------------------------------------------------
vipctl nic check --port "$PB" on --yes
expect_rc "nic check --port NIC-B on --yes" 0
expect_pairs "check on: 1.1.1.1/0 removed, own pair kept" "$PB" "$CIDR_PREFIX.202"
vipctl nic check --port "$IPB" on --yes
expect_rc "nic check on again (by IP): nothing to do" 0
grep -qi 'nothing to do' "$W/out" && pass "says nothing to do" || fail "check on again: $(head -c 300 "$W/out")"
vipctl nic check --port "$IPB" off --yes
expect_rc "nic check --port $IPB off --yes" 0
expect_pairs "check off: 1.1.1.1/0 added, own pair kept" "$PB" "1.1.1.1/0 $CIDR_PREFIX.202"

# ---- delete ---------------------------------------------------------------------------------------
vipctl vip delete "$RUN-vip" --yes
[ "$RC" = 1 ] && grep -q '^vipctl: ' "$W/err" && pass "delete of a bound VIP without --unbind: refused (exit 1): $(tail -1 "$W/err")" \
  || fail "delete of a bound VIP without --unbind: exit $RC, $(cat "$W/err")"
"$OSC" port show "$VIP" -f value -c id >/dev/null 2>&1 && pass "the VIP is still there" || fail "the VIP is gone"
vipctl vip delete "$RUN-vip" --unbind --yes
expect_rc "vip delete --unbind --yes" 0
if "$OSC" port show "$VIP" -f value -c id >/dev/null 2>&1; then fail "the VIP port still exists"; else pass "the VIP port is gone"; VIP=""; fi
PA_AFTER_DELETE=$(pairs "$PA")
echo "after delete: NIC A pairs [$PA_AFTER_DELETE]"
echo "$PA_AFTER_DELETE" | grep -q "$CIDR_PREFIX.201" && pass "after delete: NIC A keeps its own pair" || fail "NIC A lost its own pair"

# ---- the openstack strategy: the NICs' pairs get the VIP address ---------------------------------
vipctl vip create --network "$RUN-net" --name "$RUN-vip2" --ip "$CIDR_PREFIX.110" --bind "$SA" --bind "$SB" --strategy openstack --yes --output json
expect_rc "create --strategy openstack --bind A --bind B" 0
VIP2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["report"]["vip_port_id"] or "")' "$W/out" 2>/dev/null)
echo "$(pairs "$PA")" | grep -qw "$CIDR_PREFIX.110" && echo "$(pairs "$PB")" | grep -qw "$CIDR_PREFIX.110" \
  && pass "openstack: both NICs' pairs hold the VIP address" || fail "openstack: NIC pairs [$(pairs "$PA")] [$(pairs "$PB")]"
echo "$(pairs "$PB")" | grep -q "$CIDR_PREFIX.202" && pass "openstack: NIC B keeps its own pair" || fail "openstack: NIC B lost its own pair"
vipctl vip delete "$RUN-vip2" --unbind --strategy openstack --yes
expect_rc "delete --unbind --strategy openstack" 0
if [ -n "$VIP2" ] && ! "$OSC" port show "$VIP2" -f value -c id >/dev/null 2>&1; then VIP2=""; pass "the second VIP is gone"; else fail "the second VIP remains"; fi
echo "$(pairs "$PA")" | grep -qw "$CIDR_PREFIX.110" && fail "openstack: NIC A still holds the VIP address" || pass "openstack: the VIP address left NIC A's pairs"

echo "vip-lane: $PASSES passed, $FAILS failed in $(secs "$T0") s"
[ "$FAILS" = 0 ]
