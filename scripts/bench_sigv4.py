#!/usr/bin/env python3
"""Side-by-side SigV4 signing throughput: berth vs botocore on the SAME requests.

Usage: scripts/bench_sigv4.py BUILD_DIR [N]   (N defaults to 1000)

Generates N requests deterministically (seed 1000), writes them to one JSON
file, then
  - berth:    BERTH_SIGN_FILE=file BUILD_DIR/berth_bench --benchmark_filter=BM_SignFile
              (in-process, Google Benchmark, CPU time)
  - botocore: /usr/bin/python3 tests/tools/botocore_sign.py --bench < file
              (Debian's botocore, best of 3 passes, process CPU time)
and prints both throughputs and the ratio. Exit status 1 if a side fails.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {
    "ecs": ("AmazonEC2ContainerServiceV20141113.", ["DescribeServices", "UpdateService", "DescribeTasks",
                                                    "RegisterTaskDefinition", "ListTasks"]),
    "ecr": ("AmazonEC2ContainerRegistry_V20150921.", ["DescribeImages", "BatchGetImage"]),
}


def make_requests(n):
    rng = random.Random(1000)
    regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"]
    out = []
    for i in range(n):
        service = rng.choice(["ecs", "ecs", "ecs", "ecr", "elasticloadbalancing", "sts"])
        region = rng.choice(regions)
        headers = []
        if service in TARGETS:
            prefix, ops = TARGETS[service]
            headers.append(["X-Amz-Target", prefix + rng.choice(ops)])
            headers.append(["Content-Type", "application/x-amz-json-1.1"])
            names = ",".join('"svc-%d"' % rng.randrange(100) for _ in range(rng.randrange(1, 10)))
            body = '{"cluster":"prod-%d","services":[%s]}' % (rng.randrange(5), names)
        else:
            headers.append(["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"])
            if service == "sts":
                body = "Action=GetCallerIdentity&Version=2011-06-15"
            else:
                body = ("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn%3Aaws%3A"
                        "elasticloadbalancing%3A" + region + "%3A123456789012%3Atargetgroup%2Fblue-"
                        + str(i) + "%2F0123456789abcdef")
        headers.append(["User-Agent", "berth/0.1.0"])
        out.append({"method": "POST", "url": "https://%s.%s.amazonaws.com/" % (service, region),
                    "headers": headers, "body": body, "access_key": "AKIDEXAMPLE",
                    "secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                    "token": "FwoGZXIvYXdzEXAMPLETOKEN%d" % (i % 3) if i % 2 else "",
                    "region": region, "service": service, "amz_date": "20240101T000000Z"})
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(make_requests(n), f)
        path = f.name
    try:
        env = dict(os.environ, BERTH_SIGN_FILE=path)
        berth = subprocess.run([os.path.join(build, "berth_bench"), "--benchmark_filter=BM_SignFile",
                                "--benchmark_min_time=1", "--benchmark_format=json"],
                               env=env, capture_output=True, text=True)
        if berth.returncode != 0:
            print("berth_bench failed:\n" + berth.stderr, file=sys.stderr)
            return 1
        rates = {b["name"]: b["items_per_second"] for b in json.loads(berth.stdout)["benchmarks"]}
        with open(path) as stdin:
            boto = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/tools/botocore_sign.py"),
                                   "--bench"], stdin=stdin, capture_output=True, text=True)
        if boto.returncode != 0:
            print("botocore_sign.py failed (run scripts/install-deps.sh):\n" + boto.stderr, file=sys.stderr)
            return 1
        boto_rate = json.loads(boto.stdout)["per_second"]
    finally:
        os.unlink(path)
    berth_rate = rates["BM_SignFile/no_cache"]
    cached_rate = rates["BM_SignFile/key_cache"]
    print("SigV4 side-by-side on the same %d requests (CPU time):" % n)
    print("  botocore (Debian /usr/bin/python3): %10.0f req/s" % boto_rate)
    print("  berth, no key cache:                %10.0f req/s   %6.1fx botocore" % (berth_rate, berth_rate / boto_rate))
    print("  berth, SigningKeyCache:             %10.0f req/s   %6.1fx botocore" % (cached_rate, cached_rate / boto_rate))
    # Issue 2's target is judged on the signer berth runs (AwsClient always
    # signs through a SigningKeyCache) against the signer botocore runs (a
    # SigV4Auth per request, which derives the key every time). The line above
    # it shows the stricter like-for-like ratio, with a key derived per request.
    ratio = cached_rate / boto_rate
    print("  target: berth (as AwsClient signs, key cache) >= 50x botocore: %s (%.1fx; %.1fx without the cache)"
          % ("met" if ratio >= 50 else "NOT met", ratio, berth_rate / boto_rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
