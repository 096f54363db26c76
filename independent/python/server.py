#!/usr/bin/env python3
"""Endpoint API Keys: an independent implementation of spec/openapi.yaml (standard library only)."""

from __future__ import annotations

import argparse
import base64
import email.utils
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# ---------------------------------------------------------------------------
# Values taken from the contract
# ---------------------------------------------------------------------------

MAX_BODY_BYTES = 8192             # requestBody.x-max-body-bytes
MIN_HEADER_SECTION = 8192         # x-request-limits.minHeaderSectionBytes
HEADER_SECTION_CAP = 64 * 1024    # our own refusal point (431), well above the guaranteed 8192
REQUEST_LINE_CAP = 16 * 1024      # our own refusal point (414)
assert HEADER_SECTION_CAP >= MIN_HEADER_SECTION
LIMIT_DEFAULT, LIMIT_MIN, LIMIT_MAX = 25, 1, 100
CURSOR_MAX = 512
NAME_MAX = 128

OBJECT_ID = re.compile(r"[a-z0-9]{24}")
CURSOR_SHAPE = re.compile(r"[A-Za-z0-9_-]+")
# components.schemas.KeyName.pattern, used with re.fullmatch as its porting notes say.
NAME_PATTERN = re.compile(
    "^(?:[^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
    "\\uD800-\\uDFFF\\uFEFF\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])(?:(?:[^\\u0000-\\u001F"
    "\\u007F-\\u009F\\u2028\\u2029\\uD800-\\uDFFF\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*"
    "(?:[^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
    "\\uD800-\\uDFFF\\uFEFF\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]))?$"
)

WWW_AUTHENTICATE = 'APIKey header="X-API-Key"'   # components.responses.Unauthorized, const
BULLET = "\u2022"

# The five representations (document description, "Content negotiation"): Content-Type sent, and the
# parameters a range is matched against.
MEDIA_TYPES = {
    "application/json": ("application/json; charset=utf-8", {"charset": "utf-8"}),
    "application/hal+json": ("application/hal+json", {}),
    "application/xml": ("application/xml; charset=utf-8", {"charset": "utf-8"}),
    "text/xml": ("text/xml; charset=utf-8", {"charset": "utf-8"}),
    "text/csv": ("text/csv; charset=utf-8; header=present", {"charset": "utf-8", "header": "present"}),
}
# Our own order for ties between equally acceptable types (the spec lets a tie go to any of them).
TIE_ORDER = ["application/hal+json", "application/json", "text/xml", "application/xml", "text/csv"]

TOKEN = r"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
TOKEN_RE = re.compile(TOKEN)
QVALUE_RE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")  # RFC 9110 §12.4.2
PARAM_RE = re.compile(r"(" + TOKEN + r")=(" + TOKEN + r'|"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*")')
HOST_RE = re.compile(
    r"(?:\[[0-9A-Fa-f:.]+\]|\[v[0-9A-Fa-f]+\.[-A-Za-z0-9._~!$&'()*+,;=:]+\]"
    r"|(?:[-A-Za-z0-9._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?"
)

ALLOW = {"collection": ("POST", "GET", "HEAD"), "item": ("DELETE", "GET", "HEAD")}
RECOGNISED = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"}

REASONS = {
    100: "Continue", 200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request",
    401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
    408: "Request Timeout", 413: "Content Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
    431: "Request Header Fields Too Large", 500: "Internal Server Error",
}

# Problem types (RFC 9457 §3.1.1: any URI; ours are tag: URIs, RFC 4151).
PROBLEM_BASE = "tag:apikeys-independent-python.invalid,2025:problem/"
PROBLEMS = {
    400: ("bad-input", "Your request could not be accepted as sent"),
    401: ("credentials", "Missing or unrecognised credentials"),
    404: ("no-such-resource", "There is nothing at this address"),
    405: ("wrong-method", "That method cannot be used here"),
    406: ("no-acceptable-representation", "No representation matches Accept"),
    408: ("too-slow", "The request did not arrive in time"),
    413: ("body-too-big", "The request body is larger than allowed"),
    414: ("target-too-long", "The request target is too long"),
    415: ("body-media-type", "The request body media type is not supported"),
    431: ("header-section-too-big", "The header section is too large"),
    500: ("server-fault", "Something went wrong on our side"),
}

IDLE_TIMEOUT = 75.0      # keep-alive connection with nothing sent
READ_TIMEOUT = 20.0      # each pause while a request is arriving
LINGER_SECONDS = 2.0     # staged close (RFC 9112 §9.6)
DRAIN_CAP = 1 << 20      # unread bodies up to this are read and discarded to keep the connection


# ---------------------------------------------------------------------------
# Storage: digests only (info.description, "The central promise")
# ---------------------------------------------------------------------------

class Record:
    __slots__ = ("key_id", "name", "preview", "created_at", "digest")

    def __init__(self, key_id: str, name: str, preview: str, created_at: int, digest: bytes):
        self.key_id, self.name, self.preview, self.created_at, self.digest = key_id, name, preview, created_at, digest

    def sort_key(self):
        # list: "oldest first (by createdAt, then _id in ASCII order)"; the 1 puts keys between positions.
        return (self.created_at, self.key_id, 1)


