#!/usr/bin/python3
"""Signs requests with botocore's SigV4Auth, for berth's cross-check test and benchmark.

stdin: a JSON array of requests:
  {"method", "url", "headers": [[name, value], ...], "body", "access_key", "secret_key",
   "token" (may be ""), "region", "service", "amz_date": "YYYYMMDDTHHMMSSZ"}
stdout: a JSON array, one {"canonical_request", "authorization"} per request.
With --bench: times signing every request (best of 3 passes, process CPU time)
and prints {"requests": N, "cpu_seconds": S, "per_second": R} instead.
Works with botocore 1.29 (patches datetime.utcnow) and >= 1.31 (get_current_datetime).
"""
import datetime
import json
import sys
import time
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def clock_patch(fixed):
    if hasattr(botocore.auth, "get_current_datetime"):
        return mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed)
    dt = mock.MagicMock(wraps=datetime.datetime)
    dt.utcnow.return_value = fixed
    return mock.patch.object(botocore.auth.datetime, "datetime", dt)


def make_request(r):
    req = AWSRequest(method=r["method"], url=r["url"], data=r["body"].encode("utf-8"))
    for name, value in r["headers"]:
        req.headers[name] = value  # email.message semantics: appends, keeps repeats
    return req


def sign(r, signer):
    req = make_request(r)
    signer.add_auth(req)
    auth = req.headers["Authorization"]
    del req.headers["Authorization"]
    return {"canonical_request": signer.canonical_request(req), "authorization": auth}


def signer_for(r):
    return botocore.auth.SigV4Auth(Credentials(r["access_key"], r["secret_key"], r["token"] or None),
                                   r["service"], r["region"])


def main():
    requests = json.load(sys.stdin)
    if not requests:
        print("[]")
        return 0
    fixed = datetime.datetime.strptime(requests[0]["amz_date"], "%Y%m%dT%H%M%SZ")
    with clock_patch(fixed):
        if "--bench" in sys.argv:
            # Signers are built per request, as botocore's RequestSigner does per
            # call. Best of 3 passes, CPU time of this process (the machine is shared).
            best = None
            for _ in range(3):
                start = time.process_time()
                for r in requests:
                    req = make_request(r)
                    signer_for(r).add_auth(req)
                seconds = time.process_time() - start
                best = seconds if best is None else min(best, seconds)
            print(json.dumps({"requests": len(requests), "cpu_seconds": best,
                              "per_second": len(requests) / best}))
            return 0
        out = []
        for r in requests:
            if r["amz_date"] != requests[0]["amz_date"]:
                raise SystemExit("all requests in one batch must share amz_date")
            out.append(sign(r, signer_for(r)))
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
