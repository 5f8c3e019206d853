#!/usr/bin/env python3
"""template.yaml's stateful resources on an AWS emulator (moto), deployed the way CloudFormation would.

Usage (the venv of setup-tools.sh):
  .tools/venv/bin/python infrastructure/scripts/emulator-stack.py template [TEMPLATE]
      prints the emulator's part of the template (CloudFormation JSON)
  .tools/venv/bin/python infrastructure/scripts/emulator-stack.py deploy --endpoint URL --stack NAME [--region R]
        [--parameter KEY=VALUE ...] [TEMPLATE]
      deploys it as stack NAME (idempotent: an existing stack is read, not changed) and prints the stack's
      outputs as one JSON object, e.g. {"StateTableName": "...", "TokenSecretPrefix": "NAME/tokens/", ...}
  .tools/venv/bin/python infrastructure/scripts/emulator-stack.py serve
      the same deploys, one per line of stdin ({"path", "endpoint", "stack", "region", "parameters"}), each answered
      by one line on stdout: "emulator-stack: " + {"outputs": {...}} or {"error": "..."}. A test JVM keeps one
      running (LocalProvisioner), so the translator is imported and the template translated once, not per test.

1. The SAM translator (samtranslator, shipped with aws-sam-cli) expands template.yaml as `sam deploy` would.
2. Only stateful resources are kept, chosen by type (STATEFUL below), so resources added to the template later
   (queues, tables, alarms) are provisioned without touching this script. Functions, roles, APIs, schedules and
   the dashboard stay out: moto cannot create the AWS::Lambda::Version resources SAM adds, and the tests run
   the functions themselves (in-process or under the Runtime Interface Emulator).
3. A kept resource that refers to a dropped one (an alarm's FunctionName dimension, a key policy naming a role)
   gets the literal "emulated-<LogicalId>" instead: the reference matters in AWS, not on the emulator.
4. moto 5.2.5's CloudFormation accepts AWS::SecretsManager::Secret and AWS::CloudWatch::Alarm but creates
   nothing for them (CREATE_COMPLETE all the same): those types are created here through their own APIs, from
   the same translated properties (EMULATED). moto's Ref of an AWS::Events::EventBus is not its name, so a
   resource without a physical id is referred to by its Name property.
5. Properties moto does not take would be removed here only, each with its reason (EMULATOR_ONLY_DROPS); the
   real template keeps them. None is needed with moto 5.2.5.
Outputs are resolved from the template's own Outputs (those naming only kept resources).
"""
import json
import os
import re
import sys
import time

# The translator resolves pseudo parameters (a region) through boto; nothing is called.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import yaml
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.managed_policy_translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform

STATEFUL = {
    "AWS::DynamoDB::Table",
    "AWS::SecretsManager::Secret",
    "AWS::Events::EventBus",
    "AWS::SNS::Topic",
    "AWS::SNS::Subscription",
    "AWS::SQS::Queue",
    "AWS::SQS::QueuePolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
}

# Types moto's CloudFormation accepts without creating anything: made through their APIs (see 4. above).
EMULATED = {"AWS::SecretsManager::Secret", "AWS::CloudWatch::Alarm"}

# (resource type, property): why it is dropped for the emulator only. None needed with moto 5.2.5.
EMULATOR_ONLY_DROPS = {}


class _Loader(yaml.SafeLoader):
    pass


def _intrinsic(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _intrinsic)


class _NoManagedPolicies(ManagedPolicyLoader):
    """The translator asks IAM for managed policy ARNs only for policy names it must resolve; we use none."""

    def __init__(self):
        pass

    def load(self):
        return {}


def translate(path):
    with open(path) as f:
        sam = yaml.load(f, Loader=_Loader)
    # What `sam package` does before a deploy: code locations become S3 URIs (never read; functions are dropped).
    sam.get("Globals", {}).get("Function", {})["CodeUri"] = "s3://cch-emulator/unused.zip"
    for r in sam["Resources"].values():
        if r.get("Type") == "AWS::Serverless::Function" and "CodeUri" in r.get("Properties", {}):
            r["Properties"]["CodeUri"] = "s3://cch-emulator/unused.zip"
    try:
        return transform(sam, {}, _NoManagedPolicies())
    except InvalidDocumentException as e:
        raise SystemExit("emulator-template: SAM translation failed: " + "; ".join(str(c) for c in e.causes))


def refs(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "Ref" and isinstance(v, str):
                found.add(v)
            elif k == "Fn::GetAtt":
                found.add(v[0] if isinstance(v, list) else v.split(".")[0])
            elif k == "Fn::Sub":
                template = v[0] if isinstance(v, list) else v
                for name in re.findall(r"\$\{([^}!]+)\}", template):
                    found.add(name.split(".")[0])
            refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)
    return found


