#!/usr/bin/env python3
"""Side by side on the simulator: `berth deploy --no-wait` against the AWS CLI
script approach (describe-task-definition, register-task-definition,
update-service, with the image edit in between), whole-process wall time,
plus the AWS calls each makes per deployment (the simulator counts them).

Usage: scripts/bench_deploy.py BUILD_DIR [N]   (N deployments each, default 20)

It starts `BUILD_DIR/berth sim --seed demo --no-rate-limits` on a free port,
alternates the two approaches N times on the demo service `web` (so noise
hits both alike), and prints the medians and the ratio. The AWS CLI is `aws`
from PATH, or $AWS_CLI (e.g. AWS_CLI=/usr/bin/aws for Debian's awscli v2).
Exit status 1 if either side fails.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

OUTPUT_ONLY = ["taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
               "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt"]


def start_sim(berth):
    proc = subprocess.Popen([berth, "sim", "--port", "0", "--seed", "demo", "--no-rate-limits"],
                            stdout=subprocess.PIPE, text=True)
    endpoint = token = None
    while endpoint is None or token is None:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("berth sim exited before printing its endpoint")
        if line.startswith("berth sim listening on "):
            endpoint = line.split()[-1]
        elif line.startswith("admin token: "):
            token = line.split()[-1]
    return proc, endpoint, token


def admin(endpoint, token, method, path):
    req = urllib.request.Request(endpoint + path, method=method, headers={"X-Berth-Admin-Token": token})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"{}")


def run(argv, env):
    t0 = time.perf_counter()
    r = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])}... failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return elapsed, r.stdout


AWS = os.environ.get("AWS_CLI", "aws")


def aws_cli_deploy(image, env, tmp):
    # --endpoint-url as well as AWS_ENDPOINT_URL: awscli before 2.13 reads only the flag.
    """The script from the seed posts, in the AWS CLI: three processes and an edit."""
    t0 = time.perf_counter()
    ep = ["--endpoint-url", env["AWS_ENDPOINT_URL"]]
    _, out = run([AWS, *ep, "ecs", "describe-task-definition", "--task-definition", "web",
                  "--query", "taskDefinition", "--output", "json"], env)
    td = json.loads(out)
    for field in OUTPUT_ONLY:
        td.pop(field, None)
    for c in td["containerDefinitions"]:
        if c["name"] == "web":
            c["image"] = image
    path = os.path.join(tmp, "td.json")
    with open(path, "w") as f:
        json.dump(td, f)
    _, out = run([AWS, *ep, "ecs", "register-task-definition", "--cli-input-json", "file://" + path,
                  "--query", "taskDefinition.taskDefinitionArn", "--output", "text"], env)
    arn = out.strip()
    run([AWS, *ep, "ecs", "update-service", "--cluster", "demo", "--service", "web", "--task-definition", arn,
         "--query", "service.deployments[0].id", "--output", "text"], env)
    return time.perf_counter() - t0


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    berth = os.path.join(build, "berth")
    proc, endpoint, token = start_sim(berth)
    tmp = tempfile.mkdtemp(prefix="berth-bench-")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="AKIDSIMULATOR", AWS_SECRET_ACCESS_KEY="berth-simulator-secret",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1", AWS_ENDPOINT_URL=endpoint,
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="",
               BERTH_HISTORY_FILE=os.path.join(tmp, "history.db"))
    try:
        berth_times, cli_times, berth_calls, cli_calls = [], [], [], []
        for i in range(n):
            admin(endpoint, token, "DELETE", "/_berth/calls")
            t, _ = run([berth, "deploy", "--cluster", "demo", "--service", "web", "--no-wait",
                        "--image", f"web=public.ecr.aws/berth/demo-web:2.{i}.0"], env)
            berth_times.append(t)
            berth_calls.append(admin(endpoint, token, "GET", "/_berth/calls")["total"])
            admin(endpoint, token, "DELETE", "/_berth/calls")
            cli_times.append(aws_cli_deploy(f"public.ecr.aws/berth/demo-web:3.{i}.0", env, tmp))
            cli_calls.append(admin(endpoint, token, "GET", "/_berth/calls")["total"])
        b, c = statistics.median(berth_times), statistics.median(cli_times)
        print(f"deployments each: {n} (alternating), simulator {endpoint}")
        print(f"berth deploy --no-wait : median {b * 1000:7.1f} ms  (min {min(berth_times) * 1000:.1f})  "
              f"AWS calls/deploy {statistics.median(berth_calls):.0f}")
        print(f"{AWS} CLI script (3 cmds): median {c * 1000:7.1f} ms  (min {min(cli_times) * 1000:.1f})  "
              f"AWS calls/deploy {statistics.median(cli_calls):.0f}")
        print(f"ratio: berth is {c / b:.1f}x faster")
        # One deploy followed to the end: every call beyond the first four is a poll.
        admin(endpoint, token, "DELETE", "/_berth/calls")
        _, out = run([berth, "deploy", "--cluster", "demo", "--service", "web", "--poll-interval", "1s",
                      "--image", "web=public.ecr.aws/berth/demo-web:9.0.0", "--output", "json"], env)
        result = [json.loads(l) for l in out.splitlines() if l.startswith('{"type":"result"')][-1]["result"]
        counts = admin(endpoint, token, "GET", "/_berth/calls")
        polls = result["follow"]["polls"]
        print(f"followed deploy: {counts['total']} AWS calls = 4 before waiting + {counts['total'] - 4} "
              f"during the wait, for {polls} polls ({counts['calls'].get('ecs:DescribeServices', 0)} "
              f"DescribeServices in all)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