_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def new_object_id() -> str:
    """24 characters of [a-z0-9]: 124 random bits written in base 36 (ObjectId pattern)."""
    n = secrets.randbelow(36 ** 24)
    out = []
    for _ in range(24):
        n, r = divmod(n, 36)
        out.append(_B36[r])
    return "".join(reversed(out))


class Store:
    def __init__(self, endpoint_ids):
        self._lock = threading.Lock()
        self._by_endpoint = {e: {} for e in endpoint_ids}
        self._ids = set()

    def has_endpoint(self, eid: str) -> bool:
        return eid in self._by_endpoint

    def create(self, eid: str, name: str):
        plaintext = secrets.token_bytes(32).hex()
        preview = plaintext[:4] + BULLET * 8 + plaintext[-4:]
        digest = hashlib.sha256(plaintext.encode("ascii")).digest()
        with self._lock:
            key_id = new_object_id()
            while key_id in self._ids:
                key_id = new_object_id()
            rec = Record(key_id, name, preview, int(time.time()), digest)
            self._ids.add(key_id)
            self._by_endpoint[eid][key_id] = rec
        return rec, plaintext

    def get(self, eid: str, kid: str):
        with self._lock:
            return self._by_endpoint[eid].get(kid)

    def delete(self, eid: str, kid: str) -> bool:
        with self._lock:
            return self._by_endpoint[eid].pop(kid, None) is not None

    def snapshot(self, eid: str):
        with self._lock:
            recs = list(self._by_endpoint[eid].values())
        recs.sort(key=Record.sort_key)
        return recs


# ---------------------------------------------------------------------------
# Cursors: a position between two keys, (createdAt, _id, 0 = just before | 2 = just after),
# bound to its Endpoint by an HMAC, written in lower-case base32 (URL-safe, no padding).
# ---------------------------------------------------------------------------

class CursorCodec:
    VERSION = 0x5C

    def __init__(self):
        self._secret = secrets.token_bytes(32)

    def _mac(self, eid: str, payload: bytes) -> bytes:
        return hmac.new(self._secret, eid.encode() + b"|" + payload, hashlib.sha256).digest()[:12]

    def encode(self, eid: str, pos) -> str:
        t, kid, side = pos
        payload = bytes([self.VERSION, side]) + int(t).to_bytes(8, "big") + kid.encode("ascii")
        raw = payload + self._mac(eid, payload)
        return base64.b32encode(raw).decode("ascii").rstrip("=").lower()

    def decode(self, eid: str, text: str):
        if not (1 <= len(text) <= CURSOR_MAX) or not CURSOR_SHAPE.fullmatch(text) or text != text.lower():
            return None
        try:
            raw = base64.b32decode(text.upper() + "=" * (-len(text) % 8))
        except Exception:
            return None
        if len(raw) != 2 + 8 + 24 + 12:
            return None
        payload, mac = raw[:-12], raw[-12:]
        if not hmac.compare_digest(mac, self._mac(eid, payload)):
            return None
        if payload[0] != self.VERSION or payload[1] not in (0, 2):
            return None
        kid = payload[10:].decode("ascii", "replace")
        if not OBJECT_ID.fullmatch(kid):
            return None
        return (int.from_bytes(payload[2:10], "big"), kid, payload[1])


# ---------------------------------------------------------------------------
# Content negotiation (document description, "Content negotiation"; RFC 9110 §12.5.1)
# ---------------------------------------------------------------------------

def split_outside_quotes(text: str, sep: str):
    parts, cur, in_q, esc = [], [], False, False
    for ch in text:
        if in_q:
            cur.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_q = False
        elif ch == '"':
            in_q = True
            cur.append(ch)
        elif ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def unquote_param(value: str) -> str:
    if value.startswith('"'):
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse_accept(values):
    """Returns a list of (type, subtype, [(param, value)], q). Broken elements are ignored; a broken
    parameter is dropped; a broken weight ignores its element; parameters after q are ignored."""
    ranges = []
    for value in values:
        for element in split_outside_quotes(value, ","):
            element = element.strip(" \t")
            if not element:
                continue
            pieces = split_outside_quotes(element, ";")
            m = re.fullmatch("(" + TOKEN + ")/(" + TOKEN + ")", pieces[0].strip(" \t"))
            if not m:
                continue
            mtype, subtype = m.group(1).lower(), m.group(2).lower()
            if mtype == "*" and subtype != "*":
                continue
            params, q, saw_q, broken = [], 1.0, False, False
            for piece in pieces[1:]:
                piece = piece.strip(" \t")
                if not piece:
                    continue
                pm = PARAM_RE.fullmatch(piece)
                if not pm:
                    continue
                pname, pvalue = pm.group(1).lower(), unquote_param(pm.group(2))
                if saw_q:
                    continue
                if pname == "q":
                    saw_q = True
                    if not QVALUE_RE.fullmatch(pvalue):
                        broken = True
                        break
                    q = float(pvalue)
                else:
                    params.append((pname, pvalue))
            if not broken:
                ranges.append((mtype, subtype, params, q))
    return ranges


