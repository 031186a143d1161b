#!/usr/bin/env bash
# Run the REAL `openstack` CLI (python-openstackclient, from the lane's osc venv) against
# the cloud named by the OS_* environment variables, and check every command's OUTPUT,
# not only its exit code. Works against the real lane and against `vipctl sim`.
#
#   eval "$(.ci/lanes/realcloud.sh env)" && .ci/lanes/osc-lane.sh          # real lane
#   eval "$(grep ^export sim.out)" && .ci/lanes/osc-lane.sh                # vipctl sim output
#
# Environment:
#   OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, ...   the target (OS_AUTH_URL required)
#   OSC_BIN            openstack executable (default: the lane's venv-osc, created if missing)
#   VIPCTL_LANE_HOME   where the lane's venvs live (default $HOME/.cache/vipctl-lane)
#   OSC_LANE_NETWORK   network (name or id) for the VIP port; default: the first network
#                      that has an IPv4 subnet, else the lane creates (and removes) its own
#   OSC_LANE_OWN_NETWORK=1       always create (and remove) an own network + subnet
#   OSC_LANE_REQUIRE_COMPUTE=1   fail if the catalog has no compute service (use with the sim)
# Prints one line per step (PASS/FAIL, seconds), then "osc-lane: N passed, M failed";
# exits non-zero if any step failed.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
LANE_HOME=${VIPCTL_LANE_HOME:-$HOME/.cache/vipctl-lane}
OSC=${OSC_BIN:-$LANE_HOME/venv-osc/bin/openstack}
PY=$(command -v python3)
export PYTHONWARNINGS=ignore PYTHONDONTWRITEBYTECODE=1

[ -n "${OS_AUTH_URL:-}" ] || { echo "osc-lane: OS_AUTH_URL is not set (eval the target's env first)" >&2; exit 2; }
if [ ! -x "$OSC" ]; then
  if [ -z "${OSC_BIN:-}" ]; then
    "$HERE/realcloud.sh" install-osc || { echo "osc-lane: could not create the osc venv" >&2; exit 2; }
  else
    echo "osc-lane: $OSC is not executable" >&2; exit 2
  fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/osc-lane.XXXXXX")
RUN=osclane$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
PASSES=0 FAILS=0 STEP=0
CREATED_NET="" CREATED_SUBNET="" PORT_ID="" DELETED_PORT=""
T_ALL=$(date +%s.%N)

cleanup() {
  if [ -n "$PORT_ID" ]; then "$OSC" port delete "$PORT_ID" >/dev/null 2>&1 </dev/null || true; fi
  if [ -n "$CREATED_SUBNET" ]; then "$OSC" subnet delete "$CREATED_SUBNET" >/dev/null 2>&1 </dev/null || true; fi
  if [ -n "$CREATED_NET" ]; then "$OSC" network delete "$CREATED_NET" >/dev/null 2>&1 </dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# run NAME CMD... : runs CMD; stdout in $OUT, stderr in $ERR, exit status in $RC
run() {
  STEP=$((STEP + 1))
  NAME=$1; shift
  OUT=$WORK/$STEP.out ERR=$WORK/$STEP.err
  local t0; t0=$(date +%s.%N)
  "$@" >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  SECS=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  CMDLINE="$*"
}

# verdict 0|1 [why]: print the step's line (and the evidence on failure)
verdict() {
  if [ "$1" = 0 ]; then
    PASSES=$((PASSES + 1)); printf 'PASS %5ss  %s\n' "$SECS" "$NAME"
  else
    FAILS=$((FAILS + 1)); printf 'FAIL %5ss  %s\n' "$SECS" "$NAME"
    printf '      command: %s (exit %s)\n' "${CMDLINE/$OSC/openstack}" "$RC"
    if [ -n "${2:-}" ]; then printf '      why: %s\n' "$2"; fi
    sed -n '1,15s/^/      stdout: /p' "$OUT"
    sed -n '1,15s/^/      stderr: /p' "$ERR"
  fi
}

# check CHECK [key=value...]: exit status 0 and checks.py CHECK accepts the JSON in $OUT
check() {
  local why
  if [ "$RC" != 0 ]; then verdict 1 "exit status $RC"; return 1; fi
  why=$("$PY" "$WORK/checks.py" "$OUT" "$@" 2>&1)
  if [ "$why" = ok ]; then verdict 0; return 0; fi
  verdict 1 "$why"; return 1
}

# silent: exit status 0 and no output (what `port set/unset/delete` print on success)
silent() {
  if [ "$RC" = 0 ] && [ ! -s "$OUT" ]; then verdict 0; return 0; fi
  verdict 1 "expected exit 0 and no output"; return 1
}

# json_get FILE EXPR: print a value from a JSON output file (d = the document)
json_get() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null; }

