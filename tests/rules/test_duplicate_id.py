from tests.rules.corpus_helpers import found, lint_corpus, record, write


def test_two_questions_with_one_id_are_both_reported_at_their_id(root):
    write(root, "biology/what-is-a-cell.md", record(7, "biology", "what-is-a-cell", "What is a cell?"))
    write(root, "physics/what-is-a-photon.md", record(7, "physics", "what-is-a-photon", "What is a photon?"))
    diagnostics = lint_corpus(root, ["duplicate-id"])
    assert found(diagnostics) == [
        ("Q506", "what-is-a-cell.md", "id", 3, 5),
        ("Q506", "what-is-a-photon.md", "id", 3, 5),
    ]
    assert diagnostics[0].message == "id 7 is also used by 'physics/what-is-a-photon.md'"


def test_a_cross_listed_question_is_not_a_duplicate(root):
    # Same id, slug and answer in two subject folders: the site lists one question twice on purpose.
    write(root, "biology/what-is-a-cell.md", record(7, "biology", "what-is-a-cell", "What is a cell?"))
    write(root, "medicine/what-is-a-cell.md", record(7, "medicine", "what-is-a-cell", "What is a cell?"))
    assert lint_corpus(root, ["Q506"]) == []


def test_same_slug_with_a_different_answer_is_a_duplicate(root):
    write(root, "biology/what-is-a-cell.md", record(7, "biology", "what-is-a-cell", "What is a cell?"))
    write(root, "medicine/what-is-a-cell.md", record(7, "medicine", "what-is-a-cell", "What is a cell?", answer="Cells are"))
    assert len(lint_corpus(root, ["Q506"])) == 2
