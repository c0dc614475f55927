"""junit.xml: one test case per gate, so any CI system shows gate results natively.

A run without gates yields one passing test case named "tarjama run" (some CI systems treat an
empty suite as an error). A gate that did not pass is a failure whatever its state (an
inconclusive gate the suite fails on included); an inconclusive gate that passes with a warning,
and a regression gate skipped for want of a baseline, are reported as skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from tarjama.report import view
from tarjama.rundir import Run
from tarjama.textsafety import xml_text

NO_GATES_CASE = "tarjama run"


def render_junit(run: Run) -> str:
    """The junit.xml document as a string."""
    results = run.results
    gates = results.get("gates") or []
    suite = ET.Element(
        "testsuite",
        name=xml_text(f"tarjama: {results.get('suite')}"),
        timestamp=xml_text(results.get("created", "")),
    )
    _properties(suite, results)
    for gate in gates:
        _gate_case(suite, gate, results)
    if not gates:
        ET.SubElement(suite, "testcase", name=NO_GATES_CASE, classname="tarjama.gates", time="0")
    failed = [g for g in gates if not g.get("passed")]
    skipped = [
        g for g in gates if g.get("passed") and view.gate_state(g) in ("inconclusive", "skipped")
    ]
    suite.set("tests", str(max(1, len(gates))))
    suite.set("failures", str(len(failed)))
    suite.set("skipped", str(len(skipped)))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="tarjama")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _properties(suite: ET.Element, results: Mapping[str, Any]) -> None:
    properties = ET.SubElement(suite, "properties")
    facts = {"run_id": results.get("run_id"), "verdict": view.verdict(results)}
    facts.update(
        {
            f"metric.{k}": view.format_number(m.get("score"))
            for k, m in (results.get("metrics") or {}).items()
        }
    )
    for name, value in facts.items():
        ET.SubElement(properties, "property", name=xml_text(name), value=xml_text(value))


def _gate_case(suite: ET.Element, gate: Mapping[str, Any], results: Mapping[str, Any]) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=xml_text(gate.get("name")),
        classname=xml_text(f"tarjama.gates.{results.get('suite')}"),
        time="0",
    )
    state, detail = view.gate_state(gate), xml_text(view.gate_detail(gate))
    subject = xml_text(gate.get("metric") or "")
    if not gate.get("passed"):
        failure = ET.SubElement(case, "failure", message=detail, type="GateFailed")
        failure.text = f"{subject}: {state}: {detail}"
    elif state in ("inconclusive", "skipped"):
        ET.SubElement(case, "skipped", message=f"{state}: {detail}")
    else:
        ET.SubElement(case, "system-out").text = f"{subject}: {detail}"
