"""Upstream readers and validators for the kubenode fuzz tests, as one long-lived process.

Reads one JSON request per line on stdin (documents as base64 of the bytes a node receives) and answers one JSON line on stdout, so thousands of
generated documents are judged without paying Python's start-up (and cloud-init's schema load)
for each. Everything that judges or decodes here is upstream code, not kubenode's:

- ``cloud-config``: cloud-init's own ``validate_cloudconfig_file`` with the full schema (exactly
  what ``cloud-init schema --config-file`` runs), cloud-init's YAML loader, the ``write_files``
  decoding of ``cc_write_files`` (encodings, permissions, owner) and ``util.shellify`` (the shell
  script cloud-init writes for ``runcmd``/``bootcmd``);
- ``yaml``: PyYAML's safe loader on libyaml (``CSafeLoader``; YAML 1.1, and libyaml is what
  Go's yaml.v2/v3 were ported from), for k3OS, Talos and files inside other formats;
- ``toml``: Python's ``tomllib`` (Bottlerocket user data).

Values JSON cannot carry are tagged so nothing is silently coerced: non-string mapping keys
(``{"$key": ...}`` pairs), bytes, dates, big integers and non-finite floats.
"""

import base64
import datetime
import json
import math
import os
import sys
import tomllib

import yaml

_cloudinit = None


def cloudinit():
    """Imports cloud-init lazily: only the cloud-config requests need it."""
    global _cloudinit
    if _cloudinit is None:
        from cloudinit import safeyaml, util
        from cloudinit.config import cc_write_files
        from cloudinit.config import schema as ci_schema

        _cloudinit = {
            "safeyaml": safeyaml,
            "util": util,
            "write_files": cc_write_files,
            "schema": ci_schema,
            "full_schema": ci_schema.get_schema(),
        }
    return _cloudinit


def tag(value):
    """A JSON-safe copy of a parsed value, with every non-JSON type tagged."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 else {"$int": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"$binary": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return {"$timestamp": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [tag(item) for item in value]
    if isinstance(value, set):
        return {"$set": [tag(item) for item in sorted(value, key=repr)]}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: tag(item) for key, item in value.items()}
        return {"$map": [[tag(key), tag(item)] for key, item in value.items()]}
    return {"$unknown": repr(value)}


def cloud_config(request):
    """cloud-init's verdict and reading of a cloud-config.

    The judgement is the one `cloud-init schema --config-file` makes (cloud-init 22.4's
    validate_cloudconfig_file, non-annotating path: the `#cloud-config` header, cloud-init's own
    YAML loader, a mapping, validate_cloudconfig_schema with the full schema, strict), done
    here with one YAML load whose result the decoding below reuses. With "validate": false
    (unsampled cases, benign twins), only the reading (libyaml first, cloud-init's loader where
    libyaml refuses the document).
    """
    ci = cloudinit()
    data = base64.b64decode(request["bytes"])
    schema_error = None
    if request.get("validate", True):
        try:
            config = ci["safeyaml"].load(data)
        except yaml.YAMLError as error:
            return {"schemaError": f"File is not valid yaml. {error}", "config": None}
        if not data.startswith(b"#cloud-config"):
            schema_error = 'File needs to begin with "#cloud-config"'
        elif not isinstance(config, dict):
            schema_error = "Cloud-config is not a YAML dict."
        else:
            try:
                ci["schema"].validate_cloudconfig_schema(config, ci["full_schema"], strict=True, log_deprecations=False)
            except ci["schema"].SchemaValidationError as error:
                if error.has_errors():
                    schema_error = str(error)
    else:
        # Not judged: read with libyaml (the same YAML 1.1 resolution, many times faster), and
        # with cloud-init's own pure-Python loader where libyaml refuses the document (libyaml
        # refuses a few documents cloud-init reads, such as a tab on a blank line before the
        # first line of a literal block).
        try:
            config = yaml.load(data, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            try:
                config = ci["safeyaml"].load(data)
            except yaml.YAMLError as error:
                return {"schemaError": None, "readError": f"File is not valid yaml. {error}", "config": None}
    if not isinstance(config, dict):
        return {"schemaError": schema_error, "readError": "Cloud-config is not a YAML dict.", "config": tag(config)}
    files = []
    for item in config.get("write_files") or []:
        if not isinstance(item, dict):
            continue
        extractions = ci["write_files"].canonicalize_extraction(item.get("encoding"))
        contents = ci["write_files"].extract_contents(item.get("content", ""), extractions)
        if isinstance(contents, str):
            contents = contents.encode("utf-8")
        user, group = ci["util"].extract_usergroup(item.get("owner", "root:root"))
        files.append(
            {
                "path": os.path.abspath(item.get("path", "")),
                "bytes": base64.b64encode(contents).decode("ascii"),
                "mode": ci["write_files"].decode_perms(item.get("permissions"), 0o644),
                "owner": user,
                "group": group,
                "append": bool(item.get("append", False)),
                "defer": bool(item.get("defer", False)),
            }
        )
    scripts = {}
    for key in ("runcmd", "bootcmd"):
        if isinstance(config.get(key), list):
            scripts[key] = ci["util"].shellify(config[key], add_header=False)
    # The files travel decoded in "files": the document keeps their entries without the content.
    slim = dict(config)
    if isinstance(config.get("write_files"), list):
        slim["write_files"] = [
            {key: value for key, value in item.items() if key != "content"} if isinstance(item, dict) else item
            for item in config["write_files"]
        ]
    return {"schemaError": schema_error, "config": tag(slim), "files": files, "scripts": scripts}


def load_yaml(request):
    text = base64.b64decode(request["bytes"])
    try:
        if request.get("all"):
            return {"value": [tag(document) for document in yaml.load_all(text, Loader=yaml.CSafeLoader)]}
        return {"value": tag(yaml.load(text, Loader=yaml.CSafeLoader))}
    except yaml.YAMLError as error:
        return {"error": str(error)}


def load_toml(request):
    try:
        return {"value": tag(tomllib.loads(base64.b64decode(request["bytes"]).decode("utf-8")))}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {"error": str(error)}


OPERATIONS = {"cloud-config": cloud_config, "yaml": load_yaml, "toml": load_toml}


def main():
    for line in sys.stdin:
        request = json.loads(line)
        try:
            result = OPERATIONS[request["op"]](request)
            answer = {"id": request["id"], "ok": True, "result": result}
        except Exception as error:  # an oracle failure is reported, never swallowed
            answer = {"id": request["id"], "ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer, ensure_ascii=True) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