def replace_dropped(node, dropped):
    if isinstance(node, dict):
        if len(node) == 1:
            (k, v), = node.items()
            if k == "Ref" and v in dropped:
                return "emulated-" + v
            if k == "Fn::GetAtt":
                target = v[0] if isinstance(v, list) else v.split(".")[0]
                if target in dropped:
                    return "emulated-" + target
            if k == "Fn::Sub":
                template, variables = (v[0], v[1]) if isinstance(v, list) else (v, None)
                template = re.sub(r"\$\{([^}!.]+)(\.[^}]+)?\}",
                                  lambda m: "emulated-" + m.group(1) if m.group(1) in dropped else m.group(0), template)
                return {"Fn::Sub": [template, replace_dropped(variables, dropped)] if variables is not None else template}
        return {k: replace_dropped(v, dropped) for k, v in node.items()}
    if isinstance(node, list):
        return [replace_dropped(v, dropped) for v in node]
    return node


_TEMPLATES = {}


def emulator_template(path):
    """The emulator's part of the template at path, translated once per version of the file."""
    key = (os.path.abspath(path), os.stat(path).st_mtime_ns)
    if key not in _TEMPLATES:
        _TEMPLATES[key] = _emulator_template(path)
    return json.loads(json.dumps(_TEMPLATES[key]))   # a copy: callers change what they get


def _emulator_template(path):
    cfn = translate(path)
    resources = cfn["Resources"]
    kept = {k: v for k, v in resources.items() if v["Type"] in STATEFUL}
    dropped = set(resources) - set(kept)
    for name, r in kept.items():
        r.pop("Metadata", None)
        for (rtype, prop), _why in EMULATOR_ONLY_DROPS.items():
            if r["Type"] == rtype:
                r.get("Properties", {}).pop(prop, None)
        kept[name] = replace_dropped(r, dropped)
    outputs = {k: v for k, v in cfn.get("Outputs", {}).items() if not (refs(v, set()) & dropped)}
    out = {k: v for k, v in cfn.items() if k not in ("Resources", "Outputs", "Transform")}
    out["Resources"] = kept
    out["Outputs"] = outputs
    return out


