"""The cache: a second run parses nothing, and a damaged cache changes no result."""

from __future__ import annotations

import marshal
import os
from contextlib import closing
import sqlite3
import stat
from pathlib import Path

import pytest

import qlint.pipeline.worker
from qlint.pipeline.cache import FILE_NAME, Cache, CacheWarning
from qlint.pipeline.reports import ReportKey
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once, run_cli
from tests.rules.corpus_helpers import write


@pytest.fixture
def corpus(tmp_path):
    """A configured project: qlint.toml, a content root with a few records, some defective."""
    (tmp_path / "qlint.toml").write_text('root = "learn"\n')
    root = tmp_path / "learn"
    write(root, VALID_PATH, replace_once(VALID, "score: 0.82", "score: -1.0"))
    write(root, RELATED_PATH, replace_once(RELATED, "    id: 501234", "    id: 42"))
    write(root, "biology/broken.md", "---\ntitle: [\n---\n")
    return tmp_path


@pytest.fixture
def parses(monkeypatch):
    """Counts the files qlint reads and parses."""
    seen: list[str] = []
    original = qlint.pipeline.worker.parse_document

    def counting(data, path, *args, **kwargs):
        seen.append(str(path))
        return original(data, path, *args, **kwargs)

    monkeypatch.setattr(qlint.pipeline.worker, "parse_document", counting)
    return seen


def check(project, *args):
    return run_cli("check", "--format", "json", "--jobs", "1", str(project / "learn"), *args)


def test_second_run_parses_nothing_and_reports_the_same(corpus, parses):
    first = check(corpus)
    assert len(parses) == 3 and first.exit_code == 1
    assert (corpus / ".qlint_cache" / FILE_NAME).exists()
    parses.clear()
    second = check(corpus)
    assert parses == [] and second.stdout == first.stdout and second.exit_code == 1


def test_only_the_changed_file_is_parsed_again(corpus, parses):
    first = check(corpus)
    parses.clear()
    path = corpus / "learn" / RELATED_PATH
    path.write_text(RELATED)  # the stale link id is fixed
    second = check(corpus)
    assert parses == [str(path)]
    assert '"Q404"' in first.stdout and '"Q404"' not in second.stdout


def test_touching_a_file_without_changing_it_does_not_parse_it(corpus, parses):
    check(corpus)
    path = corpus / "learn" / VALID_PATH
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    parses.clear()
    check(corpus)
    assert parses == []


def test_an_edit_of_the_same_size_with_its_time_set_back_is_read_again(corpus, parses):
    """A generator that rewrites a record and restores its modification time (rsync -t, a
    `touch -r`) must not be answered from the cache: the change time still moves."""
    first = check(corpus)
    path = corpus / "learn" / VALID_PATH
    before = path.stat()
    text = path.read_text()
    path.write_text(replace_once(text, "score: -1.0", "score: 0.50"))  # same length: the problem is gone
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    parses.clear()
    second = check(corpus)
    assert parses == [str(path)]
    assert "-1.0" in first.stdout and "-1.0" not in second.stdout


