"""The pipeline: a parallel run reports exactly what a serial run reports, in the same order."""

from __future__ import annotations

import json

from qlint.record.config import Config
from qlint.pipeline.linter import Linter
from qlint.pipeline.pool import PARALLEL_THRESHOLD
from qlint.pipeline.registry import active_rules
from tests.conftest import check_paths
from tests.rules.corpus_helpers import record, write

FOLDERS = ["biology", "chemistry", "physics", "history"]


def _corpus(root) -> int:
    """Enough records for the process pool, each tenth with a defect of its own kind: record
    rules (placeholder score, mojibake, unknown subject) and cross-record ones (stale id,
    broken link, differing title), some fixable."""
    count = PARALLEL_THRESHOLD + 200
    for n in range(count):
        folder, slug = FOLDERS[n % 4], f"question-number-{n}"
        previous = n - 1 if n else count - 1
        link = (900000 + previous, f"Question number {previous}?", FOLDERS[previous % 4].capitalize(),
                f"/learn/{FOLDERS[previous % 4]}/questions/question-number-{previous}")  # fmt: skip
        defect = n % 10
        if defect == 1:
            link = (link[0] + 1, *link[1:])
        elif defect == 2:
            link = (*link[:3], link[3] + "-gone")
        elif defect == 3:
            link = (link[0], "An older title?", *link[2:])
        text = record(900000 + n, folder, slug, f"Question number {n}?", [link])
        if defect == 4:
            text = text.replace("score: 0.82", "score: -1.0")
        elif defect == 5:
            text = text.replace("Plants capture light", "Hereâ€™s how plants capture light")
        elif defect == 6:
            text = text.replace(f"subject: {folder.capitalize()}\n", f"subject: {folder.upper()}\n", 1)
        write(root, f"{folder}/{slug}.md", text)
    return count


def test_parallel_run_reports_what_a_serial_run_reports(tmp_path):
    count = _corpus(tmp_path)
    config = Config(root=tmp_path)

    def report(jobs: int) -> list[dict]:
        result = check_paths([tmp_path], config, jobs=jobs)
        assert result.files == count and result.internal_errors == []
        return [d.to_dict() for d in result.diagnostics]

    serial, parallel = report(1), report(2)
    assert parallel == serial
    codes = {d["code"] for d in serial}
    assert {"Q302", "Q201", "Q505", "Q403", "Q404", "Q405"} <= codes, codes  # every kind made it
    assert any(d["fix"] for d in serial) and json.dumps(serial)  # fixes, and plain JSON values


def test_a_warm_run_reuses_the_report_of_a_parallel_cold_run(tmp_path, monkeypatch):
    # The cold run keys its report by the stats its workers took; the warm run by those of
    # the walk. Equal stats must give the same key, whichever objects hold them.
    from qlint.pipeline.cache import Cache

    _corpus(tmp_path / "learn")
    config = Config(root=tmp_path / "learn")
    contexts = active_rules(config)

    def check():
        linter = Linter(config, contexts, Cache(tmp_path / ".qlint_cache", "key"), jobs=2)
        return linter.check(linter.targets([tmp_path / "learn"]))

    cold = check()
    assert cold.parsed > PARALLEL_THRESHOLD and cold.key is not None
    monkeypatch.setattr(Cache, "rows", lambda self: (_ for _ in ()).throw(AssertionError("rows read")))
    warm = check()
    assert warm.key == cold.key and warm.parsed == 0
    assert [d.to_dict() for d in warm.diagnostics] == [d.to_dict() for d in cold.diagnostics]