def _range_matches(rng, media: str) -> bool:
    rtype, rsub, rparams, _ = rng
    mtype, msub = media.split("/")
    if rtype != "*" and (rtype != mtype or (rsub != "*" and rsub != msub)):
        return False
    tparams = MEDIA_TYPES[media][1]
    for pname, pvalue in rparams:
        if pname not in tparams:
            return False
        expected = tparams[pname]
        if pname == "charset":
            if pvalue.lower() != expected:
                return False
        elif pvalue != expected:   # other values compared exactly (the spec leaves letter case open)
            return False
    return True


def _specificity(rng):
    rtype, rsub, rparams, _ = rng
    level = 0 if rtype == "*" else (1 if rsub == "*" else 2)
    return (level, len(rparams))


def negotiate(accept_values):
    """The media type to send, or None for 406."""
    ranges = parse_accept(accept_values)
    if not ranges:
        return "application/json"
    if all(r[0] == "*" and not r[2] and r[3] > 0 for r in ranges):
        return "application/json"
    best, best_q = None, 0.0
    for media in TIE_ORDER:
        matching = [r for r in ranges if _range_matches(r, media)]
        if not matching:
            continue
        top = max(_specificity(r) for r in matching)
        q = max(r[3] for r in matching if _specificity(r) == top)
        if q > best_q:
            best, best_q = media, q
    return best


# ---------------------------------------------------------------------------
# Representations (document description, "Representations")
# ---------------------------------------------------------------------------

def metadata_fields(rec: Record):
    return [("_id", rec.key_id), ("name", rec.name), ("keyPreview", rec.preview), ("createdAt", rec.created_at)]


def json_bytes(obj) -> bytes:
    # ASCII-only JSON (non-ASCII as \u escapes, RFC 8259 §7): our choice, equally valid.
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def xml_text(value) -> str:
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_object(root: str, fields) -> str:
    return "<%s>%s</%s>" % (root, "".join(
        "<%s>%s</%s>" % (k, xml_text(v), k) for k, v in fields if v is not None), root)


XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>'


def csv_field(value) -> str:
    if isinstance(value, int):
        return str(value)
    # Every text field is quoted (RFC 4180 §2 allows quoting any field).
    return '"' + str(value).replace('"', '""') + '"'


def csv_document(columns, rows) -> bytes:
    lines = [",".join(columns)] + [",".join(csv_field(v) for v in row) for row in rows]
    # A leading BOM and no CRLF after the last record: both allowed by the document's description.
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


def render_key(media: str, fields, self_href: str) -> bytes:
    if media == "application/json":
        return json_bytes(dict(fields))
    if media == "application/hal+json":
        obj = dict(fields)
        obj["_links"] = {"self": {"href": self_href}}
        return json_bytes(obj)
    if media in ("application/xml", "text/xml"):
        return (XML_DECL + xml_object("endpointApiKey", fields)).encode("utf-8")
    return csv_document([k for k, _ in fields], [[v for _, v in fields]])


def render_list(media: str, page, item_href, links) -> bytes:
    items, total, next_c, prev_c = page
    if media in ("application/json", "application/hal+json"):
        hal = media == "application/hal+json"
        out_items = []
        for rec in items:
            obj = dict(metadata_fields(rec))
            if hal:
                obj["_links"] = {"self": {"href": item_href(rec)}}
            out_items.append(obj)
        obj = {"items": out_items, "total": total, "nextCursor": next_c, "previousCursor": prev_c}
        if hal:
            obj["_links"] = {rel: {"href": href} for rel, href in links.items()}
        return json_bytes(obj)
    if media in ("application/xml", "text/xml"):
        inner = "".join(xml_object("endpointApiKey", metadata_fields(r)) for r in items)
        tail = [("total", total), ("nextCursor", next_c), ("previousCursor", prev_c)]
        body = "<endpointApiKeyList><items>%s</items>%s</endpointApiKeyList>" % (
            inner, "".join("<%s>%s</%s>" % (k, xml_text(v), k) for k, v in tail if v is not None))
        return (XML_DECL + body).encode("utf-8")
    return csv_document(["_id", "name", "keyPreview", "createdAt"],
                        [[v for _, v in metadata_fields(r)] for r in items])


# ---------------------------------------------------------------------------
# Request parsing helpers
# ---------------------------------------------------------------------------

UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
PATH_SAFE = UNRESERVED | set(b"!$&'()*+,;=:@/")


def safe_uri_path(raw: str) -> str:
    """The path as a valid URI reference: bytes a path may not hold are percent-encoded."""
    data = raw.encode("latin-1", "replace")
    out, i = [], 0
    while i < len(data):
        b = data[i]
        if b == 0x25 and re.fullmatch(rb"%[0-9A-Fa-f]{2}", data[i:i + 3]):
            out.append(data[i:i + 3].decode("ascii"))
            i += 3
            continue
        out.append(chr(b) if b in PATH_SAFE else "%%%02X" % b)
        i += 1
    path = "".join(out)
    return path if path.startswith("/") else "/" + path


def normalise_path(path: str) -> str:
    """RFC 3986 §6.2.2: percent-encoded unreserved characters decoded, then dot segments removed (§5.2.4)."""
    def dec(m):
        ch = chr(int(m.group(1), 16))
        return ch if ord(ch) in UNRESERVED else "%" + m.group(1).upper()
    path = re.sub(r"%([0-9A-Fa-f]{2})", dec, path)
    out = []
    segs = path.split("/")[1:]
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out)


