"""Baseline: Python's standard streaming XML reader on the same export.

Reads the body as it arrives (urllib) with xml.etree.ElementTree.iterparse, turns each <document> into a
plain dict (its items as a list of dicts) when its end tag is parsed, clears it, and either keeps the dicts
(mode "collect", like an array-returning client) or drops them (mode "stream").

argv: url mode. Prints one JSON line: {"documents": n, "lines": n, "ms": t, "peakMiB": m}.
"""
import json
import resource
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET

url, mode = sys.argv[1], sys.argv[2]


def element_to_dict(element):
    record = {}
    for child in element:
        if child.tag == "items":
            record["items"] = [{field.tag: field.text for field in item} for item in child]
        elif len(child):
            record[child.tag] = element_to_dict(child)
        else:
            record[child.tag] = child.text
    return record


started = time.perf_counter()
documents, lines, kept = 0, 0, []
with urllib.request.urlopen(url) as response:
    depth = 0
    for event, element in ET.iterparse(response, events=("start", "end")):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 1 and element.tag == "document":
            record = element_to_dict(element)
            documents += 1
            lines += len(record.get("items", []))
            if mode == "collect":
                kept.append(record)
            element.clear()
elapsed = (time.perf_counter() - started) * 1000


def peak_rss_mib():
    # VmHWM is this address space's own peak; Linux keeps ru_maxrss across exec, so a process started by
    # a large parent (the bench holds the whole export) would report the parent's peak instead.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


peak = peak_rss_mib()
print(json.dumps({"documents": documents, "lines": lines, "ms": elapsed, "peakMiB": peak}))