class Resolver:
    """Just enough of CloudFormation's intrinsic functions for the emulated resources and the outputs."""

    def __init__(self, template, stack, region, parameters, physical):
        self.t = template
        self.values = {"AWS::StackName": stack, "AWS::Region": region, "AWS::AccountId": "123456789012",
                       "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
        for k, p in template.get("Parameters", {}).items():
            self.values[k] = str(parameters.get(k, p.get("Default", "")))
        self.physical = physical

    def condition(self, name):
        return bool(self.resolve(self.t.get("Conditions", {})[name]))

    def ref(self, name):
        if name in self.values:
            return self.values[name]
        if name in self.physical:
            return self.physical[name]
        raise KeyError(name)

    def resolve(self, node):
        if isinstance(node, list):
            return [v for v in (self.resolve(x) for x in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (k, v), = node.items()
            if k == "Ref":
                return NO_VALUE if v == "AWS::NoValue" else self.ref(v)
            if k == "Fn::Sub":
                template, extra = (v[0], self.resolve(v[1])) if isinstance(v, list) else (v, {})
                return re.sub(r"\$\{([^}!]+)\}", lambda m: str(extra[m.group(1)] if m.group(1) in extra
                                                                  else self.ref(m.group(1).split(".")[0])), template)
            if k == "Fn::If":
                return self.resolve(v[1] if self.condition(v[0]) else v[2])
            if k == "Fn::Equals":
                a, b = self.resolve(v)
                return str(a) == str(b)
            if k == "Fn::Not":
                return not self.resolve(v[0])
            if k == "Fn::And":
                return all(self.resolve(v))
            if k == "Fn::Or":
                return any(self.resolve(v))
            if k == "Condition":
                return self.condition(v)
            if k == "Fn::GetAtt":
                target = v[0] if isinstance(v, list) else v.split(".")[0]
                return self.physical.get(target + ".Arn", self.physical.get(target))
            if k == "Fn::Join":
                return v[0].join(str(x) for x in self.resolve(v[1]))
        return {k: r for k, r in ((k, self.resolve(v)) for k, v in node.items()) if r is not NO_VALUE}


NO_VALUE = object()


def alarm_request(name, props):
    keys = ["AlarmDescription", "Namespace", "MetricName", "Dimensions", "Statistic", "Period", "EvaluationPeriods",
            "DatapointsToAlarm", "Threshold", "ComparisonOperator", "TreatMissingData", "AlarmActions", "Metrics"]
    req = {k: props[k] for k in keys if k in props}
    for k in ("Period", "EvaluationPeriods", "DatapointsToAlarm"):
        if k in req:
            req[k] = int(req[k])
    if "Threshold" in req:
        req["Threshold"] = float(req["Threshold"])
    for m in req.get("Metrics", []):
        if "MetricStat" in m:
            m["MetricStat"]["Period"] = int(m["MetricStat"]["Period"])
    req["AlarmName"] = name
    return req


_CLIENTS = {}


def client(service, endpoint, region):
    key = (service, endpoint, region)
    if key not in _CLIENTS:
        import boto3
        session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
        _CLIENTS[key] = session.client(service, endpoint_url=endpoint)
    return _CLIENTS[key]


def deploy(path, endpoint, stack, region, parameters):
    cfn = client("cloudformation", endpoint, region)
    template = emulator_template(path)
    emulated = {k: v for k, v in template["Resources"].items() if v["Type"] in EMULATED}
    body = dict(template)
    body["Resources"] = {k: v for k, v in template["Resources"].items() if k not in emulated}
    body["Outputs"] = {}
    try:
        cfn.describe_stacks(StackName=stack)
        fresh = False
    except cfn.exceptions.ClientError:
        cfn.create_stack(StackName=stack, TemplateBody=json.dumps(body),
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()])
        fresh = True
    while True:
        status = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        if not status["StackStatus"].endswith("_IN_PROGRESS"):
            break
        time.sleep(0.05)
    if status["StackStatus"] not in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        raise SystemExit("emulator-stack: stack %s is %s: %s" % (stack, status["StackStatus"], status.get("StackStatusReason")))
    physical = {}
    for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]:
        if r.get("PhysicalResourceId"):
            physical[r["LogicalResourceId"]] = r["PhysicalResourceId"]
    resolver = Resolver(template, stack, region, parameters, physical)
    for name, r in template["Resources"].items():
        if name not in physical and name not in emulated and "Name" in r.get("Properties", {}):
            physical[name] = resolver.resolve(r["Properties"]["Name"])   # moto's Ref of an EventBus (see 4.)
    secrets = client("secretsmanager", endpoint, region)
    cloudwatch = client("cloudwatch", endpoint, region)
    for name, r in emulated.items():
        if "Condition" in r and not resolver.condition(r["Condition"]):
            continue
        props = resolver.resolve(r.get("Properties", {}))
        if r["Type"] == "AWS::SecretsManager::Secret":
            if fresh:
                req = {k: props[k] for k in ("Name", "Description", "KmsKeyId", "SecretString") if k in props}
                physical[name] = secrets.create_secret(**req)["ARN"]
            else:
                physical[name] = secrets.describe_secret(SecretId=props["Name"])["ARN"]
        elif r["Type"] == "AWS::CloudWatch::Alarm":
            alarm = "%s-%s" % (stack, name)
            if fresh:
                cloudwatch.put_metric_alarm(**alarm_request(alarm, props))
            physical[name] = alarm
    outputs = {}
    for k, o in template["Outputs"].items():
        if "Condition" in o and not resolver.condition(o["Condition"]):
            continue
        outputs[k] = resolver.resolve(o["Value"])
    return outputs


ANSWER = "emulator-stack: "


def serve():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            answer = {"outputs": deploy(req["path"], req["endpoint"], req["stack"], req.get("region", "us-east-1"),
                                        req.get("parameters", {}))}
        except SystemExit as e:
            answer = {"error": str(e)}
        except Exception as e:   # the caller names the stack; the process serves the next request
            answer = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(ANSWER + json.dumps(answer, sort_keys=True) + "\n")
        sys.stdout.flush()


def main():
    args = sys.argv[1:]
    if args and args[0] == "serve":
        serve()
        return
    if not args or args[0] not in ("template", "deploy"):
        raise SystemExit(__doc__)
    mode, args = args[0], args[1:]
    options = {"--region": "us-east-1"}
    parameters = {}
    path = "template.yaml"
    while args:
        a = args.pop(0)
        if a == "--parameter":
            k, v = args.pop(0).split("=", 1)
            parameters[k] = v
        elif a.startswith("--"):
            options[a] = args.pop(0)
        else:
            path = a
    if mode == "template":
        result = emulator_template(path)
    else:
        result = deploy(path, options["--endpoint"], options["--stack"], options["--region"], parameters)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