def match_route(norm_path: str):
    segs = norm_path.split("/")
    if len(segs) == 5 and segs[:3] == ["", "v2.0", "endpoints"] and segs[4] == "apikeys":
        return "collection", segs[3], None
    # "…/apikeys/" (empty last segment) is read as the item route with an empty apiKeyId: the
    # description's "exception left to the implementation".
    if len(segs) == 6 and segs[:3] == ["", "v2.0", "endpoints"] and segs[4] == "apikeys":
        return "item", segs[3], segs[5]
    return None


def json_pointer(name: str) -> str:
    return "/" + name.replace("~", "~0").replace("/", "~1")


class HttpError(Exception):
    """A request that cannot be handled as HTTP/1.1; answered, then the connection is closed."""

    def __init__(self, status, detail, errors=None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors


class BodyTooLarge(Exception):
    pass


class Request:
    def __init__(self):
        self.method = ""
        self.version = (1, 1)
        self.raw_path = "/"
        self.query = ""
        self.headers = []          # (lower-case name, value)
        self.framing = None        # None | ("length", n) | ("chunked",)
        self.body_done = True
        self.expect_continue = False
        self.continue_sent = False

    def values(self, name: str):
        return [v for n, v in self.headers if n == name]


# ---------------------------------------------------------------------------
# The handler
# ---------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = None
    app = None  # set in main()

    # http.server's own request parsing is replaced (handle_one_request), so every method name,
    # PROPFIND or lower-case "get" included, reaches App.dispatch; every answer is written by respond().
    def log_message(self, format, *args):  # noqa: A002 - never log (no keys, no paths)
        pass

    def send_error(self, code, message=None, explain=None):
        self.close_connection = True
        self.respond_problem(None, code if 400 <= code < 500 else 400, "The request could not be read.",
                             errors=[{"in": "header", "name": "request", "message": "unreadable request"}])

    def handle(self):
        self.close_connection = True
        self.linger = False
        try:
            self.handle_one_request()
            while not self.close_connection:
                self.handle_one_request()
        except (ConnectionError, socket.timeout, OSError):
            self.linger = False
            return
        if self.linger:
            self.staged_close()

    def staged_close(self):
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.25)
            deadline = time.monotonic() + LINGER_SECONDS
            received = 0
            while time.monotonic() < deadline and received < 16 * DRAIN_CAP:
                try:
                    chunk = self.connection.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                received += len(chunk)
        except OSError:
            pass

    # -- reading --------------------------------------------------------------

    def handle_one_request(self):
        self.close_connection = True
        self.connection.settimeout(IDLE_TIMEOUT)
        try:
            first = self.rfile.peek(1)
        except (socket.timeout, OSError):
            return
        if not first:
            return
        self.connection.settimeout(READ_TIMEOUT)
        req = Request()
        try:
            self.read_head(req)
        except HttpError as err:
            self.linger = True
            self.respond_problem(req, err.status, err.detail, errors=err.errors, close=True)
            return
        except socket.timeout:
            self.linger = True
            self.respond_problem(req, 408, "The header section did not arrive in time.", close=True)
            return
        self.close_connection = self.wants_close(req)
        try:
            self.app.dispatch(self, req)
        except socket.timeout:
            self.linger = True
            self.respond_problem(req, 408, "The request body did not arrive in time.", close=True)
            return
        except HttpError as err:
            self.linger = True
            self.respond_problem(req, err.status, err.detail, errors=err.errors, close=True)
            return
        if not self.close_connection:
            self.finish_body(req)

    def wants_close(self, req):
        tokens = {t.strip().lower() for v in req.values("connection") for t in v.split(",")}
        if req.version >= (1, 1):
            return "close" in tokens
        return "keep-alive" not in tokens

    def readline_limited(self, cap):
        line = self.rfile.readline(cap + 1)
        if not line:
            raise ConnectionError("closed")
        return line

    def read_head(self, req: Request):
        # RFC 9112 §2.2: empty lines before the request line are ignored.
        for _ in range(8):
            line = self.rfile.readline(REQUEST_LINE_CAP + 1)
            if not line:
                raise ConnectionError("closed")
            if line not in (b"\r\n", b"\n"):
                break
        if len(line) > REQUEST_LINE_CAP or not line.endswith(b"\n"):
            if not line.endswith(b"\n") and len(line) <= REQUEST_LINE_CAP:
                raise ConnectionError("closed mid-line")
            raise HttpError(414, "The request line is longer than this server reads.")
        text = line.rstrip(b"\n").removesuffix(b"\r").decode("latin-1")
        parts = text.split(" ")
        if len(parts) != 3 or not all(parts) or "\r" in text:
            raise HttpError(400, "The request line is not 'method target version'.",
                            [{"in": "method", "name": "request-line", "message": "malformed request line"}])
        method, target, version = parts
        if not TOKEN_RE.fullmatch(method):
            raise HttpError(400, "The method is not a token.",
                            [{"in": "method", "name": "method", "message": "not a token (RFC 9110 §9.1)"}])
        req.method = method
        vm = re.fullmatch(r"HTTP/([0-9])\.([0-9])", version)
        if not vm or vm.group(1) != "1":
            raise HttpError(400, "Only HTTP/1.x is spoken here.",
                            [{"in": "header", "name": "HTTP-version", "message": "unsupported protocol version"}])
        req.version = (1, int(vm.group(2)))
        self.request_version = version
        self.set_target(req, target)
        self.read_fields(req)
        if method == "CONNECT":
            raise HttpError(400, "CONNECT is not served here.",
                            [{"in": "method", "name": "method", "message": "CONNECT is not supported"}])
        self.check_framing(req)

    def set_target(self, req: Request, target: str):
        if target.startswith("/"):
            path, _, query = target.partition("?")
        elif re.match(r"(?i)https?://", target):
            rest = target.split("://", 1)[1]
            slash = len(rest)
            for ch in "/?":
                idx = rest.find(ch)
                if idx != -1:
                    slash = min(slash, idx)
            path, _, query = rest[slash:].partition("?")
            path = path or "/"
        elif target == "*":
            path, query = "*", ""
        else:
            req.raw_path = "/"
            raise HttpError(400, "The request target is not in origin or absolute form.",
                            [{"in": "path", "name": "request-target", "message": "malformed request target"}])
        req.raw_path = path.partition("#")[0] if path != "*" else "*"
        req.query = query.partition("#")[0]

    def read_fields(self, req: Request):
        total = 0
        while True:
            line = self.rfile.readline(HEADER_SECTION_CAP + 1)
            if not line:
                raise ConnectionError("closed")
            total += len(line)
            if total > HEADER_SECTION_CAP:
                raise HttpError(431, "The header section is larger than this server reads.")
            if not line.endswith(b"\n"):
                raise ConnectionError("closed mid-line")
            if line in (b"\r\n", b"\n"):
                break
            text = line.rstrip(b"\n").removesuffix(b"\r").decode("latin-1")
            if text[:1] in (" ", "\t"):
                raise HttpError(400, "Obsolete line folding is not accepted (RFC 9112 §5.2).",
                                [{"in": "header", "name": "header-section", "message": "obs-fold"}])
            name, colon, value = text.partition(":")
            if not colon or not TOKEN_RE.fullmatch(name):
                raise HttpError(400, "A header field line is malformed (RFC 9112 §5.1).",
                                [{"in": "header", "name": "header-section", "message": "malformed field line"}])
            value = value.strip(" \t")
            if any(c in value for c in "\x00\r\n"):
                raise HttpError(400, "A header field value holds a forbidden character.",
                                [{"in": "header", "name": name, "message": "invalid field value"}])
            req.headers.append((name.lower(), value))

    def check_framing(self, req: Request):
        hosts = req.values("host")
        if req.version >= (1, 1) and len(hosts) != 1:
            raise HttpError(400, "HTTP/1.1 needs exactly one Host header (RFC 9112 §3.2).",
                            [{"in": "header", "name": "Host", "message": "missing or repeated"}])
        if len(hosts) > 1 or (hosts and not HOST_RE.fullmatch(hosts[0])):
            raise HttpError(400, "The Host header is invalid (RFC 9112 §3.2).",
                            [{"in": "header", "name": "Host", "message": "invalid value"}])
        te = req.values("transfer-encoding")
        cl = req.values("content-length")
        if te:
            if req.version < (1, 1):
                raise HttpError(400, "Transfer-Encoding is not allowed in HTTP/1.0.",
                                [{"in": "header", "name": "Transfer-Encoding", "message": "not in HTTP/1.0"}])
            if cl:
                raise HttpError(400, "Content-Length and Transfer-Encoding together are refused.",
                                [{"in": "header", "name": "Content-Length", "message": "conflicting framing"}])
            codings = [c.strip(" \t").lower() for v in te for c in v.split(",") if c.strip(" \t")]
            if codings != ["chunked"]:
                raise HttpError(400, "Only the chunked transfer coding is understood.",
                                [{"in": "header", "name": "Transfer-Encoding", "message": "unsupported coding"}])
            req.framing = ("chunked",)
            req.body_done = False
        elif cl:
            items = [c.strip(" \t") for v in cl for c in v.split(",")]
            if not all(re.fullmatch(r"[0-9]{1,18}", c) for c in items) or len({int(c) for c in items}) != 1:
                raise HttpError(400, "Content-Length is invalid (RFC 9112 §6.3).",
                                [{"in": "header", "name": "Content-Length", "message": "invalid value"}])
            n = int(items[0])
            req.framing = ("length", n)
            req.body_done = n == 0
        expect = [v.strip().lower() for v in req.values("expect")]
        req.expect_continue = req.version >= (1, 1) and "100-continue" in expect

    def send_continue(self, req: Request):
        if req.expect_continue and not req.continue_sent:
            req.continue_sent = True
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def read_body(self, req: Request, limit: int) -> bytes:
        """Reads the body, never more than `limit` bytes of content (raises BodyTooLarge first)."""
        if req.framing is None:
            return b""
        if req.framing[0] == "length":
            n = req.framing[1]
            if n > limit:
                raise BodyTooLarge()
            self.send_continue(req)
            data = self.rfile.read(n) if n else b""
            if len(data) < n:
                raise ConnectionError("closed mid-body")
            req.body_done = True
            return data
        self.send_continue(req)
        body = bytearray()
        while True:
            line = self.rfile.readline(4097)
            if not line:
                raise ConnectionError("closed mid-body")
            if not line.endswith(b"\n"):
                raise HttpError(400, "A chunk size line is malformed (RFC 9112 §7.1).",
                                [{"in": "body", "name": "", "message": "bad chunk"}])
            size_text = line.rstrip(b"\r\n").split(b";", 1)[0].strip(b" \t")
            if not re.fullmatch(rb"[0-9A-Fa-f]{1,15}", size_text):
                raise HttpError(400, "A chunk size is malformed (RFC 9112 §7.1).",
                                [{"in": "body", "name": "", "message": "bad chunk size"}])
            size = int(size_text, 16)
            if size == 0:
                break
            if len(body) + size > limit:
                raise BodyTooLarge()
            data = self.rfile.read(size)
            if len(data) < size:
                raise ConnectionError("closed mid-body")
            body += data
            if self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise HttpError(400, "A chunk is not followed by CRLF (RFC 9112 §7.1).",
                                [{"in": "body", "name": "", "message": "bad chunk"}])
        total = 0
        while True:
            line = self.rfile.readline(HEADER_SECTION_CAP + 1)
            if not line:
                raise ConnectionError("closed mid-trailer")
            total += len(line)
            if total > HEADER_SECTION_CAP:
                raise HttpError(431, "The trailer section is larger than this server reads.")
            if line in (b"\r\n", b"\n"):
                break
        req.body_done = True
        return bytes(body)

    def finish_body(self, req: Request):
        """Keeps the connection usable when a body was not read: drain a small one, else close."""
        if req.body_done:
            return
        if req.expect_continue and not req.continue_sent:
            self.close_connection, self.linger = True, True
            return
        try:
            self.read_body(req, DRAIN_CAP)
        except (BodyTooLarge, HttpError):
            self.close_connection, self.linger = True, True

    # -- writing --------------------------------------------------------------

    def respond(self, req, status, headers, body=b"", close=False):
        head_only = req is not None and req.method == "HEAD"
        if close:
            self.close_connection = True
        elif req is not None and not req.body_done and (
                (req.expect_continue and not req.continue_sent)
                or (req.framing[0] == "length" and req.framing[1] > DRAIN_CAP)):
            # An unread body that will not be drained: say so, and close in stages afterwards.
            self.close_connection, self.linger = True, True
        lines = ["HTTP/1.1 %d %s" % (status, REASONS.get(status, "Status"))]
        lines.append("date: " + email.utils.formatdate(usegmt=True))
        for name, value in headers:
            lines.append("%s: %s" % (name, value))
        if status != 204:
            lines.append("content-length: %d" % len(body))
        if self.close_connection:
            lines.append("connection: close")
        elif req is not None and req.version < (1, 1):
            lines.append("connection: keep-alive")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if not head_only and status != 204:
            data += body
        self.wfile.write(data)

    def respond_problem(self, req, status, detail, errors=None, headers=(), close=False):
        slug, title = PROBLEMS.get(status, PROBLEMS[400])
        instance = safe_uri_path(req.raw_path) if req is not None and req.raw_path != "*" else (
            "*" if req is not None else "/")
        problem = {
            "type": PROBLEM_BASE + slug,
            "title": title,
            "status": status,
            "detail": detail,
            "instance": instance,
            "traceId": trace_id(req),
        }
        if status == 400:
            problem["errors"] = errors or [{"in": "header", "name": "request", "message": "unreadable request"}]
        hdrs = [("content-type", "application/problem+json")] + list(headers)
        self.respond(req, status, hdrs, json_bytes(problem), close=close)


