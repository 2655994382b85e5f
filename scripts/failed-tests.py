#!/usr/bin/env python3
"""Prints each failed test of the given TRX files with the first lines of its message, so the end of the test
command's output (all that a CI log may keep) says what failed, not only how many."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MESSAGE_LINES = 12

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
