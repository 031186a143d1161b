#!/usr/bin/env python3
"""Differential conformance check: one scripted set of raw Keystone v3 / Neutron v2.0
requests, sent to two clouds (A and B), compared step by step.

    differential.py --a-auth-url http://127.0.0.1:15000/v3 --a-name real \\
                    --b-auth-url http://127.0.0.1:8080/identity/v3 --b-name sim \\
                    [--json report.json] [--full] [--ignore message,types]
    differential.py --self-test --a-auth-url URL     # A against itself: must be 0 differences

For every step the comparison covers:
  status   HTTP status code
  error    NeutronError.type, or keystone "error.code error.title"
  keys     the set of JSON key paths (objects: key sets, recursively; lists: the union of the
           key sets of their elements); values such as IDs, MACs, IPs, timestamps are ignored
  types    the JSON type(s) seen at each key path (string/number/bool/null/object/list)
  headers  presence of X-Subject-Token, x-openstack-request-id, WWW-Authenticate; the
           Content-Type media type
  message  the error message with UUIDs/hex ids/MACs/names masked
  facts    per-step semantic values that are deterministic on a fresh-ish cloud (status
           strings, requested IPs, pair lists, list results by port name, link rels, revision
           deltas, timestamp formats, extension alias presence, ...)

Credentials default to demo / demo-secret, project demo, domain Default (name). Endpoints
are taken from the token catalog (type network, interface public, region RegionOne); "/v2.0"
is appended to the network URL unless it already ends with it. Every run creates its own
uniquely named networks and deletes them at the end. Python 3 standard library only.
Exit status: 0 no differences, 1 differences, 2 usage or connection failure.
"""
import argparse
import http.client
import json
import re
import secrets
import sys
import time
import urllib.parse

UUID0 = "00000000-0000-0000-0000-000000000000"
EXT_ALIASES = ["allowed-address-pairs", "port-security", "standard-attr-revisions",
               "revision-if-match", "pagination", "sorting", "filter-validation"]
WATCHED_HEADERS = ["x-subject-token", "x-openstack-request-id", "www-authenticate"]
KINDS = ["status", "error", "keys", "types", "headers", "message", "facts"]


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------
class Resp:
    def __init__(self, method, url, status, headers, raw, req_body=None, req_headers=None):
        self.method, self.url, self.status, self.raw = method, url, status, raw
        self.headers = headers  # dict: lower-case name -> value
        self.req_body, self.req_headers = req_body, req_headers or {}
        self.json = None
        self.bad_json = False
        if raw:
            try:
                self.json = json.loads(raw.decode("utf-8"))
            except ValueError:
                self.bad_json = True

    def record(self):
        return {"request": {"method": self.method, "url": self.url, "headers": self.req_headers,
                            "body": self.req_body},
                "status": self.status, "headers": self.headers,
                "body": self.json if self.json is not None else
                (self.raw.decode("utf-8", "replace") if self.raw else None)}


class RefusedURL(OSError):
    pass


