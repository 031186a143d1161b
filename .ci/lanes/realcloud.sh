#!/usr/bin/env bash
# vipctl "real cloud" lane: REAL OpenStack Keystone 30 + Neutron 29 (from PyPI) on
# loopback, sqlite, no broker, no agents, served by gunicorn. Used to check the
# simulator (`vipctl sim`) against the real thing (.ci/lanes/differential.py,
# .ci/lanes/osc-lane.sh).
#
#   .ci/lanes/realcloud.sh up      install if needed, fresh databases, start, print timings
#   .ci/lanes/realcloud.sh env     print `export OS_...` lines for the demo (member) user
#   .ci/lanes/realcloud.sh status  show whether the lane's processes are alive
#   .ci/lanes/realcloud.sh down    stop exactly the processes `up` started
#   .ci/lanes/realcloud.sh install-osc   only create the python-openstackclient venv
#
# Environment:
#   VIPCTL_LANE_HOME   venvs + state (default $HOME/.cache/vipctl-lane; never the repo)
#   LANE_KS_PORT       keystone port (default 15000)
#   LANE_NT_PORT       neutron port  (default 19696)
#   LANE_PYTHON        interpreter for the venvs (default /usr/bin/python3)
#   LANE_REPIN=1       install without the constraints files and rewrite them from
#                      `pip freeze` (only when deliberately moving the pins)
#   LANE_NO_OSC=1      skip the python-openstackclient venv
#
# Accounts created on every `up` (fresh sqlite each time):
#   admin / admin-secret, project admin, domain default ("Default"), region RegionOne
#   demo  / demo-secret,  project demo,  role member  (same as `vipctl sim` defaults)
#   neutron / neutron-secret, project service, role admin (keystonemiddleware)
# Each lane instance keeps its state in $VIPCTL_LANE_HOME/state-<KS_PORT>, so two
# instances on different ports do not collide.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
LANE_HOME=${VIPCTL_LANE_HOME:-$HOME/.cache/vipctl-lane}
KS_PORT=${LANE_KS_PORT:-15000}
NT_PORT=${LANE_NT_PORT:-19696}
PY=${LANE_PYTHON:-/usr/bin/python3}
[ -x "$PY" ] || PY=$(command -v python3)
SRV_VENV=$LANE_HOME/venv-servers
OSC_VENV=$LANE_HOME/venv-osc
STATE=$LANE_HOME/state-$KS_PORT
PIN_SRV=$HERE/constraints-servers.txt
PIN_OSC=$HERE/constraints-osc.txt
ADMIN_PW=admin-secret
DEMO_PW=demo-secret
NEUTRON_PW=neutron-secret

export PYTHONWARNINGS=ignore          # eventlet / pkg_resources deprecation noise
export PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

say() { printf '[lane %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { printf 'realcloud.sh: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
dt() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }

