#!/usr/bin/python3
"""Fills in the aws-c-auth header-signing files that the source index did not hold.

For every case under aws-c-auth/ this script starts from the authentic
header-signed-request.txt (copied from awslabs/aws-c-auth) and, where a file is
missing, writes:
  request.txt       the signed request minus the headers the signer adds
                    (Authorization, X-Amz-Date, x-amz-content-sha256 for sign_body
                    cases, X-Amz-Security-Token when the token comes from context)
  context.json      from the rules in aws-c-auth's generate_test_suite.py
  header-canonical-request.txt, header-string-to-sign.txt, header-signature.txt
                    computed with botocore's SigV4Auth, and written ONLY when the
                    resulting signature and SignedHeaders equal the ones in the
                    authentic header-signed-request.txt (an HMAC match means the
                    canonical request is byte-identical to the one aws-c-auth signed).
Run with Debian's /usr/bin/python3 (python3-botocore). Idempotent.
"""
import datetime
import hashlib
import json
import os
import re
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aws-c-auth")
TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"


def context_for(case):
    ctx = {"region": "us-east-1", "service": "service", "timestamp": "2015-08-30T12:36:00Z",
           "expiration_in_seconds": 3600,
           "credentials": {"access_key_id": "AKIDEXAMPLE",
                           "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
           "sign_body": False, "normalize": not case.endswith("-unnormalized")}
    if case == "get-vanilla-with-session-token":
        ctx["credentials"]["token"] = TOKEN
    elif case.startswith("post-x-www-form"):
        ctx["sign_body"] = True
    return ctx


def parse_signed(text):
    head, _, body = text.partition("\n\n")
    lines = head.split("\n")
    headers = []  # [name, [values]] with continuation lines as extra values
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:
            headers[-1][1].append(line.strip())
        else:
            name, _, value = line.partition(":")
            headers.append([name, [value]])
    return lines[0], headers, body


def signed_request_line_lines(request_line, headers):
    out = [request_line]
    for name, values in headers:
        out.append(name + ":" + values[0])
        out.extend("  " + v for v in values[1:])
    return out


def wire_query(query):
    # botocore expects the query already percent-encoded; keep existing %XX.
    return "".join(c if (c.isascii() and c not in " ") else
                   "".join("%%%02X" % b for b in c.encode()) for c in query)


def botocore_sign(method, target, headers, body, ctx):
    path, _, query = target.partition("?")
    url = "https://example.amazonaws.com" + path + ("?" + wire_query(query) if query else "")
    req = AWSRequest(method=method, url=url, data=body.encode())
    for name, values in headers:
        for v in values:
            req.headers[name] = v  # email.message semantics: appends, keeps duplicates
    creds = ctx["credentials"]
    fixed = datetime.datetime.strptime(ctx["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    signer = botocore.auth.SigV4Auth(Credentials(creds["access_key_id"], creds["secret_access_key"],
                                                 creds.get("token")), ctx["service"], ctx["region"])
    if hasattr(botocore.auth, "get_current_datetime"):
        patch = mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed)
    else:
        dt = mock.MagicMock(wraps=datetime.datetime)
        dt.utcnow.return_value = fixed
        patch = mock.patch.object(botocore.auth.datetime, "datetime", dt)
    with patch:
        signer.add_auth(req)
    auth = req.headers["Authorization"]
    del req.headers["Authorization"]
    cr = signer.canonical_request(req)
    return cr, signer.string_to_sign(req, cr), auth


def main():
    failures = 0
    for case in sorted(os.listdir(ROOT)):
        d = os.path.join(ROOT, case)
        with open(os.path.join(d, "header-signed-request.txt"), encoding="utf-8") as f:
            signed = f.read()
        request_line, headers, body = parse_signed(signed)
        ctx_path = os.path.join(d, "context.json")
        if not os.path.exists(ctx_path):
            with open(ctx_path, "w") as f:
                f.write(json.dumps(context_for(case), sort_keys=True, indent=4))
        with open(ctx_path) as f:
            ctx = json.load(f)
        added = {"authorization", "x-amz-date"}
        if ctx.get("sign_body"):
            added.add("x-amz-content-sha256")
        if "token" in ctx["credentials"]:
            added.add("x-amz-security-token")
        official_auth = next(v[0] for n, v in headers if n.lower() == "authorization")
        req_headers = [h for h in headers if h[0].lower() not in added]
        req_path = os.path.join(d, "request.txt")
        if not os.path.exists(req_path):
            text = "\n".join(signed_request_line_lines(request_line, req_headers))
            if body:
                text += "\n\n" + body
            with open(req_path, "w", encoding="utf-8") as f:
                f.write(text)
        method, rest = request_line.split(" ", 1)
        target = rest.rsplit(" ", 1)[0]
        sign_headers = [list(h) for h in req_headers]
        if ctx.get("sign_body"):
            value = ctx.get("signed_body_value") or hashlib.sha256(body.encode()).hexdigest()
            sign_headers.append(["X-Amz-Content-SHA256", [value]])
        cr, sts, auth = botocore_sign(method, target, sign_headers, body, ctx)
        sig = re.search(r"Signature=([0-9a-f]+)", official_auth).group(1)
        want_signed = re.search(r"SignedHeaders=([^,]+)", official_auth).group(1)
        got_signed = re.search(r"SignedHeaders=([^,]+)", auth).group(1)
        if not auth.endswith("Signature=" + sig) or want_signed != got_signed:
            print(f"{case}: botocore does not reproduce the official signature; not writing expected files")
            failures += 1
            continue
        for name, text in (("header-canonical-request.txt", cr), ("header-string-to-sign.txt", sts),
                           ("header-signature.txt", sig)):
            p = os.path.join(d, name)
            if os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    if f.read() != text:
                        print(f"{case}: stored {name} differs from the verified reconstruction")
                        failures += 1
            else:
                with open(p, "w", encoding="utf-8") as f:
                    f.write(text)
        print(f"{case}: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