def request(method, url, body=None, headers=None, timeout=60):
    u = urllib.parse.urlsplit(url)
    if u.hostname is None or not (u.hostname == "localhost" or u.hostname.startswith("127.")
                                  or u.hostname == "::1"):
        # this tool only ever talks to loopback; a link pointing elsewhere is a finding
        raise RefusedURL(f"refusing non-loopback URL {url}")
    conn_cls = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
    conn = conn_cls(u.hostname, u.port, timeout=timeout)
    path = u.path or "/"
    if u.query:
        path += "?" + u.query
    hdrs = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    hdrs.update(headers or {})
    try:
        conn.request(method, path, body=data, headers=hdrs)
        r = conn.getresponse()
        raw = r.read()
        rh = {}
        for k, v in r.getheaders():
            rh[k.lower()] = v if k.lower() not in rh else rh[k.lower()] + ", " + v
        return Resp(method, url, r.status, rh, raw, body,
                    {k: ("<token>" if k.lower() in ("x-auth-token", "x-subject-token") else v)
                     for k, v in hdrs.items()})
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# Observation: what is compared
# ---------------------------------------------------------------------------
def jtype(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    return "object"


def shape(v, prefix="$", keys=None, types=None):
    """key paths and the types seen at each path."""
    if keys is None:
        keys, types = set(), {}
    types.setdefault(prefix, set()).add(jtype(v))
    if isinstance(v, dict):
        for k, x in v.items():
            p = f"{prefix}.{k}"
            keys.add(p)
            shape(x, p, keys, types)
    elif isinstance(v, list):
        for x in v:
            shape(x, prefix + "[]", keys, types)
    return keys, types


MASKS = [
    (re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"), "<uuid>"),
    (re.compile(r"\b[0-9a-f]{32}\b"), "<hex>"),
    (re.compile(r"\b[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\b"), "<mac>"),
    (re.compile(r"req-<uuid>"), "<req>"),
]


def error_of(j):
    if isinstance(j, dict):
        ne = j.get("NeutronError")
        if isinstance(ne, dict):
            return ne.get("type"), ne.get("message")
        e = j.get("error")
        if isinstance(e, dict) and ("code" in e or "title" in e):
            return f"{e.get('code')} {e.get('title')}", e.get("message")
        if "code" in j and "title" in j:  # webob's plain JSON error: {"code","title","message"}
            return f"{j.get('code')} {j.get('title')}", j.get("message")
        if len(j) == 1:  # nova style {"itemNotFound": {"code":..., "message":...}}
            (k, v), = j.items()
            if isinstance(v, dict) and "code" in v and "message" in v:
                return k, v.get("message")
    return None, None


def ts_format(s):
    return re.sub(r"\d", "9", s) if isinstance(s, str) else jtype(s)


def timestamp_formats(j, out=None, prefix="$"):
    """digit-masked format of every *_at / updated / issued value: 9999-99-99T99:99:99Z."""
    if out is None:
        out = {}
    if isinstance(j, dict):
        for k, v in j.items():
            p = f"{prefix}.{k}"
            if (k.endswith("_at") or k == "updated") and not isinstance(v, (dict, list)):
                out.setdefault(re.sub(r"\[\]", "", p), set()).add(ts_format(v))
            else:
                timestamp_formats(v, out, p)
    elif isinstance(j, list):
        for x in j:
            timestamp_formats(x, out, prefix + "[]")
    return out


class Obs:
    def __init__(self, step, resp=None, facts=None, skipped=None):
        self.step = step
        self.skipped = skipped
        self.facts = facts or {}
        self.resp = resp
        if resp is None:
            self.status = None
            self.error = self.message = None
            self.keys, self.types, self.headers = set(), {}, {}
            return
        self.status = resp.status
        self.error, msg = error_of(resp.json)
        self.message = mask(msg) if msg else None
        if resp.json is not None:
            self.keys, types = shape(resp.json)
            self.types = {k: sorted(v) for k, v in types.items()}
        else:
            self.keys, self.types = set(), {}
            if resp.bad_json:
                self.types = {"$": ["<not json>"]}
        self.headers = {h: (h in resp.headers) for h in WATCHED_HEADERS}
        ct = resp.headers.get("content-type")
        self.headers["content-type"] = ct.split(";")[0].strip().lower() if ct else None
        fmts = timestamp_formats(resp.json)
        if fmts:
            self.facts.setdefault("timestamp formats", {k: sorted(v) for k, v in sorted(fmts.items())})

    def as_dict(self, full=False):
        d = {"step": self.step, "skipped": self.skipped, "status": self.status, "error": self.error,
             "message": self.message, "keys": sorted(self.keys), "types": self.types,
             "headers": self.headers, "facts": self.facts}
        if full and self.resp is not None:
            d["exchange"] = self.resp.record()
        return d


MASK_EXTRA = []  # (literal, replacement): per-target name prefixes


def mask(s):
    if not isinstance(s, str):
        return s
    for lit, rep in MASK_EXTRA:
        s = s.replace(lit, rep)
    for rx, rep in MASKS:
        s = rx.sub(rep, s)
    return s


def norm(v):
    """mask per-target names and ids inside fact values."""
    if isinstance(v, str):
        return mask(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


# ---------------------------------------------------------------------------
# Target: a cloud we talk to
# ---------------------------------------------------------------------------
class Target:
    def __init__(self, label, auth_url, args, prefix):
        self.label = label
        self.auth_url = auth_url.rstrip("/")
        self.args = args
        self.prefix = prefix          # unique name prefix for everything this run creates
        self.ctx = {}                 # ids created along the way
        self.token = None
        self.net_url = None           # .../v2.0
        self.net_root = None          # catalog URL without /v2.0
        self.obs = []

    # -- auth bodies -------------------------------------------------------
    def user_by_name(self, password=None, domain=True):
        u = {"name": self.args.username, "password": password or self.args.password}
        if domain:
            u["domain"] = {"name": self.args.domain}
        return u

    def auth_body(self, user, scope="project-name"):
        b = {"auth": {"identity": {"methods": ["password"], "password": {"user": user}}}}
        if scope == "project-name":
            b["auth"]["scope"] = {"project": {"name": self.args.project,
                                              "domain": {"name": self.args.domain}}}
        elif scope == "project-id":
            b["auth"]["scope"] = {"project": {"id": self.ctx.get("project_id", UUID0)}}
        return b

    def ks(self, method, path, body=None, headers=None):
        return request(method, self.auth_url + path, body, headers)

    def nt(self, method, path, body=None, headers=None, token=True):
        h = {"X-Auth-Token": self.token} if token and self.token else {}
        h.update(headers or {})
        url = path if path.startswith("http") else self.net_url + path
        return request(method, url, body, h)

    def catalog_url(self, catalog, stype):
        for svc in catalog or []:
            if svc.get("type") != stype:
                continue
            for ep in svc.get("endpoints", []):
                if ep.get("interface") == "public" and \
                        (ep.get("region_id") or ep.get("region")) == self.args.region and ep.get("url"):
                    return ep["url"]
        return None


# ---------------------------------------------------------------------------
# Steps. Each returns (Resp, facts) or raises Skip.
# ---------------------------------------------------------------------------
class Skip(Exception):
    pass


STEPS = []


def step(name):
    def deco(fn):
        STEPS.append((name, fn))
        return fn
    return deco


def need(t, *keys):
    for k in keys:
        if not t.ctx.get(k):
            raise Skip(f"prerequisite {k} missing")
    return [t.ctx[k] for k in keys]


def body(r, key):
    return r.json.get(key) if isinstance(r.json, dict) and isinstance(r.json.get(key), (dict, list)) else None


def port_facts(p, t=None):
    if not isinstance(p, dict):
        return {}
    f = {
        "status": p.get("status"),
        "admin_state_up": p.get("admin_state_up"),
        "device_owner": p.get("device_owner"),
        "device_id": p.get("device_id"),
        "name": p.get("name"),
        "port_security_enabled": p.get("port_security_enabled"),
        "security_groups count": len(p.get("security_groups") or []),
        "fixed_ips count": len(p.get("fixed_ips") or []),
        "revision_number": p.get("revision_number"),
        "mac prefix": (p.get("mac_address") or "")[:8],
    }
    if t is not None and isinstance(p.get("network_id"), str):
        f["network_id is ours"] = p.get("network_id") in (t.ctx.get("net_id"), t.ctx.get("net2_id"))
    if t is not None and p.get("fixed_ips"):
        f["fixed_ips subnet is ours"] = all(ip.get("subnet_id") in (t.ctx.get("subnet_id"), t.ctx.get("subnet2_id"))
                                            for ip in p["fixed_ips"])
    if "tenant_id" in p or "project_id" in p:
        f["tenant_id == project_id"] = p.get("tenant_id") == p.get("project_id")
        if t is not None:
            f["project_id is ours"] = p.get("project_id") == t.ctx.get("project_id")
    pairs = p.get("allowed_address_pairs")
    if isinstance(pairs, list):
        f["pairs (ip, mac is port mac)"] = [[x.get("ip_address"), x.get("mac_address") == p.get("mac_address")]
                                            for x in pairs]
    return f


def ip_in_main(ip):
    return isinstance(ip, str) and ip.startswith("192.0.2.")


def names_of(r, key="ports"):
    items = body(r, key)
    if not isinstance(items, list):
        return None
    return [x.get("name") for x in items if isinstance(x, dict)]


def link_facts(t, r, key="ports_links"):
    links = r.json.get(key) if isinstance(r.json, dict) else None
    if links is None:
        return {"links": None}
    out = []
    for ln in links:
        href = ln.get("href", "")
        u = urllib.parse.urlsplit(href)
        q = urllib.parse.parse_qs(u.query)
        out.append({"rel": ln.get("rel"),
                    "href under network endpoint": href.startswith(t.net_url + "/"),
                    "query keys": sorted(q),
                    "page_reverse": q.get("page_reverse"),
                    "marker is a known id": (q.get("marker") or [None])[0] in known_ids(t)
                    if "marker" in q else None})
    return {"links": sorted(out, key=lambda x: str(x["rel"]))}


def known_ids(t):
    ids = set(t.ctx.get("port_ids", {}).values()) | set(t.ctx.get("tiny_ports", []))
    return ids | {t.ctx.get(k) for k in ("net_id", "net2_id", "subnet_id", "subnet2_id")}


def link_href(r, rel, key="ports_links"):
    for ln in (r.json or {}).get(key, []) if isinstance(r.json, dict) else []:
        if ln.get("rel") == rel:
            return ln.get("href")
    return None


# -- keystone -------------------------------------------------------------
@step("keystone: GET /v3 version document")
def s_version(t):
    r = t.ks("GET", "")
    v = body(r, "version") or {}
    return r, {"status": v.get("status"), "id starts v3": str(v.get("id", "")).startswith("v3"),
               "link rels": sorted(x.get("rel") for x in v.get("links", []))}


def token_facts(t, r):
    tok = body(r, "token") or {}
    f = {"methods": tok.get("methods"),
         "user.name": (tok.get("user") or {}).get("name"),
         "user.domain.name": ((tok.get("user") or {}).get("domain") or {}).get("name"),
         "project.name": (tok.get("project") or {}).get("name"),
         "project.domain": (tok.get("project") or {}).get("domain"),
         "role names": sorted(x.get("name") for x in tok.get("roles", [])) if "roles" in tok else None,
         "catalog has identity+network": sorted({s.get("type") for s in tok.get("catalog", [])}
                                                & {"identity", "network"}) if "catalog" in tok else None,
         "has catalog": "catalog" in tok,
         "X-Subject-Token is nonempty": bool(r.headers.get("x-subject-token"))}
    return f


@step("keystone: GET identity root (versions list)")
def s_ks_root(t):
    root = t.auth_url[: -len("/v3")] if t.auth_url.endswith("/v3") else t.auth_url
    r = request("GET", root + "/")
    vs = (body(r, "versions") or {}).get("values", []) if isinstance(body(r, "versions"), dict) else []
    return r, {"version ids start v3": [str(v.get("id", "")).startswith("v3") for v in vs],
               "statuses": [v.get("status") for v in vs]}


@step("keystone: token, user name+domain, project name+domain")
def s_token_main(t):
    r = t.ks("POST", "/auth/tokens", t.auth_body(t.user_by_name()))
    if r.status == 201:
        t.token = r.headers.get("x-subject-token")
        tok = r.json["token"]
        t.ctx["user_id"] = tok["user"]["id"]
        t.ctx["project_id"] = tok.get("project", {}).get("id")
        url = t.catalog_url(tok.get("catalog"), "network")
        if url:
            url = url.rstrip("/")
            if url.endswith("/v2.0"):
                t.net_url, t.net_root = url, url[: -len("/v2.0")]
            else:
                t.net_url, t.net_root = url + "/v2.0", url
    f = token_facts(t, r)
    f["network endpoint found"] = t.net_url is not None
    return r, f


@step("keystone: token, user id, project id")
def s_token_ids(t):
    uid, _ = need(t, "user_id", "project_id")
    r = t.ks("POST", "/auth/tokens", t.auth_body({"id": uid, "password": t.args.password}, "project-id"))
    if r.status == 201:
        t.ctx["token2"] = r.headers.get("x-subject-token")
    return r, token_facts(t, r)


@step("keystone: token, user name + domain id, project name + domain id")
def s_token_domain_id(t):
    b = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": t.args.username, "domain": {"id": t.args.domain_id}, "password": t.args.password}}},
        "scope": {"project": {"name": t.args.project, "domain": {"id": t.args.domain_id}}}}}
    r = t.ks("POST", "/auth/tokens", b)
    return r, token_facts(t, r)


@step("keystone: unscoped token")
def s_token_unscoped(t):
    r = t.ks("POST", "/auth/tokens", t.auth_body(t.user_by_name(), scope=None))
    return r, token_facts(t, r)


@step("keystone: token ?nocatalog")
def s_token_nocatalog(t):
    r = t.ks("POST", "/auth/tokens?nocatalog", t.auth_body(t.user_by_name()))
    return r, token_facts(t, r)


@step("keystone: GET /v3/auth/catalog")
def s_ks_catalog(t):
    if not t.token:
        raise Skip("no token")
    r = t.ks("GET", "/auth/catalog", headers={"X-Auth-Token": t.token})
    cat = body(r, "catalog") or []
    return r, {"has identity+network": sorted({s.get("type") for s in cat if isinstance(s, dict)}
                                              & {"identity", "network"})}


@step("keystone: wrong password -> 401")
def s_bad_password(t):
    r = t.ks("POST", "/auth/tokens", t.auth_body(t.user_by_name(password="wrong-" + t.args.password)))
    return r, {}


@step("keystone: user name without domain -> 400")
def s_missing_domain(t):
    r = t.ks("POST", "/auth/tokens", t.auth_body(t.user_by_name(domain=False)))
    return r, {}


@step("keystone: project name without domain -> 400")
def s_project_no_domain(t):
    b = t.auth_body(t.user_by_name(), scope=None)
    b["auth"]["scope"] = {"project": {"name": t.args.project}}
    r = t.ks("POST", "/auth/tokens", b)
    return r, {}


@step("keystone: unknown project id -> 401")
def s_unknown_project(t):
    b = t.auth_body(t.user_by_name(), scope=None)
    b["auth"]["scope"] = {"project": {"id": "0" * 32}}
    r = t.ks("POST", "/auth/tokens", b)
    return r, {}


@step("keystone: malformed body (no identity) -> 400")
def s_no_identity(t):
    r = t.ks("POST", "/auth/tokens", {"auth": {}})
    return r, {}


@step("keystone: validate token GET /v3/auth/tokens")
def s_validate_get(t):
    need(t, "token2")
    r = t.ks("GET", "/auth/tokens", headers={"X-Auth-Token": t.token, "X-Subject-Token": t.ctx["token2"]})
    f = token_facts(t, r)
    f["X-Subject-Token echoed"] = r.headers.get("x-subject-token") == t.ctx["token2"]
    return r, f


@step("keystone: validate token HEAD /v3/auth/tokens")
def s_validate_head(t):
    need(t, "token2")
    r = t.ks("HEAD", "/auth/tokens", headers={"X-Auth-Token": t.token, "X-Subject-Token": t.ctx["token2"]})
    return r, {"body empty": not r.raw}


@step("keystone: validate bogus subject token -> 404")
def s_validate_bogus(t):
    need(t, "token2")
    r = t.ks("GET", "/auth/tokens", headers={"X-Auth-Token": t.token, "X-Subject-Token": "bogus-token"})
    return r, {}


@step("keystone: revoke token DELETE /v3/auth/tokens -> 204")
def s_revoke(t):
    need(t, "token2")
    r = t.ks("DELETE", "/auth/tokens", headers={"X-Auth-Token": t.token, "X-Subject-Token": t.ctx["token2"]})
    return r, {"body empty": not r.raw}


@step("keystone: validate revoked token -> 404")
def s_validate_revoked(t):
    need(t, "token2")
    r = t.ks("GET", "/auth/tokens", headers={"X-Auth-Token": t.token, "X-Subject-Token": t.ctx["token2"]})
    return r, {}


# -- neutron: discovery and auth --------------------------------------------
@step("neutron: GET {network}/ versions")
def s_nt_versions(t):
    if not t.net_root:
        raise Skip("no network endpoint")
    r = request("GET", t.net_root + "/")
    vs = body(r, "versions") or []
    return r, {"versions": sorted([v.get("id"), v.get("status")] for v in vs if isinstance(v, dict)),
               "self links under endpoint": sorted(
                   ln.get("href", "").rstrip("/").startswith(t.net_root) for v in vs if isinstance(v, dict)
                   for ln in v.get("links", []))}


@step("neutron: GET {network}/v2.0 without slash (real: 404)")
def s_nt_v2_noslash(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", ""), {}


@step("neutron: GET {network}/v2.0/ (resources)")
def s_nt_v2(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("GET", "/")
    res = body(r, "resources") or []
    names = {x.get("name") for x in res if isinstance(x, dict)}
    return r, {"has resources port/network/subnet": sorted(names & {"port", "network", "subnet"})}


@step("neutron: revoked token -> 401")
def s_nt_revoked(t):
    need(t, "token2")
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("GET", "/networks", headers={"X-Auth-Token": t.ctx["token2"]}, token=False)
    return r, {}


@step("neutron: no token -> 401")
def s_nt_notoken(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", "/networks", token=False), {}


@step("neutron: bogus token -> 401")
def s_nt_bogus(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", "/networks", headers={"X-Auth-Token": "bogus"}, token=False), {}


@step("neutron: GET /v2.0/extensions (alias presence)")
def s_nt_extensions(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("GET", "/extensions")
    aliases = {e.get("alias") for e in (body(r, "extensions") or []) if isinstance(e, dict)}
    return r, {"alias " + a: a in aliases for a in EXT_ALIASES}


@step("neutron: GET /v2.0/extensions/revision-if-match")
def s_nt_extension_one(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("GET", "/extensions/revision-if-match")
    e = body(r, "extension") or {}
    return r, {"alias": e.get("alias")}


@step("neutron: GET /v2.0/extensions/no-such-alias -> 404")
def s_nt_extension_missing(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", "/extensions/no-such-alias"), {}


# -- networks / subnets ---------------------------------------------------------
def net_facts(t, n):
    if not isinstance(n, dict):
        return {}
    return {"name": n.get("name"), "status": n.get("status"), "admin_state_up": n.get("admin_state_up"),
            "shared": n.get("shared"), "router:external": n.get("router:external"),
            "port_security_enabled": n.get("port_security_enabled"),
            "subnets count": len(n.get("subnets") or []), "revision_number": n.get("revision_number"),
            "project_id is ours": n.get("project_id") == t.ctx.get("project_id"),
            "tenant_id == project_id": n.get("tenant_id") == n.get("project_id")}


def subnet_facts(t, s):
    if not isinstance(s, dict):
        return {}
    return {k: s.get(k) for k in ("name", "cidr", "ip_version", "gateway_ip", "allocation_pools",
                                  "enable_dhcp", "revision_number", "dns_nameservers", "host_routes",
                                  "ipv6_ra_mode", "ipv6_address_mode", "subnetpool_id")} | {
        "network_id is ours": s.get("network_id") == t.ctx.get("net_id")}


@step("neutron: network create")
def s_net_create(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("POST", "/networks", {"network": {"name": t.prefix + "-net"}})
    n = body(r, "network")
    if r.status == 201 and n:
        t.ctx["net_id"] = n["id"]
    return r, net_facts(t, n)


@step("neutron: network show")
def s_net_show(t):
    nid, = need(t, "net_id")
    r = t.nt("GET", f"/networks/{nid}")
    return r, net_facts(t, body(r, "network"))


@step("neutron: network list ?name=")
def s_net_list(t):
    need(t, "net_id")
    r = t.nt("GET", "/networks?name=" + urllib.parse.quote(t.prefix + "-net"))
    f = {"names": names_of(r, "networks")}
    f.update(link_facts(t, r, "networks_links"))
    return r, f


@step("neutron: subnet create /24")
def s_subnet_create(t):
    nid, = need(t, "net_id")
    r = t.nt("POST", "/subnets", {"subnet": {"name": t.prefix + "-sub", "network_id": nid,
                                             "ip_version": 4, "cidr": "192.0.2.0/24"}})
    s = body(r, "subnet")
    if r.status == 201 and s:
        t.ctx["subnet_id"] = s["id"]
    return r, subnet_facts(t, s)


@step("neutron: subnet show")
def s_subnet_show(t):
    sid, = need(t, "subnet_id")
    r = t.nt("GET", f"/subnets/{sid}")
    return r, subnet_facts(t, body(r, "subnet"))


@step("neutron: subnet list ?network_id=")
def s_subnet_list(t):
    nid, = need(t, "net_id")
    r = t.nt("GET", f"/subnets?network_id={nid}")
    return r, {"names": names_of(r, "subnets")}


@step("neutron: network show after subnet (subnets[] filled)")
def s_net_show2(t):
    nid, sid = need(t, "net_id", "subnet_id")
    r = t.nt("GET", f"/networks/{nid}")
    n = body(r, "network") or {}
    f = net_facts(t, n)
    f["subnets == [our subnet]"] = n.get("subnets") == [sid]
    return r, f


# -- ports --------------------------------------------------------------------
def create_port(t, key, extra):
    nid, = need(t, "net_id")
    p = {"network_id": nid, "name": t.prefix + "-" + key}
    p.update(extra)
    r = t.nt("POST", "/ports", {"port": p})
    port = body(r, "port")
    if r.status == 201 and port:
        t.ctx.setdefault("port_ids", {})[key] = port["id"]
        t.ctx.setdefault("ports", {})[key] = port
    f = port_facts(port, t)
    if isinstance(port, dict) and port.get("fixed_ips"):
        f["ip in 192.0.2.0/24"] = [ip_in_main(ip.get("ip_address")) for ip in port["fixed_ips"]]
    return r, f


@step("neutron: port create (auto IP, device_id)")
def s_port_auto(t):
    return create_port(t, "p-auto", {"device_id": t.prefix + "-dev"})


@step("neutron: port create (requested IP 192.0.2.50)")
def s_port_req(t):
    sid, = need(t, "subnet_id")
    r, f = create_port(t, "p-req", {"fixed_ips": [{"subnet_id": sid, "ip_address": "192.0.2.50"}]})
    f["ips"] = [ip.get("ip_address") for ip in ((body(r, "port") or {}).get("fixed_ips") or [])]
    return r, f


@step("neutron: port create (ip_address only, no subnet_id: 192.0.2.51)")
def s_port_req_iponly(t):
    r, f = create_port(t, "p-iponly", {"fixed_ips": [{"ip_address": "192.0.2.51"}]})
    f["ips"] = [ip.get("ip_address") for ip in ((body(r, "port") or {}).get("fixed_ips") or [])]
    return r, f


@step("neutron: port create, IP already allocated -> 409")
def s_port_dup_ip(t):
    nid, sid = need(t, "net_id", "subnet_id")
    r = t.nt("POST", "/ports", {"port": {"network_id": nid, "name": t.prefix + "-dupip",
                                         "fixed_ips": [{"subnet_id": sid, "ip_address": "192.0.2.50"}]}})
    return r, {}


@step("neutron: port create, IP outside subnet -> 400")
def s_port_outside(t):
    nid, sid = need(t, "net_id", "subnet_id")
    r = t.nt("POST", "/ports", {"port": {"network_id": nid, "name": t.prefix + "-outside",
                                         "fixed_ips": [{"subnet_id": sid, "ip_address": "203.0.113.9"}]}})
    return r, {}


@step("neutron: port create, IP outside network (no subnet_id) -> 400")
def s_port_outside_net(t):
    nid, = need(t, "net_id")
    r = t.nt("POST", "/ports", {"port": {"network_id": nid, "name": t.prefix + "-outside2",
                                         "fixed_ips": [{"ip_address": "203.0.113.9"}]}})
    return r, {}


@step("neutron: port create on unknown network -> 404")
def s_port_unknown_net(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("POST", "/ports", {"port": {"network_id": UUID0, "name": t.prefix + "-nonet"}})
    return r, {}


@step("neutron: port create without network_id -> 400")
def s_port_no_net(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("POST", "/ports", {"port": {"name": t.prefix + "-nonet"}})
    return r, {}


@step("neutron: VIP port create (device_owner neutron:VIP_PORT)")
def s_port_vip(t):
    return create_port(t, "p-vip", {"device_owner": "neutron:VIP_PORT"})


@step("neutron: port create port_security_enabled=false")
def s_port_nosec(t):
    return create_port(t, "p-nosec", {"port_security_enabled": False})


def put_port(t, key, port_body, headers=None):
    pid = t.ctx.get("port_ids", {}).get(key)
    if not pid:
        raise Skip(f"port {key} missing")
    before = t.ctx.get("ports", {}).get(key, {}).get("revision_number")
    r = t.nt("PUT", f"/ports/{pid}", {"port": port_body}, headers=headers)
    p = body(r, "port")
    f = port_facts(p, t)
    if r.status == 200 and isinstance(p, dict):
        if isinstance(before, int) and isinstance(p.get("revision_number"), int):
            f["revision delta"] = p["revision_number"] - before
        t.ctx["ports"][key] = p
    return r, f


@step("neutron: VIP pairs [.61, .60] (two IPs, MAC filled in, rev bump)")
def s_pairs_two(t):
    return put_port(t, "p-vip", {"allowed_address_pairs": [{"ip_address": "192.0.2.61"},
                                                          {"ip_address": "192.0.2.60"}]})


@step("neutron: VIP port show (pairs persisted)")
def s_vip_show(t):
    pid = t.ctx.get("port_ids", {}).get("p-vip")
    if not pid:
        raise Skip("p-vip missing")
    r = t.nt("GET", f"/ports/{pid}")
    return r, port_facts(body(r, "port"), t)


@step("neutron: pairs [1.1.1.1/0] kept verbatim")
def s_pairs_any(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"ip_address": "1.1.1.1/0"}]})


@step("neutron: pairs with explicit mac_address")
def s_pairs_mac(t):
    return put_port(t, "p-req", {"allowed_address_pairs": [{"ip_address": "192.0.2.80",
                                                           "mac_address": "fa:16:3e:00:00:80"}]})


@step("neutron: pairs CIDR with host bits 192.0.2.5/24 verbatim")
def s_pairs_hostbits(t):
    return put_port(t, "p-req", {"allowed_address_pairs": [{"ip_address": "192.0.2.5/24"}]})


@step("neutron: pairs duplicate -> 400")
def s_pairs_dup(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"ip_address": "192.0.2.70"},
                                                           {"ip_address": "192.0.2.70"}]})


@step("neutron: pairs bad IP 300.1.1.1 -> 400")
def s_pairs_badip(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"ip_address": "300.1.1.1"}]})


@step("neutron: pairs bad mac -> 400")
def s_pairs_badmac(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"ip_address": "192.0.2.70",
                                                            "mac_address": "not-a-mac"}]})