def test_no_cache_reads_and_writes_nothing(corpus, parses):
    check(corpus, "--no-cache")
    assert not (corpus / ".qlint_cache").exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.unlink(),
        lambda db: db.write_bytes(db.read_bytes()[:200]),
        lambda db: db.write_bytes(b"this is not a database at all" * 100),
        # The rows are only read when no saved report or rendering can be reused: they go too.
        lambda db: _sql(db, f"UPDATE files SET summary = '[1, 2', detail = '{{', results = 'x'; {NO_REPORT}"),
        lambda db: _sql(db, f"UPDATE files SET summary = X'e9', detail = X'e9', results = X'e9'; {NO_REPORT}"),
        lambda db: _sql(db, f"UPDATE files SET detail = X'e9030000'; {NO_REPORT}"),
        lambda db: _sql(db, "UPDATE reports SET report = X'e9'"),
        lambda db: _sql(db, "UPDATE renderings SET text = CAST('garbage' AS BLOB)"),
        lambda db: _sql(db, "UPDATE renderings SET counts = X'e9'"),
        lambda db: _sql(db, "UPDATE renderings SET text = CAST(substr(text, 1, length(text) - 1) || X'21' AS BLOB)"),
        lambda db: _damage_rest(db),
        lambda db: _sql(db, "UPDATE meta SET value = '999' WHERE name = 'schema'"),
    ],
    ids=["deleted", "truncated", "foreign", "garbled-rows", "garbled-blobs", "garbled-detail", "garbled-report",
         "garbled-rendering", "garbled-counts", "altered-rendering", "garbled-rest", "other-version"],  # fmt: skip
)
def test_damaged_cache_changes_no_result(corpus, damage):
    first = check(corpus)
    damage(corpus / ".qlint_cache" / FILE_NAME)
    for name in ("-wal", "-shm"):
        (corpus / ".qlint_cache" / (FILE_NAME + name)).unlink(missing_ok=True)
    second = check(corpus)
    assert second.stdout == first.stdout and second.exit_code == first.exit_code
    assert "Traceback" not in second.stderr
    third = check(corpus)  # and the rebuilt cache works
    assert third.stdout == first.stdout


NO_REPORT = "DELETE FROM reports; DELETE FROM renderings"  # else the saved text is printed, no row read


def _damage_rest(db):
    """Summaries whose id and url read, with a rest (title, subject, links...) that does not:
    found when the row is loaded, although the rest is decoded only when a rule asks."""
    with closing(sqlite3.connect(db)) as connection, connection:
        for path, summary in connection.execute("SELECT path, summary FROM files").fetchall():
            if summary is not None:
                ident, url, rest, checksum = marshal.loads(summary)
                damaged = marshal.dumps((ident, url, b"\xe9", checksum))  # a rest that does not decode
                connection.execute("UPDATE files SET summary = ? WHERE path = ?", (damaged, path))
        connection.executescript(NO_REPORT)


def _sql(db, statements):
    # Closed at once: the last connection to close writes the WAL into the database, which
    # the test then deletes (as it would be after a crash).
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.executescript(statements)
    connection.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_cache_folder_warns_and_still_works(corpus):
    folder = corpus / ".qlint_cache"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = check(corpus)
    finally:
        folder.chmod(stat.S_IRWXU)
    assert result.exit_code == 1 and '"Q302"' in result.stdout
    assert result.stderr.startswith("qlint: warning: ")


def test_cache_dir_option_and_clean(corpus, tmp_path):
    elsewhere = tmp_path / "elsewhere-cache"
    check(corpus, "--cache-dir", str(elsewhere))
    assert (elsewhere / FILE_NAME).exists() and not (corpus / ".qlint_cache").exists()
    result = run_cli("clean", "--cache-dir", str(elsewhere))
    assert result.exit_code == 0 and not elsewhere.exists()
    assert run_cli("clean", "--cache-dir", str(elsewhere)).stdout.startswith("no cache")


def test_unusable_cache_location_warns_and_still_works(corpus, tmp_path):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("")
    result = check(corpus, "--cache-dir", str(blocker / "cache"))  # cannot be created
    assert result.exit_code == 1 and '"Q302"' in result.stdout
    assert result.stderr.startswith("qlint: warning: cache at ") and result.stderr.count("\n") == 1


def test_two_runs_at_once_share_the_cache(corpus):
    import subprocess
    import sys

    command = [sys.executable, "-m", "qlint", "check", "--format", "json", "--jobs", "1", str(corpus / "learn")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate() for run in runs]
    assert len({out for out, _ in outputs}) == 1 and all(err == "" for _, err in outputs)
    assert check(corpus).stdout == outputs[0][0]


def _open_cache_after(barrier, folder: str, results) -> None:
    import warnings

    barrier.wait()  # every process opens the new cache at the same moment
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cache = Cache(Path(folder), "key")
        cache.save_report("scope", "state", b"report")
        results.put([str(warning.message) for warning in caught])


