#!/usr/bin/env python3
"""Writes the two reductions of botocore's models (Debian's python3-botocore)
that berth builds in, never copies into the tree:

--aws-inputs OUT.cc: for each JSON-protocol service the simulator serves (and
whose requests berth type-checks before sending: ECS task definition files),
the input shapes of its operations, reduced to what a type check needs
(src/aws/call/input_model.h reads it; the simulator and deploy/ both use it):
  {"operations": {"Op": "InputShape", ...},
   "shapes": {"Name": {"type": "structure", "members": {"m": "Shape"}}
                    | {"type": "list", "member": "Shape"}
                    | {"type": "map", "value": "Shape"}
                    | {"type": "string", "enum": ["a", "b"]}  (enum only when the model has one)
                    | {"type": "string" | "integer" | ...}}}

--aws-outputs OUT.cc: for each query-protocol service berth's client calls,
the output shapes of its operations, reduced to what turning the XML answer
into typed JSON needs (src/aws/call/output_model.h reads it):
  {"operations": {"Op": {"shape": "OutputShape", "result": "OpResult"}, ...},
   "shapes": {"Name": {"type": "structure", "members": {"m": "Shape" | {"shape": "Shape",
                                                         "name": "XmlName", "flattened": true}}}
                    | {"type": "list", "member": "Shape", "name": "member", "flattened": true}
                    | {"type": "map", "key": "Shape", "value": "Shape", "key_name": "key",
                       "value_name": "value", "flattened": true}
                    | {"type": "string" | "integer" | ...}}}
  XML names and flattened flags appear only where botocore's model sets them
  (locationName, flattened); absent, an element is named after its member, a
  list's items are <member>, a map's entries <entry><key/><value/></entry>.

The build runs it (CMakeLists.txt). Usage:
  gen_botocore_models.py BOTOCORE_DATA_DIR [--aws-inputs OUT.cc] [--aws-outputs OUT.cc]
"""
import argparse
import json
import os
import sys

INPUT_SERVICES = ["ecs", "ecr", "cloudwatch"]
# botocore's folder names; berth's ServiceInfo::botocore_name (src/aws/call/service.cc).
AWS_OUTPUT_SERVICES = ["elbv2", "cloudformation", "cloudwatch", "sts"]


def newest_model(data_dir, service):
    folder = os.path.join(data_dir, service)
    versions = sorted(v for v in os.listdir(folder) if os.path.isfile(os.path.join(folder, v, "service-2.json")))
    if not versions:
        sys.exit(f"gen_botocore_models: no service-2.json under {folder}")
    with open(os.path.join(folder, versions[-1], "service-2.json")) as f:
        return json.load(f)


def reduce_inputs(model):
    shapes = model["shapes"]
    out_shapes = {}
    operations = {}

    def visit(name):
        if name in out_shapes:
            return
        shape = shapes[name]
        kind = shape["type"]
        reduced = {"type": kind}
        out_shapes[name] = reduced
        if kind == "structure":
            reduced["members"] = {m: spec["shape"] for m, spec in shape.get("members", {}).items()}
            for spec in shape.get("members", {}).values():
                visit(spec["shape"])
        elif kind == "list":
            reduced["member"] = shape["member"]["shape"]
            visit(shape["member"]["shape"])
        elif kind == "map":
            reduced["value"] = shape["value"]["shape"]
            visit(shape["value"]["shape"])
        elif kind == "string" and "enum" in shape:
            reduced["enum"] = list(shape["enum"])

    for op, spec in sorted(model["operations"].items()):
        if "input" in spec:
            operations[op] = spec["input"]["shape"]
            visit(spec["input"]["shape"])
    return {"operations": operations, "shapes": out_shapes}


def reduce_outputs(model):
    protocol = model["metadata"].get("protocol")
    if protocol != "query":
        sys.exit(f"gen_botocore_models: {model['metadata'].get('endpointPrefix')} speaks {protocol}, not query")
    shapes = model["shapes"]
    out_shapes = {}
    operations = {}

    def visit(name):
        if name in out_shapes:
            return
        shape = shapes[name]
        kind = shape["type"]
        reduced = {"type": kind}
        out_shapes[name] = reduced
        if shape.get("flattened"):
            reduced["flattened"] = True
        if kind == "structure":
            members = {}
            for m, spec in shape.get("members", {}).items():
                extra = {}
                if "locationName" in spec:
                    extra["name"] = spec["locationName"]
                if spec.get("flattened"):
                    extra["flattened"] = True
                members[m] = dict(shape=spec["shape"], **extra) if extra else spec["shape"]
                visit(spec["shape"])
            reduced["members"] = members
        elif kind == "list":
            reduced["member"] = shape["member"]["shape"]
            if "locationName" in shape["member"]:
                reduced["name"] = shape["member"]["locationName"]
            visit(shape["member"]["shape"])
        elif kind == "map":
            reduced["key"] = shape["key"]["shape"]
            reduced["value"] = shape["value"]["shape"]
            if "locationName" in shape["key"]:
                reduced["key_name"] = shape["key"]["locationName"]
            if "locationName" in shape["value"]:
                reduced["value_name"] = shape["value"]["locationName"]
            visit(shape["key"]["shape"])
            visit(shape["value"]["shape"])

    for op, spec in sorted(model["operations"].items()):
        output = spec.get("output")
        if output is None:
            continue
        operations[op] = {"shape": output["shape"], "result": output.get("resultWrapper", op + "Result")}
        visit(output["shape"])
    return {"operations": operations, "shapes": out_shapes}


def write_cc(out_path, header, namespace, function, models):
    lines = [
        "// Generated by scripts/gen_botocore_models.py from botocore's models; do not edit.",
        f'#include "{header}"',
        "",
        f"namespace {namespace} {{",
        "",
        f"std::string_view {function}(std::string_view service) {{",
    ]
    for service, reduced in models:
        text = json.dumps(reduced, separators=(",", ":"), sort_keys=True)
        # Raw string pieces under 16 KiB each (compilers cap one literal's length).
        pieces = [text[i:i + 16000] for i in range(0, len(text), 16000)]
        lines.append(f'  if (service == "{service}") {{')
        lines.append("    static const std::string kModel = std::string(")
        lines.extend(f'        R"berth({p})berth"' for p in pieces)
        lines.append("    );")
        lines.append("    return kModel;")
        lines.append("  }")
    lines += ["  return {};", "}", "", f"}}  // namespace {namespace}", ""]
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, out_path)


def main():
    parser = argparse.ArgumentParser(description="Reduces botocore's models for berth's build.")
    parser.add_argument("data_dir", metavar="BOTOCORE_DATA_DIR")
    parser.add_argument("--aws-inputs", metavar="OUT.cc", help="the input models (simulator and deploy checks)")
    parser.add_argument("--aws-outputs", metavar="OUT.cc", help="the client's query-protocol output models")
    args = parser.parse_args()
    if not args.aws_inputs and not args.aws_outputs:
        parser.error("give --aws-inputs and/or --aws-outputs")
    if args.aws_inputs:
        write_cc(args.aws_inputs, "aws/call/input_model.h", "berth::aws", "InputModelJson",
                 [(s, reduce_inputs(newest_model(args.data_dir, s))) for s in INPUT_SERVICES])
    if args.aws_outputs:
        write_cc(args.aws_outputs, "aws/call/output_model.h", "berth::aws", "OutputModelJson",
                 [(s, reduce_outputs(newest_model(args.data_dir, s))) for s in AWS_OUTPUT_SERVICES])


if __name__ == "__main__":
    main()
