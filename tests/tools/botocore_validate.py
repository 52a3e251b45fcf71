#!/usr/bin/env python3
"""Checks berth's AWS request inputs against botocore's own service models.

Used by tests/conformance/botocore_model_test.cc; runnable by hand:

    python3 tests/tools/botocore_validate.py --cases cases.json --report report.json

`cases.json` is a list of objects:
  {"service": "ecs", "operation": "CreateService", "input": {...},
   "query_params": {"Action": "...", ...}}       # optional: berth's query form body
  {"check": "output_only", "service": "ecs", "shape": "TaskDefinition",
   "request": "RegisterTaskDefinition", "fields": [...]}  # berth's strip list

For each request case, botocore.validate.ParamValidator validates the input
against the operation's input shape (unknown members, missing required
members, wrong types). For query-protocol services the input is also
serialised with botocore's query serializer and the form parameters are
compared with `query_params` when given. An operation missing from the model
(an older botocore) is reported as "missing_operation", not as success.

The report is JSON: {"python", "botocore_version", "botocore_path", "results": [...]},
each result {"service", "operation", "status": "ok"|"invalid"|"missing_operation"|
"unknown_service"|"query_mismatch"|"output_only_mismatch", "detail": "..."}.
"""
import argparse
import json
import sys


def load_model(session, cache, service):
    if service not in cache:
        try:
            cache[service] = session.get_service_model(service)
        except Exception as e:  # botocore raises UnknownServiceError and friends
            cache[service] = e
    return cache[service]


def is_query(model):
    protocols = model.metadata.get("protocols") or [model.metadata.get("protocol")]
    return "query" in protocols


def query_params(model, operation_model, params):
    from botocore.serialize import create_serializer
    serializer = create_serializer("query", include_validation=False)
    request = serializer.serialize_to_request(params, operation_model)
    body = request["body"]
    if isinstance(body, (bytes, str)):
        from urllib.parse import parse_qsl
        if isinstance(body, bytes):
            body = body.decode()
        body = dict(parse_qsl(body, keep_blank_values=True))
    return {k: str(v) for k, v in body.items()}


def check_request(session, cache, case):
    from botocore.validate import ParamValidator
    service, op = case["service"], case["operation"]
    result = {"service": service, "operation": op, "status": "ok", "detail": ""}
    model = load_model(session, cache, service)
    if isinstance(model, Exception):
        result.update(status="unknown_service", detail=str(model))
        return result
    if op not in model.operation_names:
        result.update(status="missing_operation",
                      detail=f"{op} is not in botocore's {service} model "
                             f"(api {model.api_version}); upgrade botocore to check it")
        return result
    operation_model = model.operation_model(op)
    report = ParamValidator().validate(case["input"], operation_model.input_shape)
    if report.has_errors():
        result.update(status="invalid", detail=report.generate_report())
        return result
    if is_query(model) and "query_params" in case:
        expected = query_params(model, operation_model, case["input"])
        got = {k: str(v) for k, v in case["query_params"].items()}
        if expected != got:
            missing = {k: v for k, v in expected.items() if got.get(k) != v}
            extra = {k: v for k, v in got.items() if expected.get(k) != v}
            result.update(status="query_mismatch",
                          detail=json.dumps({"botocore_has": missing, "berth_has": extra},
                                            sort_keys=True))
    return result


def check_output_only(session, cache, case):
    service = case["service"]
    result = {"service": service, "operation": case["request"], "status": "ok", "detail": ""}
    model = load_model(session, cache, service)
    if isinstance(model, Exception):
        result.update(status="unknown_service", detail=str(model))
        return result
    described = set(model.shape_for(case["shape"]).members)
    accepted = set(model.operation_model(case["request"]).input_shape.members)
    output_only = described - accepted
    berth = set(case["fields"])
    # berth may list fields newer than this botocore knows (e.g. deleteRequestedAt
    # is absent from 1.29); what matters is that it misses none and strips
    # nothing the request accepts.
    missed = sorted(output_only - berth)
    wrongly_stripped = sorted(berth & accepted)
    if missed or wrongly_stripped:
        result.update(status="output_only_mismatch",
                      detail=json.dumps({"not_stripped_by_berth": missed,
                                         "stripped_but_accepted": wrongly_stripped}))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", required=True)
    parser.add_argument("--report", required=True)
    args = parser.parse_args()

    import botocore
    import botocore.session
    session = botocore.session.get_session()
    cache = {}
    with open(args.cases) as f:
        cases = json.load(f)
    results = []
    for case in cases:
        if case.get("check") == "output_only":
            results.append(check_output_only(session, cache, case))
        else:
            results.append(check_request(session, cache, case))
    report = {"python": sys.executable, "botocore_version": botocore.__version__,
              "botocore_path": botocore.__file__, "results": results}
    with open(args.report, "w") as f:
        json.dump(report, f, indent=1)
    print(f"botocore {botocore.__version__} ({sys.executable}): "
          f"{sum(r['status'] == 'ok' for r in results)}/{len(results)} ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
