"""Sums Surefire and Failsafe XML reports under a repo: prints 'tests failed skipped'."""
import glob
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
tests = failed = skipped = 0
for f in glob.glob(f"{root}/functions/*/target/*-reports/TEST-*.xml") + glob.glob(f"{root}/bench/target/*-reports/TEST-*.xml"):
    s = ET.parse(f).getroot()
    tests += int(s.get("tests", 0))
    failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
    skipped += int(s.get("skipped", 0))
print(tests, failed, skipped)
