from qlint.diagnostics import Applicability
from tests.conftest import apply_fixes, RELATED, RELATED_PATH, VALID, VALID_PATH, replace_once
from tests.rules.corpus_helpers import found, lint_corpus, write



def test_stale_id_is_reported_at_the_link_id_with_a_safe_fix(root):
    stale = replace_once(VALID, "    id: 501240", "    id: 499999")
    write(root, VALID_PATH, stale)
    write(root, RELATED_PATH, RELATED)
    [diagnostic] = lint_corpus(root, ["related-id-mismatch"])
    assert found([diagnostic]) == [("Q404", "how-do-plants-turn-sunlight-into-chemical-energy.md", "related_article1.id", 27, 9)]
    assert diagnostic.message == "related_article1.id is 499999 but the linked record has id 501240"
    assert diagnostic.fix.applicability is Applicability.SAFE
    assert apply_fixes(stale, diagnostic) == VALID


def test_matching_ids_and_unresolved_links_pass(root):
    write(root, VALID_PATH, VALID)
    write(root, RELATED_PATH, RELATED)
    write(root, "biology/x.md", replace_once(RELATED, "/learn/biology/questions/how-do-plants", "/learn/biology/questions/gone-how-do-plants"))
    assert lint_corpus(root, ["Q404"]) == []
