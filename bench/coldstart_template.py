"""Reads template.yaml and infrastructure/sam/Makefile for bench/coldstart.sh and prints, as JSON, every
Java function of the template: logical id, handler, deployment jar (the Makefile's module and artifactId),
MemorySize, Timeout and environment (Globals merged with the function's own). A value given as a Ref to a
template parameter becomes that parameter's default; any other intrinsic (a table name, a !Sub) is left out,
because the benchmark supplies its own resources (moto and the CC sandbox) for those."""
import json
import re
import sys

from cfnlint.decode import decode


def main(template_path, makefile_path):
    template, errors = decode(template_path)
    if errors:
        sys.exit("coldstart: cannot read %s: %s" % (template_path, errors))
    params = template.get("Parameters", {})
    makefile = open(makefile_path).read()
    version = re.search(r"^VERSION \?= (\S+)", makefile, re.M).group(1)
    globals_fn = template.get("Globals", {}).get("Function", {})

    def env_of(props):
        out = {}
        for key, value in (props.get("Environment", {}).get("Variables", {}) or {}).items():
            if isinstance(value, (str, int, float, bool)):
                out[key] = str(value)
            elif isinstance(value, dict) and list(value) == ["Ref"] and value["Ref"] in params \
                    and "Default" in params[value["Ref"]]:
                out[key] = str(params[value["Ref"]]["Default"])
        return out

    functions = []
    for name, res in template.get("Resources", {}).items():
        if res.get("Type") != "AWS::Serverless::Function":
            continue
        props = res.get("Properties", {})
        runtime = props.get("Runtime", globals_fn.get("Runtime", ""))
        if not str(runtime).startswith("java"):
            continue
        m = re.search(r"^build-%s:\s*\n\t\$\(call package_function,([^,]+),([^)]+)\)" % re.escape(name), makefile, re.M)
        if not m:
            sys.exit("coldstart: %s has no build-%s target in %s" % (name, name, makefile_path))
        env = env_of(globals_fn)
        env.update(env_of(props))
        functions.append({
            "name": name,
            "handler": props["Handler"],
            "module": m.group(1),
            "jar": "%s/target/%s-%s-lambda.jar" % (m.group(1), m.group(2), version),
            "memory_mb": int(props.get("MemorySize", globals_fn.get("MemorySize", 128))),
            "timeout_s": int(props.get("Timeout", globals_fn.get("Timeout", 3))),
            "environment": env,
        })
    defaults = {"memory_mb": int(globals_fn.get("MemorySize", 128)), "timeout_s": int(globals_fn.get("Timeout", 30)),
                "environment": env_of(globals_fn)}
    json.dump({"functions": functions, "globals": defaults}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