def test_runs_making_a_new_cache_at_once_all_use_it(tmp_path):
    # Each of these runs once saw a half-made cache as "files qlint did not make", or was
    # refused the switch to WAL ("database is locked"), and ran without the cache.
    import multiprocessing

    context = multiprocessing.get_context("fork")
    warnings_seen: list[str] = []
    for attempt in range(40):
        barrier, results = context.Barrier(6), context.Queue()
        folder = str(tmp_path / f"cache-{attempt}")
        runs = [context.Process(target=_open_cache_after, args=(barrier, folder, results)) for _ in range(6)]
        for run in runs:
            run.start()
        warnings_seen += [message for _ in runs for message in results.get(timeout=60)]
        for run in runs:
            run.join()
    assert warnings_seen == []


def test_a_cache_another_qlint_made_is_rebuilt_and_a_foreign_folder_is_left_alone(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / ".gitignore").write_text("")  # the user's, empty
    with pytest.warns(CacheWarning, match="holds files qlint did not make"):
        assert not Cache(foreign, "key").usable
    assert sorted(p.name for p in foreign.iterdir()) == [".gitignore"]
    # A results.sqlite of another shape (an older qlint, say): rebuilt, never "not usable".
    older = tmp_path / "older"
    older.mkdir()
    with closing(sqlite3.connect(older / FILE_NAME)) as db:
        db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY)")
        db.commit()
    assert Cache(older, "key").usable and Cache(older, "key").usable


def test_a_one_file_run_keeps_the_whole_run_report(corpus, monkeypatch):
    loads: list[int] = []
    original = Cache.rows
    monkeypatch.setattr(Cache, "rows", lambda self: loads.append(1) or original(self))
    first = check(corpus)
    one = run_cli("check", "--format", "json", "--jobs", "1", str(corpus / "learn" / RELATED_PATH))  # pre-commit
    assert one.exit_code == 1 and loads == [1, 1]
    loads.clear()
    again = check(corpus)
    assert again.stdout == first.stdout
    assert loads == []  # the saved report was used: no per-file rows were read


def test_each_format_gets_its_own_saved_rendering(corpus):
    def report(*options):
        return run_cli("check", "--jobs", "1", str(corpus / "learn"), *options).stdout

    expected = {options: report(*options, "--no-cache") for options in
                [("--format", "json"), ("--format", "concise"), ("--format", "text"), ("--statistics",)]}  # fmt: skip
    for _ in range(2):  # the second round is printed from the saved renderings
        for options, text in expected.items():
            assert report(*options) == text
    assert len(set(expected.values())) == 4


def test_a_saved_rendering_prints_the_same_bytes_to_a_terminal_pipe_and_a_file(corpus):
    import subprocess
    import sys

    path = corpus / "learn" / VALID_PATH
    path.write_text(path.read_text().replace("Plants capture", "Hereâ€™s how plants capture"))  # non-ASCII out
    command = [sys.executable, "-m", "qlint", "check", "--format", "concise", "--jobs", "1", str(corpus / "learn")]
    fresh = run_cli("check", "--format", "concise", "--jobs", "1", "--no-cache", str(corpus / "learn")).stdout
    for _ in range(2):  # rendered and saved, then printed from the cache as UTF-8 bytes
        shown = subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert shown.stdout.decode("utf-8") == fresh and "’" in fresh
    assert run_cli(*command[3:], "-o", str(corpus / "report.txt")).exit_code == 1
    assert (corpus / "report.txt").read_text(encoding="utf-8") == fresh


@pytest.mark.parametrize(
    "setting",
    [
        "max-file-size = 600\n",  # the records are larger: each is now reported as too large, not linted
        "[rules.description-length]\nmax_length = 50\n",  # a rule's option
        "[rules.placeholder-score]\nseverity = 'warning'\n",
        "[site]\nurl-pattern = '/learn/{subject_key}/q/{slug}'\n",
        "[per-file-ignores]\n'biology/*.md' = ['Q302']\n",
    ],
)
def test_a_warm_run_after_a_config_change_reports_what_a_run_without_cache_reports(corpus, setting):
    check(corpus)  # the cache holds this config's results
    (corpus / "qlint.toml").write_text('root = "learn"\n' + setting)
    warm, fresh = check(corpus), check(corpus, "--no-cache")
    assert warm.stdout == fresh.stdout and warm.exit_code == fresh.exit_code
    assert warm.stdout != check(corpus, "--config", str(_plain_config(corpus))).stdout  # the change changed something