def trace_id(req) -> str:
    """W3C Trace Context: the trace-id of a valid incoming traceparent, else a fresh one."""
    if req is not None:
        tp = req.values("traceparent")
        if len(tp) == 1:
            m = re.fullmatch(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?", tp[0])
            if (m and m.group(1) != "ff" and m.group(2) != "0" * 32 and m.group(3) != "0" * 16
                    and not (m.group(1) == "00" and m.group(5))):
                return m.group(2)
    while True:
        t = secrets.token_hex(16)
        if t != "0" * 32:
            return t


# ---------------------------------------------------------------------------
# The application: the four operations and the order of checks
# ---------------------------------------------------------------------------

class App:
    def __init__(self, api_key: str, endpoint_ids):
        self._key_digest = hashlib.sha256(api_key.encode("utf-8")).digest()
        self.store = Store(endpoint_ids)
        self.cursors = CursorCodec()

    def authenticated(self, req: Request) -> bool:
        # securitySchemes.ApiKeyAuth: exact comparison, in constant time (digests of equal length).
        values = req.values("x-api-key")
        given = values[0] if len(values) == 1 else ""
        digest = hashlib.sha256(given.encode("latin-1", "replace")).digest()
        ok = hmac.compare_digest(digest, self._key_digest)
        return ok and len(values) == 1

    def dispatch(self, h: Handler, req: Request):
        if req.raw_path == "*":
            return h.respond_problem(req, 404, "There is no resource at this path.")
        norm = normalise_path(req.raw_path)
        route = match_route(norm)
        # 1. unknown path
        if route is None:
            return h.respond_problem(req, 404, "There is no resource at this path.")
        kind, eid, kid = route
        allowed = ALLOW[kind]
        # 2. method the path does not have (x-method-not-allowed), any method name included
        if req.method not in allowed:
            allow = ", ".join(allowed)
            return h.respond_problem(req, 405, "This path accepts only these methods: %s." % allow,
                                     headers=[("allow", allow)])
        # 3. X-API-Key
        if not self.authenticated(req):
            return h.respond_problem(req, 401, "Send a valid API key in the X-API-Key header.",
                                     headers=[("www-authenticate", WWW_AUTHENTICATE)])
        # 4. malformed path parameters
        errors = []
        if not OBJECT_ID.fullmatch(eid):
            errors.append({"in": "path", "name": "endpointId", "message": "must be 24 lowercase letters or digits"})
        if kind == "item" and not OBJECT_ID.fullmatch(kid):
            errors.append({"in": "path", "name": "apiKeyId", "message": "must be 24 lowercase letters or digits"})
        if errors:
            return h.respond_problem(req, 400, "A path parameter is malformed.", errors=errors)
        # 5. unknown Endpoint or key
        if not self.store.has_endpoint(eid):
            return h.respond_problem(req, 404, "There is no such Endpoint.")
        base = norm if kind == "collection" else norm.rsplit("/", 1)[0]
        if kind == "item":
            if req.method == "DELETE":
                if not self.store.delete(eid, kid):
                    return h.respond_problem(req, 404, "This Endpoint has no such API key.")
                return h.respond(req, 204, [])
            rec = self.store.get(eid, kid)
            if rec is None:
                return h.respond_problem(req, 404, "This Endpoint has no such API key.")
            media = negotiate(req.values("accept"))
            if media is None:
                return self.not_acceptable(h, req)
            body = render_key(media, metadata_fields(rec), norm)
            return h.respond(req, 200, [("content-type", MEDIA_TYPES[media][0]), ("vary", "Accept")], body)
        if req.method == "POST":
            return self.create(h, req, eid, base)
        return self.list(h, req, eid, base)

    def not_acceptable(self, h, req):
        return h.respond_problem(
            req, 406, "Acceptable media types: application/json, application/hal+json, "
                      "application/xml, text/xml, text/csv.", headers=[("vary", "Accept")])

    # -- create ---------------------------------------------------------------

    def create(self, h: Handler, req: Request, eid: str, base: str):
        media = negotiate(req.values("accept"))
        if media is None:
            return self.not_acceptable(h, req)
        # 415: the request body's media type (requestBody.description)
        ctypes = req.values("content-type")
        if len(ctypes) > 1 or (ctypes and not content_type_ok(ctypes[0])):
            return h.respond_problem(req, 415, "The request body must be application/json in UTF-8.")
        encodings = [c.strip(" \t").lower() for v in req.values("content-encoding") for c in v.split(",")]
        if any(c not in ("identity", "") for c in encodings):
            return h.respond_problem(req, 415, "Content-Encoding is not supported; send the body unencoded.")
        # 413 before reading past the limit
        try:
            raw = h.read_body(req, MAX_BODY_BYTES)
        except BodyTooLarge:
            h.linger = True
            return h.respond_problem(req, 413, "The request body is larger than %d bytes." % MAX_BODY_BYTES,
                                     close=True)
        name, errors = parse_create_body(raw)
        if errors:
            return h.respond_problem(req, 400, "The request body is not a valid create request.", errors=errors)
        rec, plaintext = self.store.create(eid, name)
        location = base + "/" + rec.key_id
        fields = [("key", plaintext)] + metadata_fields(rec)
        body = render_key(media, fields, location)
        return h.respond(req, 201, [
            ("content-type", MEDIA_TYPES[media][0]),
            ("location", location),
            ("cache-control", "no-store, private"),
            ("vary", "Accept"),
        ], body)

    # -- list -----------------------------------------------------------------

    def list(self, h: Handler, req: Request, eid: str, base: str):
        params, errors = parse_query(req.query)
        limit = LIMIT_DEFAULT
        if "limit" in params:
            value = params["limit"]
            if not re.fullmatch(r"[1-9][0-9]{0,8}|0", value):
                errors.append({"in": "query", "name": "limit", "message": "must be an integer in decimal"})
            elif not LIMIT_MIN <= int(value) <= LIMIT_MAX:
                errors.append({"in": "query", "name": "limit", "message": "must be from 1 to 100"})
            else:
                limit = int(value)
        if "next" in params and "previous" in params:
            errors.append({"in": "query", "name": "previous", "message": "next and previous cannot be combined"})
        position = direction = None
        for pname in ("next", "previous"):
            if pname in params and not any(e["name"] == pname for e in errors):
                pos = self.cursors.decode(eid, params[pname])
                if pos is None:
                    errors.append({"in": "query", "name": pname, "message": "not a cursor issued for this list"})
                elif "next" not in params or "previous" not in params:
                    position, direction = pos, pname
        if errors:
            return h.respond_problem(req, 400, "A query parameter is malformed.", errors=errors)
        media = negotiate(req.values("accept"))
        if media is None:
            return self.not_acceptable(h, req)

        recs = self.store.snapshot(eid)
        keys = [r.sort_key() for r in recs]
        if direction == "next":
            page = [r for r in recs if r.sort_key() > position][:limit]
        elif direction == "previous":
            before = [r for r in recs if r.sort_key() < position]
            page = before[-limit:] if before else []
        else:
            page = recs[:limit]
        if page:
            start = (page[0].created_at, page[0].key_id, 0)
            end = (page[-1].created_at, page[-1].key_id, 2)
        else:
            start = end = position
        next_c = self.cursors.encode(eid, end) if end and any(k > end for k in keys) else None
        prev_c = self.cursors.encode(eid, start) if start and any(k < start for k in keys) else None

        def href(extra):
            return "%s?limit=%d%s" % (base, limit, extra)
        links = {"self": href("&%s=%s" % (direction, params[direction]) if direction else "")}
        if next_c:
            links["next"] = href("&next=" + next_c)
        if prev_c:
            links["prev"] = href("&previous=" + prev_c)
        body = render_list(media, (page, len(recs), next_c, prev_c), lambda r: base + "/" + r.key_id, links)
        headers = [("content-type", MEDIA_TYPES[media][0]), ("vary", "Accept")]
        link_values = ["<%s>; rel=%s" % (links[rel], rel) for rel in ("next", "prev") if rel in links]
        if link_values:
            headers.append(("link", ", ".join(link_values)))
        return h.respond(req, 200, headers, body)


def content_type_ok(value: str) -> bool:
    pieces = split_outside_quotes(value, ";")
    if pieces[0].strip(" \t").lower() != "application/json":
        return False
    for piece in pieces[1:]:
        piece = piece.strip(" \t")
        if not piece:
            continue
        m = PARAM_RE.fullmatch(piece)
        if not m:
            return False
        if m.group(1).lower() == "charset" and unquote_param(m.group(2)).lower() != "utf-8":
            return False
    return True


def _refuse_constant(name):
    raise ValueError("not JSON: " + name)


def parse_create_body(raw: bytes):
    """Returns (name, errors)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]   # RFC 8259 §8.1: a BOM may be ignored (our choice)
    try:
        text = raw.decode("utf-8")
        doc = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None, [{"in": "body", "name": "", "message": "the body is not well-formed JSON"}]
    if not isinstance(doc, dict):
        return None, [{"in": "body", "name": "", "message": "the body must be a JSON object"}]
    errors = []
    for prop in doc:
        if prop != "name":
            errors.append({"in": "body", "name": json_pointer(prop), "message": "unknown property"})
    if "name" not in doc:
        errors.append({"in": "body", "name": "/name", "message": "name is required"})
        return None, errors
    name = doc["name"]
    if not isinstance(name, str):
        errors.append({"in": "body", "name": "/name", "message": "name must be a string"})
    elif not 1 <= len(name) <= NAME_MAX:
        errors.append({"in": "body", "name": "/name", "message": "name must be 1 to 128 code points"})
    elif not NAME_PATTERN.fullmatch(name):
        errors.append({"in": "body", "name": "/name", "message": "name holds a refused character"})
    return (name if not errors else None), errors


def parse_query(query: str):
    """Documented parameters only; repeated ones are 400, empty or blank values count as absent."""
    seen, errors = {}, []
    for piece in query.split("&") if query else []:
        raw_name, _, raw_value = piece.partition("=")
        name = percent_decode(raw_name)
        if name not in ("limit", "next", "previous"):
            continue
        if name in seen:
            if not any(e["name"] == name for e in errors):
                errors.append({"in": "query", "name": name, "message": "given more than once"})
            continue
        seen[name] = percent_decode(raw_value)
    params = {}
    for name, value in seen.items():
        if any(e["name"] == name for e in errors):
            continue
        if value is None:
            errors.append({"in": "query", "name": name, "message": "malformed percent-encoding"})
        elif value.strip(" \t\r\n\f\v") != "":
            params[name] = value
    return params, errors


def percent_decode(text: str):
    """application/x-www-form-urlencoded reading of a query component; None when it is not UTF-8."""
    raw = text.replace("+", " ").encode("latin-1", "replace")
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i] == 0x25:
            if not re.fullmatch(rb"%[0-9A-Fa-f]{2}", raw[i:i + 3]):
                return None
            out.append(int(raw[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None


# ---------------------------------------------------------------------------
# Start-up
# ---------------------------------------------------------------------------

class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main(argv=None):
    parser = argparse.ArgumentParser(description="Endpoint API Keys (independent Python implementation)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--endpoint-id", action="append", default=[])
    args = parser.parse_args(argv)

    api_key = args.api_key if args.api_key is not None else os.environ.get("APIKEYS_KIT_API_KEY")
    if not api_key:
        parser.error("an API key is required (--api-key or APIKEYS_KIT_API_KEY)")
    if not args.endpoint_id:
        parser.error("at least one --endpoint-id is required")
    for eid in args.endpoint_id:
        if not OBJECT_ID.fullmatch(eid):
            parser.error("--endpoint-id values must be 24 lowercase letters or digits")

    Handler.app = App(api_key, args.endpoint_id)
    server = Server((args.host, args.port), Handler)

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    sys.stdout.write("listening on http://%s:%d\n" % (host, port))
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