# ---------------------------------------------------------------------------
# process bookkeeping
# ---------------------------------------------------------------------------
ours() {  # pid -> 0 if that pid is a gunicorn of this lane instance
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  # gunicorn may retitle itself (setproctitle) to "gunicorn: master [NAME]", so
  # accept either our state dir in the argv or our --name, which carries the port.
  case "$cmd" in
    *gunicorn*"$STATE/"* | *gunicorn*"[vipctl-lane-$KS_PORT-"*) return 0 ;;
    *) return 1 ;;
  esac
}
master_pid() {  # svc -> pid of the live gunicorn master, or nothing
  local f pid
  for f in "$STATE/$1.pid" "$STATE/$1.spawn"; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null && ours "$pid"; then echo "$pid"; return 0; fi
  done
  return 0
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd_down() {
  local rc=0 svc pid kids k
  for svc in neutron keystone; do
    pid=$(master_pid "$svc")
    if [ -z "$pid" ]; then
      say "$svc: not running"
      rm -f "$STATE/$svc.pid" "$STATE/$svc.spawn"
      continue
    fi
    kids=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ')
    say "$svc: SIGTERM gunicorn master $pid (workers:${kids:- none})"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$svc: master $pid still alive after 15 s, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; rc=1
    fi
    for k in $kids; do
      if kill -0 "$k" 2>/dev/null && ours "$k"; then say "$svc: SIGKILL worker $k"; kill -KILL "$k" 2>/dev/null || true; fi
    done
    rm -f "$STATE/$svc.pid" "$STATE/$svc.spawn"
  done
  return $rc
}

cmd_status() {
  local svc pid rc=0
  for svc in keystone neutron; do
    pid=$(master_pid "$svc")
    if [ -n "$pid" ]; then echo "$svc: running (master $pid)"; else echo "$svc: stopped"; rc=3; fi
  done
  return $rc
}

cmd_env() {
  cat <<EOF
export OS_AUTH_URL=http://127.0.0.1:$KS_PORT/v3
export OS_USERNAME=demo
export OS_PASSWORD=$DEMO_PW
export OS_PROJECT_NAME=demo
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_IDENTITY_API_VERSION=3
EOF
}

# ---------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------
ensure_os_packages() {
  local need=()
  "$PY" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  [ ${#need[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${need[*]} and not root; install them first"
  say "apt-get install ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" </dev/null >/dev/null
}

stamp_of() {  # constraints file -> stamp text
  { "$PY" -c 'import sys; print(sys.version)'; sha256sum <"$1" 2>/dev/null || echo none; } | tr '\n' ' '
}

ensure_venv() {  # venv constraints-file requirement...
  local venv=$1 pins=$2; shift 2
  if [ "${LANE_REPIN:-0}" != 1 ] && [ -f "$pins" ] && [ -f "$venv/.lane-stamp" ] &&
     [ "$(cat "$venv/.lane-stamp")" = "$(stamp_of "$pins")" ]; then
    return 0
  fi
  rm -rf "$venv"
  "$PY" -m venv "$venv"
  if [ "${LANE_REPIN:-0}" = 1 ] || [ ! -f "$pins" ]; then
    say "pip install $* (unpinned) -> will write $(basename "$pins")"
    "$venv/bin/pip" install -q "$@" </dev/null
    { echo "# pip freeze of $(basename "$venv") ($("$venv/bin/python" -V)), written by realcloud.sh; regenerate with LANE_REPIN=1"
      "$venv/bin/pip" freeze --all --exclude pip --exclude setuptools --exclude wheel; } >"$pins"
  else
    say "pip install -c $(basename "$pins") $*"
    "$venv/bin/pip" install -q -c "$pins" "$@" </dev/null
  fi
  stamp_of "$pins" >"$venv/.lane-stamp"
}

# ---------------------------------------------------------------------------
# config files (rendered fresh into $STATE on every up)
# ---------------------------------------------------------------------------
render_configs() {
  mkdir -p "$STATE"/{log,lock,neutron-state,app}

  cat >"$STATE/keystone.conf" <<EOF
[DEFAULT]
log_file = $STATE/log/keystone.log
debug = false
[database]
connection = sqlite:///$STATE/keystone.sqlite
[token]
provider = fernet
expiration = 86400
[fernet_tokens]
key_repository = $STATE/keys-fernet
[fernet_receipts]
key_repository = $STATE/keys-fernet
[credential]
key_repository = $STATE/keys-credential
[cache]
enabled = false
[identity]
# bcrypt cost: the minimum keeps every token issue fast (tests issue many); API unchanged
password_hash_rounds = 4
EOF

  cat >"$STATE/neutron.conf" <<EOF
[DEFAULT]
core_plugin = ml2
# empty: neutron still adds its default service plugins (tag, timestamp, revisions, ...)
service_plugins =
auth_strategy = keystone
api_paste_config = $STATE/api-paste.ini
allow_overlapping_ips = true
# oslo.messaging in-process driver: no broker
transport_url = fake://
rpc_workers = 0
rpc_state_report_workers = 0
dhcp_agent_notification = false
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
pagination_max_limit = 1000
state_path = $STATE/neutron-state
log_file = $STATE/log/neutron.log
debug = false
[database]
connection = sqlite:///$STATE/neutron.sqlite
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:$KS_PORT
auth_url = http://127.0.0.1:$KS_PORT
auth_type = password
username = neutron
password = $NEUTRON_PW
project_name = service
user_domain_name = Default
project_domain_name = Default
[oslo_concurrency]
lock_path = $STATE/lock
[oslo_messaging_notifications]
driver = noop
[agent]
root_helper = true
EOF

  cat >"$STATE/ml2_conf.ini" <<'EOF'
[ml2]
type_drivers = flat,local,vlan,vxlan
tenant_network_types = vxlan
# no agents -> no mechanism drivers; ports stay DOWN/unbound, the API is complete
mechanism_drivers =
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[ml2_type_vxlan]
vni_ranges = 1:1000
EOF

  cp "$SRV_VENV/etc/neutron/api-paste.ini" "$STATE/api-paste.ini"

  # WSGI entry points. keystone.wsgi.api / neutron.wsgi.api parse sys.argv with
  # oslo.config at import time; under gunicorn that is gunicorn's argv -> crash.
  local svc mod
  for svc in keystone neutron; do
    mod=$svc.wsgi.api
    cat >"$STATE/app/lane_$svc.py" <<EOF
# generated by .ci/lanes/realcloud.sh: hide gunicorn's argv from oslo.config
import sys
sys.argv = [sys.argv[0]]
from $mod import application  # noqa: E402,F401
EOF
  done

  # neutron-db-manage upgrade cannot run on sqlite (old migrations ALTER
  # constraints); build the schema from the models, then stamp the alembic heads.
  cat >"$STATE/app/lane_neutron_schema.py" <<'EOF'
import sys
import warnings
warnings.simplefilter("ignore")
import sqlalchemy
from neutron.db.migration.models import head
engine = sqlalchemy.create_engine(sys.argv[1])
head.get_metadata().create_all(engine)
print("neutron tables:", len(sqlalchemy.inspect(engine).get_table_names()))
EOF

  # keystone REST setup after start: service project + neutron user, network
  # service + endpoints, demo project/user with role member.
  cat >"$STATE/app/lane_register.py" <<'EOF'
import json
import sys
import urllib.error
import urllib.request

ks, nt_url, admin_pw, neutron_pw, demo_pw = sys.argv[1:6]


def call(method, path, body=None, token=None):
    req = urllib.request.Request(ks + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("X-Auth-Token", token)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            raw = r.read()
            return r.status, r.headers, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        sys.exit(f"register: {method} {path} -> {e.code} {e.read()[:400]!r}")


def scoped_body(user, pw, project):
    return {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"id": "default"}, "password": pw}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}}


_, h, _ = call("POST", "/v3/auth/tokens", scoped_body("admin", admin_pw, "admin"))
tok = h["X-Subject-Token"]


def create(path, key, obj):
    return call("POST", path, {key: obj}, tok)[2][key]["id"]


def role_id(name):
    roles = call("GET", f"/v3/roles?name={name}", token=tok)[2]["roles"]
    return roles[0]["id"] if roles else create("/v3/roles", "role", {"name": name})


admin_role, member_role = role_id("admin"), role_id("member")
service = create("/v3/projects", "project", {"name": "service", "domain_id": "default"})
neutron = create("/v3/users", "user", {"name": "neutron", "domain_id": "default", "password": neutron_pw})
call("PUT", f"/v3/projects/{service}/users/{neutron}/roles/{admin_role}", token=tok)
demo_p = create("/v3/projects", "project", {"name": "demo", "domain_id": "default"})
demo_u = create("/v3/users", "user", {"name": "demo", "domain_id": "default", "password": demo_pw})
call("PUT", f"/v3/projects/{demo_p}/users/{demo_u}/roles/{member_role}", token=tok)
svc = create("/v3/services", "service", {"name": "neutron", "type": "network", "enabled": True})
for iface in ("public", "internal", "admin"):
    create("/v3/endpoints", "endpoint", {"service_id": svc, "interface": iface,
                                         "region_id": "RegionOne", "url": nt_url})
# prove the demo user works (member-scoped token) before reporting success
_, h, _ = call("POST", "/v3/auth/tokens", scoped_body("demo", demo_pw, "demo"))
print(tok)
EOF
}

start_gunicorn() {  # svc port [env assignments...]
  local svc=$1 port=$2; shift 2
  env "$@" setsid "$SRV_VENV/bin/gunicorn" --no-control-socket \
    --chdir "$STATE/app" --bind "127.0.0.1:$port" --workers 1 --threads 1 --timeout 120 \
    --pid "$STATE/$svc.pid" --error-logfile "$STATE/log/$svc-gunicorn.log" \
    --name "vipctl-lane-$KS_PORT-$svc" "lane_$svc:application" \
    >"$STATE/log/$svc.stdout" 2>&1 </dev/null &
  echo $! >"$STATE/$svc.spawn"
}

wait_code() {  # url want seconds [curl args...]
  local url=$1 want=$2 secs=$3 code=000; shift 3
  local end=$(( $(date +%s) + secs ))
  while [ "$(date +%s)" -lt "$end" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "$url" 2>/dev/null || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.25
  done
  say "$url: wanted $want, last $code; logs in $STATE/log"
  tail -n 30 "$STATE"/log/*.log "$STATE"/log/*.stdout >&2 2>/dev/null || true
  return 1
}

cmd_up() {
  local t0 t1 t2 t3 t4 svc
  t0=$(now)
  for svc in keystone neutron; do
    [ -z "$(master_pid "$svc")" ] || die "$svc already running for port $KS_PORT (master $(master_pid "$svc")); run down first"
  done
  for p in "$KS_PORT" "$NT_PORT"; do
    if port_busy "$p"; then die "port 127.0.0.1:$p already in use"; fi
  done

  ensure_os_packages
  mkdir -p "$LANE_HOME"
  t1=$(now)
  ensure_venv "$SRV_VENV" "$PIN_SRV" keystone==30.0.0 neutron==29.0.0 gunicorn
  [ "${LANE_NO_OSC:-0}" = 1 ] || ensure_venv "$OSC_VENV" "$PIN_OSC" python-openstackclient==10.5.0
  t2=$(now)

  rm -rf "$STATE"
  render_configs
  local KM=("$SRV_VENV/bin/keystone-manage" --config-file "$STATE/keystone.conf")
  local me grp
  me=$(id -un); grp=$(id -gn)
  # neutron's schema does not depend on keystone: build it alongside
  say "neutron: schema from models + stamp heads (background)"
  (
    "$SRV_VENV/bin/python" "$STATE/app/lane_neutron_schema.py" "sqlite:///$STATE/neutron.sqlite" &&
    "$SRV_VENV/bin/neutron-db-manage" --config-file "$STATE/neutron.conf" \
      --config-file "$STATE/ml2_conf.ini" stamp heads
  ) >"$STATE/log/setup-neutron.log" 2>&1 </dev/null &
  local schema_pid=$!
  say "keystone: db_sync, fernet_setup, credential_setup, bootstrap"
  {
    # the key repositories do not need the database: create them alongside db_sync
    "${KM[@]}" fernet_setup --keystone-user "$me" --keystone-group "$grp" &
    local fernet_pid=$!
    "${KM[@]}" credential_setup --keystone-user "$me" --keystone-group "$grp" &
    local cred_pid=$!
    "${KM[@]}" db_sync
    wait "$fernet_pid" && wait "$cred_pid"
    "${KM[@]}" bootstrap --bootstrap-password "$ADMIN_PW" \
      --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
      --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
      --bootstrap-public-url "http://127.0.0.1:$KS_PORT/v3/" \
      --bootstrap-internal-url "http://127.0.0.1:$KS_PORT/v3/" \
      --bootstrap-admin-url "http://127.0.0.1:$KS_PORT/v3/"
  } >>"$STATE/log/setup.log" 2>&1 || { wait "$schema_pid" || true; tail -n 40 "$STATE/log/setup.log" >&2; die "keystone setup failed"; }
  wait "$schema_pid" || { tail -n 40 "$STATE/log/setup-neutron.log" >&2; die "neutron schema setup failed"; }
  t3=$(now)

  say "keystone: gunicorn on 127.0.0.1:$KS_PORT"
  start_gunicorn keystone "$KS_PORT" OS_KEYSTONE_CONFIG_FILES="$STATE/keystone.conf"
  wait_code "http://127.0.0.1:$KS_PORT/v3" 200 90 || { cmd_down || true; die "keystone did not come up"; }
  # neutron only needs its service user when the first request comes in: start it now
  say "neutron: gunicorn on 127.0.0.1:$NT_PORT"
  start_gunicorn neutron "$NT_PORT" OS_NEUTRON_CONFIG_DIR="$STATE" \
    OS_NEUTRON_CONFIG_FILES="neutron.conf;ml2_conf.ini"
  say "keystone: service user, network endpoints, demo tenant"
  local admin_token
  admin_token=$("$PY" "$STATE/app/lane_register.py" "http://127.0.0.1:$KS_PORT" \
    "http://127.0.0.1:$NT_PORT" "$ADMIN_PW" "$NEUTRON_PW" "$DEMO_PW") || { cmd_down || true; die "keystone registration failed"; }
  wait_code "http://127.0.0.1:$NT_PORT/v2.0/networks" 200 180 -H "X-Auth-Token: $admin_token" ||
    { cmd_down || true; die "neutron did not come up"; }
  t4=$(now)
  cmd_env >"$STATE/demo.env"

  say "timings: install $(dt "$t1" "$t2") s, setup $(dt "$t2" "$t3") s, start+register $(dt "$t3" "$t4") s, total $(dt "$t0" "$t4") s"
  cat >&2 <<EOF
realcloud lane is up ($STATE)
  keystone  http://127.0.0.1:$KS_PORT/v3    master $(cat "$STATE/keystone.pid" 2>/dev/null || cat "$STATE/keystone.spawn")
  neutron   http://127.0.0.1:$NT_PORT/v2.0  master $(cat "$STATE/neutron.pid" 2>/dev/null || cat "$STATE/neutron.spawn")
  demo user:  eval "\$(LANE_KS_PORT=$KS_PORT $0 env)"
  CLI:        $OSC_VENV/bin/openstack
  stop:       LANE_KS_PORT=$KS_PORT LANE_NT_PORT=$NT_PORT $0 down
EOF
}

cmd_install_osc() {  # only the CLI venv (e.g. for osc-lane.sh against the simulator)
  local t0; t0=$(now)
  ensure_os_packages
  mkdir -p "$LANE_HOME"
  ensure_venv "$OSC_VENV" "$PIN_OSC" python-openstackclient==10.5.0
  say "osc venv ready in $(dt "$t0" "$(now)") s: $OSC_VENV/bin/openstack"
}

case "${1:-}" in
  up) cmd_up ;;
  install-osc) cmd_install_osc ;;
  down) cmd_down ;;
  env) cmd_env ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|env|status|install-osc   (env: VIPCTL_LANE_HOME, LANE_KS_PORT, LANE_NT_PORT)" >&2; exit 2 ;;
esac
