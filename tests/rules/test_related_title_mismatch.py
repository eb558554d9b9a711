from tests.conftest import apply_fixes, RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once
from tests.rules.corpus_helpers import found, lint_corpus, write


def test_stale_title_and_subject_are_reported_with_fixes_keeping_the_style(root):
    stale = replace_once(VALID, "        What is the role of chlorophyll in photosynthesis?", "        What's the role of chlorophyll in photosynthesis")
    stale = replace_once(stale, "    subject: Biology", "    subject: biology")
    write(root, VALID_PATH, stale)
    write(root, RELATED_PATH, RELATED)
    diagnostics = lint_corpus(root, ["related-title-mismatch"])
    assert [f[2:] for f in found(diagnostics)] == [("related_article1.title", 28, 12), ("related_article1.subject", 30, 14)]
    assert diagnostics[0].message == (
        "related_article1.title 'What's the role of chlorophyll in photosynthesis' differs from the linked "
        "record's title 'What is the role of chlorophyll in photosynthesis?'"
    )
    assert diagnostics[0].fix.edits[0].content == ">-\n        What is the role of chlorophyll in photosynthesis?"
    fixed = apply_fixes(apply_fixes(stale, diagnostics[1]), diagnostics[0])
    assert fixed == VALID


def test_identical_link_text_passes(root):
    write(root, VALID_PATH, VALID)
    write(root, RELATED_PATH, RELATED)
    assert lint_corpus(root, ["Q405"]) == []


def test_a_damaged_linked_title_is_never_copied_over_the_clean_link_text(root):
    title = "What is the role of chlorophyll in photosynthesis?"
    damaged = RELATED.replace(f"    {title}\n", f"    {title.replace('role', 'roleâ€™s part')}\n", 2)
    write(root, VALID_PATH, VALID)
    write(root, RELATED_PATH, damaged)
    [link] = [d for d in lint_corpus(root, ["Q405"]) if d.path.endswith(VALID_PATH)]
    assert link.fix is None and "the linked record's title has mojibake: repair it there" in link.message


def test_a_damaged_link_text_is_replaced_by_the_clean_linked_title(root):
    title = "What is the role of chlorophyll in photosynthesis?"
    write(root, VALID_PATH, replace_once(VALID, f"        {title}", f"        {title.replace('role', 'roleâ€™s')}"))
    write(root, RELATED_PATH, RELATED)
    [link] = lint_corpus(root, ["Q405"])
    assert link.fix.edits[0].content == f">-\n        {title}"
