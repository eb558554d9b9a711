from tests.conftest import VALID
from tests.rules.corpus_helpers import found, lint_corpus, write


def test_two_files_claiming_one_url_are_reported_at_their_url(root):
    write(root, "biology/how-do-plants-turn-sunlight-into-chemical-energy.md", VALID)
    write(root, "biology/copy.md", VALID.replace("id: 501234", "id: 501299"))
    diagnostics = lint_corpus(root, ["duplicate-url"])
    assert found(diagnostics) == [
        ("Q507", "copy.md", "url", 24, 6),
        ("Q507", "how-do-plants-turn-sunlight-into-chemical-energy.md", "url", 24, 6),
    ]
    assert diagnostics[0].message == (
        "url '/learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy' is also claimed by "
        "'biology/how-do-plants-turn-sunlight-into-chemical-energy.md'"
    )


def test_distinct_urls_pass(root):
    write(root, "biology/how-do-plants-turn-sunlight-into-chemical-energy.md", VALID)
    assert lint_corpus(root, ["Q507"]) == []
