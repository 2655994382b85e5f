#!/usr/bin/env python3
"""Prints each failed test of the given TRX files with the first lines of its message, so the end of the test
command's output (all that a CI log may keep) says what failed, not only how many. A class's cleanup failure (a fixture
that threw when disposed) is only counted in the TRX ("error"): it is named from the suite's console log beside it."""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MESSAGE_LINES = 12

CLEANUP = re.compile(r"^failed \[(Test (?:Class|Collection|Assembly) Cleanup Failure) \((.*?)\)\]$")


def cleanup_failures(log_path):
    """Each cleanup failure of a console log once per class (xunit repeats it for every test of the class)."""
    try:
        lines = open(log_path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return
    seen = set()
    for i, line in enumerate(lines):
        match = CLEANUP.match(line)
        if not match:
            continue
        kind, test = match.groups()
        owner = test.split("(", 1)[0].rsplit(".", 1)[0] if kind.startswith("Test Class") else test
        if owner in seen:
            continue
        seen.add(owner)
        body = []
        for following in lines[i + 1:]:
            if following.startswith("failed ") or following.startswith("passed ") or not following.startswith("  "):
                break
            if following.strip().startswith(("at ", "--- End of stack trace", "----- Inner Stack Trace", "from ")):
                continue
            body.append(following.strip())
        yield f"{kind}: {owner}", body


for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        print(f"{path}: unreadable ({error})")
        continue
    suite = path.rsplit("/", 1)[-1].removesuffix(".trx")
    for result in root.iter(f"{NS}UnitTestResult"):
        if result.get("outcome") != "Failed":
            continue
        print(f"FAILED [{suite}] {result.get('testName')} ({result.get('duration')})")
        message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
        lines = (message.text or "").strip().splitlines() if message is not None else []
        for line in lines[:MESSAGE_LINES]:
            print(f"    {line}")
        if len(lines) > MESSAGE_LINES:
            print(f"    … {len(lines) - MESSAGE_LINES} more lines in artifacts/test-results/{suite}.log")
    for title, lines in cleanup_failures(path.removesuffix(".trx") + ".log"):
        print(f"FAILED [{suite}] {title}")
        for line in lines[:MESSAGE_LINES]:
            print(f"    {line}")
        if len(lines) > MESSAGE_LINES:
            print(f"    … {len(lines) - MESSAGE_LINES} more lines in artifacts/test-results/{suite}.log")