@step("neutron: pairs missing ip_address -> 400")
def s_pairs_noip(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"mac_address": "fa:16:3e:00:00:01"}]})


@step("neutron: pairs unknown attribute -> 400")
def s_pairs_unknown_attr(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"ip_address": "192.0.2.70", "color": "red"}]})


@step("neutron: 11 pairs -> 400 exhausted")
def s_pairs_eleven(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": [{"ip_address": f"192.0.2.{200 + i}"}
                                                           for i in range(11)]})


@step("neutron: 10 pairs -> 200")
def s_pairs_ten(t):
    return put_port(t, "p-iponly", {"allowed_address_pairs": [{"ip_address": f"192.0.2.{200 + i}"}
                                                             for i in range(10)]})


@step("neutron: pairs not a list -> 400")
def s_pairs_notlist(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": {"ip_address": "192.0.2.70"}})


@step("neutron: pairs null -> cleared")
def s_pairs_null(t):
    return put_port(t, "p-iponly", {"allowed_address_pairs": None})


@step("neutron: pairs [] -> cleared")
def s_pairs_clear(t):
    return put_port(t, "p-auto", {"allowed_address_pairs": []})


@step("neutron: pairs on port_security_enabled=false port -> 409")
def s_pairs_nosec(t):
    return put_port(t, "p-nosec", {"allowed_address_pairs": [{"ip_address": "192.0.2.90"}]})


@step("neutron: port create port_security_enabled=false with pairs -> 409")
def s_port_nosec_pairs(t):
    nid, = need(t, "net_id")
    r = t.nt("POST", "/ports", {"port": {"network_id": nid, "name": t.prefix + "-nosecpairs",
                                         "port_security_enabled": False,
                                         "allowed_address_pairs": [{"ip_address": "192.0.2.91"}]}})
    return r, {}


@step("neutron: disable port security with security groups attached -> 409")
def s_disable_sec(t):
    return put_port(t, "p-auto", {"port_security_enabled": False})


@step("neutron: disable port security and clear security_groups -> 200")
def s_disable_sec_ok(t):
    return put_port(t, "p-req", {"port_security_enabled": False, "security_groups": [],
                                 "allowed_address_pairs": []})


@step("neutron: disable port security on port that has pairs -> 409")
def s_disable_sec_pairs(t):
    return put_port(t, "p-vip", {"port_security_enabled": False, "security_groups": []})


# -- If-Match --------------------------------------------------------------------
def vip_rev(t):
    p = t.ctx.get("ports", {}).get("p-vip")
    if not p or not isinstance(p.get("revision_number"), int):
        raise Skip("VIP port revision unknown")
    return p["revision_number"]


@step("neutron: If-Match revision_number=<current> -> 200")
def s_ifmatch_ok(t):
    rev = vip_rev(t)
    return put_port(t, "p-vip", {"description": "if-match-ok"}, {"If-Match": f"revision_number={rev}"})


@step("neutron: If-Match revision_number=<current+100> -> 412")
def s_ifmatch_wrong(t):
    rev = vip_rev(t)
    return put_port(t, "p-vip", {"description": "if-match-wrong"}, {"If-Match": f"revision_number={rev + 100}"})


@step("neutron: If-Match * -> ignored (200)")
def s_ifmatch_star(t):
    vip_rev(t)
    return put_port(t, "p-vip", {"description": "if-match-star"}, {"If-Match": "*"})


@step("neutron: If-Match revision_number=abc -> 400")
def s_ifmatch_bad(t):
    vip_rev(t)
    return put_port(t, "p-vip", {"description": "if-match-bad"}, {"If-Match": "revision_number=abc"})


@step("neutron: DELETE with wrong If-Match -> 412")
def s_ifmatch_delete(t):
    pid = t.ctx.get("port_ids", {}).get("p-vip")
    if not pid:
        raise Skip("p-vip missing")
    rev = vip_rev(t)
    return t.nt("DELETE", f"/ports/{pid}", headers={"If-Match": f"revision_number={rev + 100}"}), {}


@step("neutron: VIP show after If-Match steps (revision, description)")
def s_vip_show2(t):
    pid = t.ctx.get("port_ids", {}).get("p-vip")
    if not pid:
        raise Skip("p-vip missing")
    r = t.nt("GET", f"/ports/{pid}")
    p = body(r, "port") or {}
    f = port_facts(p, t)
    f["description"] = p.get("description")
    return r, f


# -- lists ---------------------------------------------------------------------
def plist(t, query, names=True, sort=True):
    nid, = need(t, "net_id")
    sep = "&" if query else ""
    r = t.nt("GET", f"/ports?network_id={nid}{sep}{query}")
    f = {}
    if names:
        n = names_of(r)
        f["port names"] = (sorted(n) if sort else n) if n is not None else None
    if isinstance(r.json, dict) and "ports_links" in r.json:
        f.update(link_facts(t, r))
    else:
        f["links"] = None
    return r, f


@step("neutron: list ?network_id (our ports)")
def s_list_net(t):
    return plist(t, "")


@step("neutron: list ?device_owner=neutron:VIP_PORT")
def s_list_owner(t):
    return plist(t, "device_owner=" + urllib.parse.quote("neutron:VIP_PORT"))


@step("neutron: list ?device_id=")
def s_list_device(t):
    return plist(t, "device_id=" + urllib.parse.quote(t.prefix + "-dev"))


@step("neutron: list ?name=")
def s_list_name(t):
    return plist(t, "name=" + urllib.parse.quote(t.prefix + "-p-vip"))


@step("neutron: list ?id=A&id=B (OR)")
def s_list_ids(t):
    ids = t.ctx.get("port_ids", {})
    if not ids.get("p-auto") or not ids.get("p-vip"):
        raise Skip("ports missing")
    return plist(t, f"id={ids['p-auto']}&id={ids['p-vip']}")


@step("neutron: list ?fixed_ips=ip_address=192.0.2.50")
def s_list_fixed_ip(t):
    return plist(t, "fixed_ips=" + urllib.parse.quote("ip_address=192.0.2.50"))


@step("neutron: list ?fixed_ips=subnet_id=")
def s_list_fixed_subnet(t):
    sid, = need(t, "subnet_id")
    return plist(t, "fixed_ips=" + urllib.parse.quote(f"subnet_id={sid}"))


@step("neutron: list ?device_owner=neutron:VIP_PORT&name=<no match> (AND)")
def s_list_and(t):
    return plist(t, "device_owner=" + urllib.parse.quote("neutron:VIP_PORT") + "&name=" +
                 urllib.parse.quote(t.prefix + "-p-auto"))


@step("neutron: list ?fields=id&fields=name")
def s_list_fields(t):
    return plist(t, "fields=id&fields=name")


@step("neutron: show ?fields=id&fields=allowed_address_pairs")
def s_show_fields(t):
    pid = t.ctx.get("port_ids", {}).get("p-vip")
    if not pid:
        raise Skip("p-vip missing")
    return t.nt("GET", f"/ports/{pid}?fields=id&fields=allowed_address_pairs"), {}


@step("neutron: show with .json suffix")
def s_show_json_suffix(t):
    pid = t.ctx.get("port_ids", {}).get("p-vip")
    if not pid:
        raise Skip("p-vip missing")
    r = t.nt("GET", f"/ports/{pid}.json")
    return r, {"same id": (body(r, "port") or {}).get("id") == pid}


@step("neutron: list ?sort_key=name&sort_dir=asc")
def s_list_sort_asc(t):
    return plist(t, "sort_key=name&sort_dir=asc", sort=False)


@step("neutron: list ?sort_key=name&sort_dir=desc")
def s_list_sort_desc(t):
    return plist(t, "sort_key=name&sort_dir=desc", sort=False)


@step("neutron: list ?sort_key=no_such_key -> 400")
def s_list_sort_bad(t):
    return plist(t, "sort_key=no_such_key&sort_dir=asc", names=False)


@step("neutron: list page 1 ?limit=2 (sorted by name)")
def s_page1(t):
    r, f = plist(t, "limit=2&sort_key=name&sort_dir=asc", sort=False)
    t.ctx["page1"] = r
    return r, f


@step("neutron: list page 2 (follow next)")
def s_page2(t):
    p1 = t.ctx.get("page1")
    href = link_href(p1, "next") if p1 is not None else None
    if not href:
        raise Skip("no next link on page 1")
    r = t.nt("GET", href)
    t.ctx["page2"] = r
    f = {"port names": names_of(r)}
    f.update(link_facts(t, r))
    return r, f


@step("neutron: list page 3 (follow next again)")
def s_page3(t):
    p2 = t.ctx.get("page2")
    href = link_href(p2, "next") if p2 is not None else None
    if not href:
        raise Skip("no next link on page 2")
    r = t.nt("GET", href)
    f = {"port names": names_of(r)}
    f.update(link_facts(t, r))
    return r, f


@step("neutron: list back from page 2 (follow previous)")
def s_page_prev(t):
    p2 = t.ctx.get("page2")
    href = link_href(p2, "previous") if p2 is not None else None
    if not href:
        raise Skip("no previous link on page 2")
    r = t.nt("GET", href)
    f = {"port names": names_of(r)}
    f.update(link_facts(t, r))
    return r, f


@step("neutron: list ?limit=<count> (full page has next)")
def s_page_full(t):
    n = len(t.ctx.get("port_ids", {}))
    if not n:
        raise Skip("no ports")
    return plist(t, f"limit={n}&sort_key=name&sort_dir=asc", sort=False)


@step("neutron: list ?limit=1000 (no next)")
def s_page_big(t):
    return plist(t, "limit=1000")


@step("neutron: list ?limit=1&page_reverse=True")
def s_page_reverse(t):
    return plist(t, "limit=1&sort_key=name&sort_dir=asc&page_reverse=True", sort=False)


@step("neutron: list unknown marker -> 404")
def s_page_badmarker(t):
    return plist(t, f"limit=1&marker={UUID0}", names=False)


@step("neutron: list ?limit=abc -> 400")
def s_page_badlimit(t):
    return plist(t, "limit=abc", names=False)


@step("neutron: list ?limit=-1 -> 400")
def s_page_neglimit(t):
    return plist(t, "limit=-1", names=False)


@step("neutron: list unknown filter -> 400")
def s_list_badfilter(t):
    return plist(t, "no_such_field=1", names=False)


@step("neutron: network list ?limit=1 (networks_links)")
def s_net_page(t):
    nid, = need(t, "net_id")
    r = t.nt("GET", f"/networks?id={nid}&limit=1")
    f = {"names": names_of(r, "networks")}
    f.update(link_facts(t, r, "networks_links"))
    return r, f


# -- not found -------------------------------------------------------------------
@step("neutron: GET port unknown -> 404")
def s_nf_port(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", f"/ports/{UUID0}"), {}


@step("neutron: PUT port unknown -> 404")
def s_nf_port_put(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("PUT", f"/ports/{UUID0}", {"port": {"name": "x"}}), {}


@step("neutron: DELETE port unknown -> 404")
def s_nf_port_del(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("DELETE", f"/ports/{UUID0}"), {}


@step("neutron: GET network unknown -> 404")
def s_nf_net(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", f"/networks/{UUID0}"), {}


@step("neutron: GET subnet unknown -> 404")
def s_nf_subnet(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    return t.nt("GET", f"/subnets/{UUID0}"), {}


@step("neutron: PUT port read-only attribute (revision_number) -> 400")
def s_put_readonly(t):
    return put_port(t, "p-auto", {"revision_number": 99})


@step("neutron: PUT port body without 'port' -> 400")
def s_put_nobody(t):
    pid = t.ctx.get("port_ids", {}).get("p-auto")
    if not pid:
        raise Skip("p-auto missing")
    return t.nt("PUT", f"/ports/{pid}", {"name": "x"}), {}


# -- exhaustion ------------------------------------------------------------------
@step("neutron: tiny network create")
def s_tiny_net(t):
    if not t.net_url:
        raise Skip("no network endpoint")
    r = t.nt("POST", "/networks", {"network": {"name": t.prefix + "-tiny"}})
    n = body(r, "network")
    if r.status == 201 and n:
        t.ctx["net2_id"] = n["id"]
    return r, {"status": (n or {}).get("status")}


@step("neutron: tiny subnet /29, pool of 2, no dhcp")
def s_tiny_subnet(t):
    nid, = need(t, "net2_id")
    r = t.nt("POST", "/subnets", {"subnet": {
        "name": t.prefix + "-tinysub", "network_id": nid, "ip_version": 4, "cidr": "198.51.100.0/29",
        "enable_dhcp": False, "allocation_pools": [{"start": "198.51.100.2", "end": "198.51.100.3"}]}})
    s = body(r, "subnet")
    if r.status == 201 and s:
        t.ctx["subnet2_id"] = s["id"]
    return r, {k: (s or {}).get(k) for k in ("cidr", "gateway_ip", "allocation_pools", "enable_dhcp")}


def tiny_port(t, n):
    nid, _ = need(t, "net2_id", "subnet2_id")
    r = t.nt("POST", "/ports", {"port": {"network_id": nid, "name": f"{t.prefix}-tiny{n}"}})
    p = body(r, "port")
    if r.status == 201 and p:
        t.ctx.setdefault("tiny_ports", []).append(p["id"])
    ips = [ip.get("ip_address") for ip in p.get("fixed_ips", [])] if isinstance(p, dict) else None
    # which of the two pool addresses is handed out first is random on real neutron
    return r, {"ips in pool": [ip in ("198.51.100.2", "198.51.100.3") for ip in ips] if ips is not None else None}


@step("neutron: tiny port 1 -> 201")
def s_tiny1(t):
    return tiny_port(t, 1)


@step("neutron: tiny port 2 -> 201")
def s_tiny2(t):
    return tiny_port(t, 2)


@step("neutron: tiny port 3 -> 409 IpAddressGenerationFailure")
def s_tiny3(t):
    return tiny_port(t, 3)


# -- in use / delete ----------------------------------------------------------------
@step("neutron: DELETE subnet with ports -> 409")
def s_del_subnet_inuse(t):
    sid, = need(t, "subnet_id")
    return t.nt("DELETE", f"/subnets/{sid}"), {}


@step("neutron: DELETE network with ports -> 409")
def s_del_net_inuse(t):
    nid, = need(t, "net_id")
    return t.nt("DELETE", f"/networks/{nid}"), {}


@step("neutron: port delete -> 204")
def s_del_port(t):
    pid = t.ctx.get("port_ids", {}).get("p-nosec")
    if not pid:
        raise Skip("p-nosec missing")
    r = t.nt("DELETE", f"/ports/{pid}")
    return r, {"body empty": not r.raw}


@step("neutron: deleted port GET -> 404")
def s_del_port_get(t):
    pid = t.ctx.get("port_ids", {}).get("p-nosec")
    if not pid:
        raise Skip("p-nosec missing")
    return t.nt("GET", f"/ports/{pid}"), {}


@step("neutron: deleted port DELETE again -> 404")
def s_del_port_again(t):
    pid = t.ctx.get("port_ids", {}).get("p-nosec")
    if not pid:
        raise Skip("p-nosec missing")
    return t.nt("DELETE", f"/ports/{pid}"), {}


@step("neutron: cleanup: delete remaining ports (all 204)")
def s_cleanup_ports(t):
    ids = [v for k, v in t.ctx.get("port_ids", {}).items() if k != "p-nosec"] + t.ctx.get("tiny_ports", [])
    if not ids:
        raise Skip("no ports")
    codes = [t.nt("DELETE", f"/ports/{pid}").status for pid in ids]
    # the observed response is a final list of our network's ports (should be empty)
    nid = t.ctx.get("net_id")
    r = t.nt("GET", f"/ports?network_id={nid}") if nid else t.nt("GET", f"/ports?id={UUID0}")
    return r, {"delete codes": sorted(set(codes)), "ports left": names_of(r)}


@step("neutron: subnet delete -> 204")
def s_del_subnet(t):
    sid, = need(t, "subnet_id")
    r = t.nt("DELETE", f"/subnets/{sid}")
    return r, {"body empty": not r.raw}


@step("neutron: deleted subnet GET -> 404")
def s_del_subnet_get(t):
    sid, = need(t, "subnet_id")
    return t.nt("GET", f"/subnets/{sid}"), {}


@step("neutron: network delete -> 204")
def s_del_net(t):
    nid, = need(t, "net_id")
    r = t.nt("DELETE", f"/networks/{nid}")
    return r, {"body empty": not r.raw}


@step("neutron: deleted network GET -> 404")
def s_del_net_get(t):
    nid, = need(t, "net_id")
    return t.nt("GET", f"/networks/{nid}"), {}


@step("neutron: tiny network delete (with its subnet) -> 204")
def s_del_tiny(t):
    nid, = need(t, "net2_id")
    r = t.nt("DELETE", f"/networks/{nid}")
    return r, {"body empty": not r.raw}


@step("neutron: tiny subnet gone with its network -> 404")
def s_del_tiny_subnet(t):
    sid, = need(t, "subnet2_id")
    return t.nt("GET", f"/subnets/{sid}"), {}


# ---------------------------------------------------------------------------
# run + compare
# ---------------------------------------------------------------------------
def run_target(t, verbose):
    MASK_EXTRA.insert(0, (t.prefix, "<prefix>"))
    try:
        for name, fn in STEPS:
            t0 = time.monotonic()
            try:
                r, facts = fn(t)
                o = Obs(name, r, norm(facts))
            except Skip as e:
                o = Obs(name, None, None, skipped=str(e))
            except (OSError, http.client.HTTPException) as e:
                o = Obs(name, None, None, skipped=f"connection error: {e!r}")
            t.obs.append(o)
            if verbose:
                print(f"  [{t.label}] {o.status or 'skip':>4} {time.monotonic() - t0:5.2f}s {name}",
                      file=sys.stderr)
    finally:
        MASK_EXTRA.pop(0)


def fmt(v):
    s = json.dumps(v, sort_keys=True) if not isinstance(v, str) else v
    return s if len(s) <= 400 else s[:400] + "..."


def compare(a, b, ignore):
    diffs = []
    for oa, ob in zip(a.obs, b.obs):
        step_name = oa.step

        def add(kind, what, va, vb):
            if kind not in ignore:
                diffs.append({"step": step_name, "kind": kind, "what": what, "a": va, "b": vb})

        if oa.skipped or ob.skipped:
            if (oa.skipped is None) != (ob.skipped is None):
                add("status", "step skipped on one side", oa.skipped or oa.status, ob.skipped or ob.status)
            continue
        if oa.status != ob.status:
            add("status", "HTTP status", oa.status, ob.status)
        if oa.error != ob.error:
            add("error", "error type", oa.error, ob.error)
        if oa.message != ob.message and oa.error == ob.error and oa.error is not None:
            add("message", "error message (masked)", oa.message, ob.message)
        only_a, only_b = sorted(oa.keys - ob.keys), sorted(ob.keys - oa.keys)
        if only_a or only_b:
            add("keys", "JSON key paths", {"only in A": only_a}, {"only in B": only_b})
        tdiff = {p: (oa.types[p], ob.types[p]) for p in sorted(set(oa.types) & set(ob.types))
                 if oa.types[p] != ob.types[p]}
        if tdiff:
            add("types", "JSON types at " + ", ".join(tdiff),
                {p: v[0] for p, v in tdiff.items()}, {p: v[1] for p, v in tdiff.items()})
        for h in sorted(set(oa.headers) | set(ob.headers)):
            if oa.headers.get(h) != ob.headers.get(h):
                add("headers", f"header {h}", oa.headers.get(h), ob.headers.get(h))
        for k in sorted(set(oa.facts) | set(ob.facts)):
            va, vb = oa.facts.get(k, "<absent>"), ob.facts.get(k, "<absent>")
            if va != vb:
                add("facts", k, va, vb)
    return diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--a-auth-url", required=True, help="keystone v3 URL of target A (e.g. .../v3)")
    ap.add_argument("--b-auth-url", help="keystone v3 URL of target B")
    ap.add_argument("--a-name", default="A")
    ap.add_argument("--b-name", default="B")
    ap.add_argument("--self-test", action="store_true",
                    help="compare target A with itself (B = A); must give 0 differences")
    ap.add_argument("--username", default="demo")
    ap.add_argument("--password", default="demo-secret")
    ap.add_argument("--project", default="demo")
    ap.add_argument("--domain", default="Default", help="user/project domain name")
    ap.add_argument("--domain-id", default="default", help="the same domain's id")
    ap.add_argument("--region", default="RegionOne")
    ap.add_argument("--run-id", default=None, help="name prefix seed (default: random)")
    ap.add_argument("--json", metavar="FILE", help="write the report (observations + differences) as JSON")
    ap.add_argument("--full", action="store_true", help="include the full exchanges (bodies, headers) in --json")
    ap.add_argument("--ignore", default="", help=f"comma-separated kinds not to compare: {','.join(KINDS)}")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-step progress on stderr")
    args = ap.parse_args()
    if args.self_test:
        args.b_auth_url = args.b_auth_url or args.a_auth_url
        if args.b_name == "B":
            args.b_name = args.a_name + "'"
    if not args.b_auth_url:
        ap.error("--b-auth-url is required (or --self-test)")
    ignore = {k.strip() for k in args.ignore.split(",") if k.strip()}
    bad = ignore - set(KINDS)
    if bad:
        ap.error(f"unknown kinds in --ignore: {sorted(bad)}")

    run = args.run_id or secrets.token_hex(3)
    a = Target(args.a_name, args.a_auth_url, args, f"vdiff{run}a")
    b = Target(args.b_name, args.b_auth_url, args, f"vdiff{run}b")
    t0 = time.monotonic()
    times = {}
    for t in (a, b):
        if not args.quiet:
            print(f"differential: running {len(STEPS)} steps on {t.label} ({t.auth_url})", file=sys.stderr)
        ts = time.monotonic()
        run_target(t, not args.quiet)
        times[t.label] = round(time.monotonic() - ts, 1)
    if a.token is None and b.token is None:
        print("differential: could not get a token from either target", file=sys.stderr)
        return 2
    diffs = compare(a, b, ignore)
    elapsed = time.monotonic() - t0

    print(f"differential: A = {a.label} ({a.auth_url}), B = {b.label} ({b.auth_url}), run {run}")
    last = None
    for d in diffs:
        if d["step"] != last:
            print(f"\n* {d['step']}")
            last = d["step"]
        print(f"    {d['kind']:7} {d['what']}")
        print(f"        {a.label}: {fmt(d['a'])}")
        print(f"        {b.label}: {fmt(d['b'])}")
    by_kind = {}
    for d in diffs:
        by_kind[d["kind"]] = by_kind.get(d["kind"], 0) + 1
    steps_with = len({d["step"] for d in diffs})
    print()
    if by_kind:
        print("by kind: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS if k in by_kind)
              + f"; steps with differences: {steps_with}")
    print(f"time: {a.label} {times[a.label]} s, {b.label} {times[b.label]} s, total {elapsed:.1f} s")
    print(f"differential: {len(STEPS)} steps, {len(diffs)} differences")
    if args.json:
        rep = {"a": {"name": a.label, "auth_url": a.auth_url, "network_url": a.net_url},
               "b": {"name": b.label, "auth_url": b.auth_url, "network_url": b.net_url},
               "run_id": run, "steps": len(STEPS), "ignored_kinds": sorted(ignore),
               "differences": diffs, "difference_count": len(diffs),
               "observations": {"a": [o.as_dict(args.full) for o in a.obs],
                                "b": [o.as_dict(args.full) for o in b.obs]},
               "seconds": round(elapsed, 1)}
        with open(args.json, "w") as f:
            json.dump(rep, f, indent=1, sort_keys=False, default=sorted)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