cat >"$WORK/checks.py" <<'PYEOF'
"""osc-lane output checks: checks.py OUTPUT-FILE CHECK [key=value...]; prints ok or why not."""
import json
import sys


def pairs_of(d):
    pairs = d.get("allowed_address_pairs")
    if isinstance(pairs, str):
        raise AssertionError(f"allowed_address_pairs rendered as a string: {pairs!r}")
    return pairs or []


def c_token(d, env):
    assert isinstance(d, dict), "not an object"
    for k in ("id", "expires", "project_id", "user_id"):
        assert d.get(k), f"no {k} in {sorted(d)}"


def c_catalog(d, env):
    types = {e.get("Type") for e in d}
    assert {"identity", "network"} <= types, f"service types {sorted(types)}"


def columns(*cols):
    def c(d, env):
        assert isinstance(d, list), "not a list"
        for row in d:
            assert set(cols) <= set(row), f"columns {sorted(row)}, want {sorted(cols)}"
        if env.get("nonempty") == "1":
            assert d, "empty list"
    return c


def c_server_show(d, env):
    assert d.get("id") == env["id"], f"id {d.get('id')}"
    assert "addresses" in d, f"keys {sorted(d)}"


def c_network_create(d, env):
    assert d.get("name") == env["name"], f"name {d.get('name')}"
    assert d.get("id"), "no id"


def c_subnet_create(d, env):
    assert d.get("cidr") == "192.0.2.0/24", f"cidr {d.get('cidr')}"
    assert d.get("network_id") == env["net"], f"network_id {d.get('network_id')}"
    assert d.get("allocation_pools"), "no allocation_pools"


def c_vip_create(d, env):
    assert d.get("name") == env["name"], f"name {d.get('name')}"
    assert d.get("device_owner") == "neutron:VIP_PORT", f"device_owner {d.get('device_owner')}"
    assert d.get("id"), "no id"
    assert d.get("fixed_ips"), "no fixed_ips"
    assert d.get("mac_address"), "no mac_address"
    assert not pairs_of(d), f"pairs already set: {pairs_of(d)}"


def c_pairs(d, env):
    pairs = pairs_of(d)
    ips = sorted(p.get("ip_address") for p in pairs)
    want = sorted(w for w in env["want"].split(",") if w)
    assert ips == want, f"pairs {pairs}, want ips {want}"
    for p in pairs:
        assert p.get("mac_address") == env["mac"], f"pair {p} does not carry the port MAC {env['mac']}"
    if env.get("rev") not in (None, "", "None"):
        rev = d.get("revision_number")
        assert isinstance(rev, int) and rev > int(env["rev"]), f"revision_number {rev}, was {env['rev']}"


def c_list_has(d, env):
    ids = [p.get("ID") for p in d]
    assert env["id"] in ids, f"{env['id']} not in {ids}"
    for p in d:
        if "Device Owner" in p:
            assert p["Device Owner"] == "neutron:VIP_PORT", f"non-VIP port listed: {p}"


def c_list_long(d, env):
    mine = [p for p in d if p.get("ID") == env["id"]]
    assert len(mine) == 1, f"port listed {len(mine)} times"
    for col in ("Security Groups", "Device Owner", "Fixed IP Addresses"):
        assert col in mine[0], f"no column {col}: {sorted(mine[0])}"
    assert mine[0]["Device Owner"] == "neutron:VIP_PORT", f"Device Owner {mine[0]['Device Owner']}"


