#!/usr/bin/env bash
# `vipctl export --format openstack` does what vipctl does: on a fresh `vipctl sim` (demo
# scenario) the exported openstack CLI commands of a `vip create --bind A --bind B` and of a
# `vip bind` are run with the real openstack CLI; on a second fresh simulator vipctl applies the
# same two commands itself. The ports of the network are then compared (pairs, device_owner,
# fixed IPs, names; ids, MACs and timestamps ignored) and any difference fails the lane.
#
#   .ci/lanes/export-lane.sh        (starts and stops its own simulators)
#
# Prints PASS/FAIL per check and "export-lane: N passed, M failed".
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VIPCTL=${VIPCTL:-$ROOT/.build/debug/vipctl}
LANE_HOME=${VIPCTL_LANE_HOME:-$HOME/.cache/vipctl-lane}
OSC=${OSC_BIN:-$LANE_HOME/venv-osc/bin/openstack}
export PYTHONWARNINGS=ignore PYTHONDONTWRITEBYTECODE=1
[ -x "$VIPCTL" ] || { echo "export-lane: $VIPCTL not built" >&2; exit 2; }
[ -x "$OSC" ] || "$HERE/realcloud.sh" install-osc >&2 || exit 2
unset OS_CLOUD OS_CLIENT_CONFIG_FILE

W=$(mktemp -d "${TMPDIR:-/tmp}/export-lane.XXXXXX")
mkdir -p "$W/home" "$W/bin"
# The exported script calls `openstack`: the lane's CLI, first on PATH.
ln -s "$OSC" "$W/bin/openstack"
FAILS=0 PASSES=0 SIM_PID=""
cleanup() {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
pass() { echo "PASS $1"; PASSES=$((PASSES+1)); }
fail() { echo "FAIL $1"; FAILS=$((FAILS+1)); }

# start_sim NAME: a fresh demo simulator; its OS_* variables exported here.
start_sim() {
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
  "$VIPCTL" sim --scenario demo --port 0 >"$W/$1.sim" 2>&1 </dev/null &
  SIM_PID=$!
  for _ in $(seq 1 100); do
    grep -q '^export OS_INTERFACE' "$W/$1.sim" 2>/dev/null && break
    sleep 0.1
  done
  grep -q '^listening on ' "$W/$1.sim" || { echo "FAIL vipctl sim did not start: $(cat "$W/$1.sim")"; exit 1; }
  eval "$(grep '^export ' "$W/$1.sim")"
}

# vipctl ARGS...: with an empty HOME (no clouds.yaml, a journal of its own).
vipctl() { HOME="$W/home" XDG_STATE_HOME="$W/home/state" "$VIPCTL" "$@" </dev/null; }

# snapshot FILE: every port of prod-net, without ids, MACs or timestamps, sorted.
snapshot() {
  local ids
  ids=$("$OSC" port list --network prod-net -f value -c ID) || { echo "FAIL port list"; return 1; }
  : >"$W/ports.jsonl"
  for id in $ids; do "$OSC" port show "$id" -f json | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >>"$W/ports.jsonl"; done
  python3 - "$W/ports.jsonl" >"$1" <<'EOF'
import json, sys
out = []
for line in open(sys.argv[1]):
    p = json.loads(line)
    out.append({
        "name": p.get("name") or "",
        "device_owner": p.get("device_owner") or "",
        "fixed_ips": sorted(f["ip_address"] for f in (p.get("fixed_ips") or [])),
        "pairs": sorted(a["ip_address"] for a in (p.get("allowed_address_pairs") or [])),
        "port_security_enabled": p.get("port_security_enabled"),
    })
out.sort(key=lambda p: (p["fixed_ips"], p["name"]))
for p in out:
    print(json.dumps(p, sort_keys=True))
EOF
}

CREATE=(vip create --network prod-net --ip 192.168.10.60 --name vip-lane --bind web-01 --bind app-01)
BIND=(vip bind vip-lane --server web-02)

# ---- 1. the exported openstack commands, run with the openstack CLI ------------------------
start_sim exported
if vipctl export --format openstack "${CREATE[@]}" >"$W/create.sh" 2>"$W/err"; then pass "export of vip create"
else fail "export of vip create: $(cat "$W/err")"; fi
grep -q 'neutron:VIP_PORT' "$W/create.sh" && grep -q -- '--allowed-address ip-address=192.168.10.11' "$W/create.sh" \
  && pass "the create export names the VIP port and its pairs" || fail "create export: $(cat "$W/create.sh")"
if PATH="$W/bin:$PATH" sh "$W/create.sh" >"$W/run.out" 2>&1; then pass "the exported create commands ran"
else fail "the exported create commands: $(tail -5 "$W/run.out")"; fi
if vipctl export --format openstack "${BIND[@]}" >"$W/bind.sh" 2>"$W/err"; then pass "export of vip bind"
else fail "export of vip bind: $(cat "$W/err")"; fi
# Exporting sends nothing: a second export of the bind (curl) still plans the same write.
vipctl export --format curl "${BIND[@]}" >"$W/bind.curl" 2>/dev/null
grep -qF -- '-H "X-Auth-Token: $OS_TOKEN"' "$W/bind.curl" && grep -qF '"ip_address":"192.168.10.12"' "$W/bind.curl" \
  && { [ -z "${OS_PASSWORD:-}" ] || ! grep -qF "$OS_PASSWORD" "$W/bind.curl"; } \
  && pass "the curl export reads \$OS_TOKEN, holds no password, and the first export sent nothing" \
  || fail "curl export: $(head -30 "$W/bind.curl")"
if PATH="$W/bin:$PATH" sh "$W/bind.sh" >"$W/run.out" 2>&1; then pass "the exported bind commands ran"
else fail "the exported bind commands: $(tail -5 "$W/run.out")"; fi
snapshot "$W/exported.txt"

# ---- 2. vipctl itself, on a second fresh simulator ------------------------------------------
start_sim vipctl
vipctl "${CREATE[@]}" --yes >"$W/run.out" 2>&1 && pass "vipctl vip create" || fail "vipctl vip create: $(tail -5 "$W/run.out")"
vipctl "${BIND[@]}" --yes >"$W/run.out" 2>&1 && pass "vipctl vip bind" || fail "vipctl vip bind: $(tail -5 "$W/run.out")"
snapshot "$W/vipctl.txt"

# ---- 3. the same ports --------------------------------------------------------------------
grep -q '"name": "vip-lane"' "$W/vipctl.txt" || fail "vipctl made no vip-lane port"
if diff -u "$W/vipctl.txt" "$W/exported.txt" >"$W/diff"; then
  pass "the exported commands left the same ports as vipctl ($(wc -l <"$W/vipctl.txt") ports: pairs, device_owner, fixed IPs)"
else
  fail "the ports differ (- vipctl, + exported commands):"
  cat "$W/diff"
fi

echo "export-lane: $PASSES passed, $FAILS failed"
[ "$FAILS" = 0 ]
