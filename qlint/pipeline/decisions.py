"""The decision layer: which of a file's findings are reported.

A finding is dropped when a suppression comment of its file names its rule (on its line,
for its field, or for the whole file) or when the config's `per-file-ignores` do; a
suppression that silenced nothing is handed to the rules about suppressions, which report
it. Runs after every rule, record and cross-record, has spoken for the file.
"""

from __future__ import annotations

import os

from qlint.diagnostics import Diagnostic
from qlint.discovery.walk import glob_match
from qlint.pipeline.registry import Context, all_rules, find_rule, matches
from qlint.record.config import Config
from qlint.record.suppressions import Suppression

# (suppression, selectors that silenced nothing, selectors that name no rule)
Unused = tuple[Suppression, list[str], list[str]]


class Decider:
    def __init__(self, config: Config, contexts: list[Context]) -> None:
        self.config, self.contexts = config, contexts
        self._root = str(config.root.absolute())
        self._suppression_rules = [c for c in contexts if c.rule.check_suppressions is not None]
        self._record_rules = [c for c in contexts if not c.rule.cross_record]

    def needed(self, suppressions: list[Suppression]) -> bool:
        """Can anything be decided for a file with these suppressions? (Most files have none,
        and most configs no per-file ignores: their findings are reported as they are.)"""
        return bool(suppressions or self.config.per_file_ignores)

    def reported(
        self, found: list[Diagnostic], suppressions: list[Suppression], display: str, path: str, cross_ran: bool = True
    ) -> list[Diagnostic]:
        """The findings of the file at `path` (shown as `display`) that are reported.
        `cross_ran`: the cross-record rules' findings are among them; when they are not, a
        suppression naming one of those rules cannot be judged, and is not reported unused."""
        if suppressions:
            judged = self.contexts if cross_ran else self._record_rules
            found = self._suppressed(found, suppressions, display, judged)
        if self.config.per_file_ignores:
            relative = path[len(self._root) + 1 :] if path.startswith(self._root + os.sep) else path
            ignored = [sel for glob, sels in self.config.per_file_ignores.items() if glob_match(relative, glob) for sel in sels]
            found = [d for d in found if not any(_names(sel, d) for sel in ignored)]
        return found

    def _suppressed(
        self, found: list[Diagnostic], suppressions: list[Suppression], display: str, judged: list[Context]
    ) -> list[Diagnostic]:
        for suppression in suppressions:
            suppression.used.clear()
        kept = [d for d in found if not _silenced(d, suppressions)]
        unused = self._unused(suppressions, judged)
        if unused:
            for context in self._suppression_rules:
                kept.extend(context.rule.check_suppressions(display, unused, context))
        return kept

    def _unused(self, suppressions: list[Suppression], judged: list[Context]) -> list[Unused]:
        """The suppressions that silenced nothing, with the selectors that did not, among
        those naming a rule that ran (`judged`), and the selectors naming no rule at all."""
        unused = []
        for s in suppressions:
            if s.selectors is None:
                if not s.used and len(judged) == len(self.contexts):
                    unused.append((s, [], []))
                continue
            unknown = [sel for sel in s.selectors if find_rule(sel) is None and not any(matches(sel, r) for r in all_rules())]
            idle = [
                sel for sel in s.selectors
                if sel not in s.used and sel not in unknown
                and any(matches(sel, c.rule) for c in judged) and not any(matches(sel, c.rule) for c in self.contexts if c not in judged)
            ]  # fmt: skip
            if idle or unknown:
                unused.append((s, idle, unknown))
        return unused


def _names(selector: str, d: Diagnostic) -> bool:
    rule = find_rule(d.code)
    return rule is not None and matches(selector, rule)


def _silenced(d: Diagnostic, suppressions: list[Suppression]) -> bool:
    """Does a suppression silence `d`? Marks on it the selectors that did."""
    for s in suppressions:
        applies = s.whole_file or d.span.start_line == s.line or (
            s.field is not None and d.field is not None and (d.field == s.field or d.field.startswith(s.field + "."))
        )
        if not applies:
            continue
        named = [sel for sel in s.selectors if _names(sel, d)] if s.selectors is not None else ["*"]
        if named:
            s.used.update(named)
            return True
    return False