CHECKS = {
    "token": c_token,
    "catalog": c_catalog,
    "network-list": columns("ID", "Name", "Subnets"),
    "subnet-list": columns("ID", "Name", "Network", "Subnet"),
    "port-list": columns("ID", "Name", "MAC Address", "Fixed IP Addresses", "Status"),
    "server-list": columns("ID", "Name", "Status", "Networks"),
    "server-show": c_server_show,
    "network-create": c_network_create,
    "subnet-create": c_subnet_create,
    "vip-create": c_vip_create,
    "pairs": c_pairs,
    "list-has": c_list_has,
    "list-long": c_list_long,
}

try:
    with open(sys.argv[1]) as f:
        data = json.load(f)
except ValueError as e:
    print(f"output is not JSON: {e}")
    sys.exit(0)
env = dict(a.split("=", 1) for a in sys.argv[3:])
try:
    CHECKS[sys.argv[2]](data, env)
except AssertionError as e:
    print(e)
except Exception as e:  # noqa: BLE001
    print(f"check {sys.argv[2]} crashed: {e!r}")
else:
    print("ok")
PYEOF

echo "osc-lane: $("$OSC" --version 2>&1 | tail -n1) against $OS_AUTH_URL as ${OS_USERNAME:-?} / project ${OS_PROJECT_NAME:-${OS_PROJECT_ID:-?}}"

# 1. token and catalog -----------------------------------------------------------
run "token issue -f json: id, expires, project_id, user_id" "$OSC" token issue -f json
check token
run "catalog list -f json: identity and network present" "$OSC" catalog list -f json
check catalog
HAS_COMPUTE=$(json_get "$OUT" '"yes" if any(e.get("Type") == "compute" for e in d) else "no"')

# 2. lists ---------------------------------------------------------------------------
run "network list -f json" "$OSC" network list -f json
check network-list
run "subnet list -f json" "$OSC" subnet list -f json
check subnet-list
cp "$OUT" "$WORK/subnets.json"
run "port list -f json" "$OSC" port list -f json
check port-list

# 3. servers, where the catalog has compute ------------------------------------------
if [ "$HAS_COMPUTE" = yes ]; then
  run "server list -f json --no-name-lookup (compute in catalog)" "$OSC" server list -f json --no-name-lookup
  check server-list
  if [ "$RC" = 0 ] && [ "$(json_get "$OUT" 'len(d)')" != 0 ]; then
    SID=$(json_get "$OUT" 'd[0]["ID"]')
    run "server show <first server> -f json" "$OSC" server show "$SID" -f json
    check server-show "id=$SID"
  fi
elif [ "${OSC_LANE_REQUIRE_COMPUTE:-0}" = 1 ]; then
  STEP=$((STEP + 1)); NAME="server list: compute service in the catalog (required)"; SECS=0.0; RC=1
  OUT=/dev/null ERR=/dev/null CMDLINE="catalog list"; verdict 1 "no compute service in the catalog"
else
  echo "skip         server list (no compute service in the catalog)"
fi

# 4. the network to work on ----------------------------------------------------------
NET=${OSC_LANE_NETWORK:-}
if [ -z "$NET" ] && [ "${OSC_LANE_OWN_NETWORK:-0}" != 1 ]; then
  NET=$("$PY" - "$WORK/subnets.json" <<'PYEOF'
import json, sys
try:
    subnets = json.load(open(sys.argv[1]))
except Exception:
    subnets = []
for s in subnets:
    if "." in str(s.get("Subnet", "")) and s.get("Network"):
        print(s["Network"])
        break
PYEOF
)
fi
if [ -z "$NET" ]; then
  run "network create $RUN-net (no usable network)" "$OSC" network create "$RUN-net" -f json
  check network-create "name=$RUN-net" && CREATED_NET=$(json_get "$OUT" 'd["id"]')
  NET=$CREATED_NET
  if [ -n "$NET" ]; then
    run "subnet create --subnet-range 192.0.2.0/24" "$OSC" subnet create --network "$NET" \
      --subnet-range 192.0.2.0/24 "$RUN-subnet" -f json
    check subnet-create "net=$NET" && CREATED_SUBNET=$(json_get "$OUT" 'd["id"]')
  fi
fi
echo "osc-lane: working on network $NET"

