"""`--format junit`: a JUnit XML report, one failing test case per problem.

CI systems that show test results (GitLab, Jenkins, Azure) show these as failed tests; a
clean run is one passing test case. CI servers show it to people, and XML 1.0 cannot hold
every character a record can: paths and messages are written as `qlint.printable.xml_text`
makes them (visible escapes), so the document is always well-formed.
"""

from __future__ import annotations

from qlint.diagnostics import Diagnostic
from qlint.printable import xml_text
from qlint.reporters.base import Reporter


class JunitReporter(Reporter):
    def report(self, diagnostics: list[Diagnostic], files: int) -> None:
        from xml.etree import ElementTree as ET  # here: the other formats would import it for nothing

        suites = ET.Element("testsuites", name="qlint", tests=str(max(1, len(diagnostics))), failures=str(len(diagnostics)))
        suite = ET.SubElement(
            suites, "testsuite", name="qlint", tests=str(max(1, len(diagnostics))), failures=str(len(diagnostics))
        )
        for d in diagnostics:
            path, message = xml_text(d.path), xml_text(d.message)
            where = f"{path}:{d.span.start_line}:{d.span.start_column}"
            case = ET.SubElement(suite, "testcase", classname=path, name=f"{d.code} {d.name} at {where}")
            failure = ET.SubElement(case, "failure", message=message, type=d.code)
            failure.text = f"{where}: {d.code} [{d.name}] {message}"
        if not diagnostics:
            ET.SubElement(suite, "testcase", classname="qlint", name=f"no problems in {files} files")
        ET.indent(suites)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")