def _plain_config(corpus):
    plain = corpus / "plain.toml"
    plain.write_text('root = "learn"\n')
    return plain


def test_another_ftfy_version_does_not_reuse_the_cache(corpus, parses, monkeypatch):
    import qlint.pipeline.cache_key

    check(corpus)
    parses.clear()
    check(corpus)
    assert parses == []
    monkeypatch.setattr(qlint.pipeline.cache_key, "installed_version", lambda module: "99.0")
    again = check(corpus)
    assert len(parses) == 3 and again.exit_code == 1  # every file checked again


def test_an_edited_rule_does_not_reuse_the_cache(corpus, parses, monkeypatch):
    import qlint.pipeline.cache_key

    check(corpus)
    parses.clear()
    monkeypatch.setattr(qlint.pipeline.cache_key, "code_digest", lambda: "edited")
    check(corpus)
    assert len(parses) == 3


def test_a_fix_diff_leaves_every_file_cached_for_the_next_check(corpus, parses):
    damaged = replace_once(VALID, "Plants capture light", "Plantsâ€™ leaves capture light")
    (corpus / "learn" / VALID_PATH).write_text(damaged, encoding="utf-8")
    result = run_cli("fix", "--diff", "--jobs", "1", str(corpus / "learn"))
    assert result.exit_code == 1 and "+    Plants’ leaves capture light" in result.stdout
    parses.clear()
    assert check(corpus).exit_code == 1 and parses == []  # (nothing written: all as cached)


def test_a_url_two_records_claim_resolves_alike_whatever_order_the_cache_holds_them_in(tmp_path):
    """Links resolve to the first claimant in path order, however the results come: a
    claimant linted after the other came from the cache, or both from the cache in the
    order their rows were saved (a claimant saved again comes last)."""
    from tests.test_fix_safety import TWIN  # sorts before RELATED, and claims its url
    from tests.test_fixer import STALE, project

    root = project(tmp_path, {VALID_PATH: STALE, RELATED_PATH: RELATED, "biology/a-twin.md": TWIN})
    check(root)
    twin, linking = root / "learn" / "biology" / "a-twin.md", root / "learn" / VALID_PATH
    twin.write_text(TWIN + "\n")  # linted again, after RELATED came from the cache
    relinted_twin, fresh = check(root), check(root, "--no-cache")
    assert "the linked record has id 501299" in fresh.stdout  # the twin's: the first in path order
    assert relinted_twin.stdout == fresh.stdout
    linking.write_text(STALE + "\n")  # both claimants from the cache now, the twin's row last
    with closing(sqlite3.connect(root / ".qlint_cache" / FILE_NAME)) as db:
        saved_order = [path for (path,) in db.execute("SELECT path FROM files ORDER BY rowid")]
    assert saved_order[-1] == str(twin)
    cached, fresh = check(root), check(root, "--no-cache")
    assert "the linked record has id 501299" in fresh.stdout
    assert cached.stdout == fresh.stdout


def test_a_check_hashes_the_stamps_of_its_files_once(corpus, monkeypatch):
    check(corpus)
    write(corpus / "learn", VALID_PATH, replace_once(VALID, "score: 0.82", "score: 0.83"))  # no saved report fits
    made = []
    original = ReportKey.of.__func__

    def counting(cls, *args):
        made.append(args)
        return original(cls, *args)

    monkeypatch.setattr(ReportKey, "of", classmethod(counting))
    result = check(corpus)
    assert result.exit_code == 1 and '"Q302"' not in result.stdout
    assert len(made) == 1  # asked before the check (is a rendering saved?) and by the check