# 5. VIP port ------------------------------------------------------------------------------
if [ -n "$NET" ]; then
  run "port create --network <net> --device-owner neutron:VIP_PORT $RUN-vip" \
    "$OSC" port create --network "$NET" --device-owner neutron:VIP_PORT "$RUN-vip" -f json
  check vip-create "name=$RUN-vip" && PORT_ID=$(json_get "$OUT" 'd["id"]')
  MAC=$(json_get "$OUT" 'd["mac_address"]')
  # two addresses near the end of the port's own /24 (any address is valid in a pair)
  read -r IP_A IP_B < <("$PY" - "$OUT" <<'PYEOF'
import ipaddress, json, sys
try:
    own = ipaddress.ip_address(json.load(open(sys.argv[1]))["fixed_ips"][0]["ip_address"])
    hosts = [h for h in list(ipaddress.ip_network(f"{own}/24", strict=False).hosts())[-6:] if h != own]
    print(hosts[-3], hosts[-2])
except Exception:
    print("192.0.2.252 192.0.2.253")
PYEOF
)
fi

if [ -n "$PORT_ID" ]; then
  run "port set --allowed-address ip-address=$IP_A" "$OSC" port set --allowed-address "ip-address=$IP_A" "$PORT_ID"
  silent
  run "port set --allowed-address ip-address=$IP_B (accumulates)" "$OSC" port set --allowed-address "ip-address=$IP_B" "$PORT_ID"
  silent
  run "port show -f json: pairs $IP_A and $IP_B, each with the port MAC" "$OSC" port show "$PORT_ID" -f json
  check pairs "want=$IP_A,$IP_B" "mac=$MAC"
  REV=$(json_get "$OUT" 'd.get("revision_number")')
  run "port list --device-owner neutron:VIP_PORT -f json: has the new port" \
    "$OSC" port list --device-owner neutron:VIP_PORT -f json
  check list-has "id=$PORT_ID"
  run "port list --long --network <net> -f json: VIP row" "$OSC" port list --long --network "$NET" -f json
  check list-long "id=$PORT_ID"
  # python-openstackclient removes a pair only if the WHOLE dict matches a stored one; the
  # server stores every pair with the port's MAC filled in, so "ip-address=A" alone does
  # not match (real neutron + osc 10.5.0: exit 1 "Port does not contain allowed-address-pair").
  run "port unset --allowed-address ip-address=$IP_A (no MAC: refused by osc)" \
    "$OSC" port unset --allowed-address "ip-address=$IP_A" "$PORT_ID"
  if [ "$RC" != 0 ] && grep -q 'does not contain allowed-address-pair' "$ERR"; then verdict 0
  else verdict 1 "expected exit 1 'Port does not contain allowed-address-pair' (stored pairs carry the MAC)"; fi
  run "port unset --allowed-address ip-address=$IP_A,mac-address=<port mac>" \
    "$OSC" port unset --allowed-address "ip-address=$IP_A,mac-address=$MAC" "$PORT_ID"
  silent
  run "port show -f json: only $IP_B left, revision_number bumped" "$OSC" port show "$PORT_ID" -f json
  check pairs "want=$IP_B" "mac=$MAC" "rev=$REV"
  run "port set --no-allowed-address" "$OSC" port set --no-allowed-address "$PORT_ID"
  silent
  run "port show -f json: no pairs" "$OSC" port show "$PORT_ID" -f json
  check pairs "want=" "mac=$MAC"
  run "port delete" "$OSC" port delete "$PORT_ID"
  silent && { DELETED_PORT=$PORT_ID; PORT_ID=""; }
  run "port show after delete: fails, not found" "$OSC" port show "${DELETED_PORT:-$PORT_ID}" -f json
  if [ "$RC" != 0 ] && grep -qiE 'no port found|not found|could not be found' "$ERR"; then verdict 0
  else verdict 1 "expected a non-zero exit and a 'not found' message"; fi
fi

# 6. remove what this run created ---------------------------------------------------------
if [ -n "$CREATED_SUBNET" ]; then
  run "subnet delete (ours)" "$OSC" subnet delete "$CREATED_SUBNET"
  silent && CREATED_SUBNET=""
fi
if [ -n "$CREATED_NET" ]; then
  run "network delete (ours)" "$OSC" network delete "$CREATED_NET"
  silent && CREATED_NET=""
fi

T=$(awk -v a="$T_ALL" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
echo "osc-lane: $PASSES passed, $FAILS failed"
echo "osc-lane: $STEP steps in $T s"
[ "$FAILS" = 0 ]
