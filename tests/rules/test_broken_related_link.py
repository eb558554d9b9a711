from tests.rules.corpus_helpers import clean_pair, found, lint_corpus, record, write

TITLE_A, TITLE_B = "What is a food web?", "What is a keystone species?"


def test_link_to_a_missing_page_is_reported_at_its_url(root):
    write(root, "ecology/what-is-a-food-web.md", record(1, "ecology", "what-is-a-food-web", TITLE_A, [
        (2, TITLE_B, "Ecology", "/learn/ecology/questions/what-is-a-keystone-species"),
    ]))  # fmt: skip
    [diagnostic] = lint_corpus(root, ["broken-related-link"])
    assert found([diagnostic]) == [("Q403", "what-is-a-food-web.md", "related_article1.url", 31, 10)]
    assert diagnostic.message == (
        "related_article1.url '/learn/ecology/questions/what-is-a-keystone-species' points to no record"
    )


def test_message_names_the_record_with_that_slug_in_another_folder(root):
    write(root, "biology/what-is-a-keystone-species.md", record(2, "biology", "what-is-a-keystone-species", TITLE_B))
    write(root, "ecology/what-is-a-food-web.md", record(1, "ecology", "what-is-a-food-web", TITLE_A, [
        (2, TITLE_B, "Ecology", "/learn/ecology/questions/what-is-a-keystone-species"),
    ]))  # fmt: skip
    [diagnostic] = lint_corpus(root, ["Q403"])
    assert diagnostic.message.endswith(
        "points to no record; a record with this slug is at '/learn/biology/questions/what-is-a-keystone-species'"
    )


def test_links_that_resolve_pass_and_malformed_urls_are_left_to_their_rule(root):
    clean_pair(root)
    write(root, "ecology/what-is-a-food-web.md", record(1, "ecology", "what-is-a-food-web", TITLE_A, [
        (2, TITLE_B, "Ecology", "https://example.com/whatever"),
    ]))  # fmt: skip
    assert lint_corpus(root, ["Q403"]) == []


def test_only_the_given_file_is_reported_but_links_resolve_against_the_whole_root(root):
    clean_pair(root)
    target = write(root, "ecology/what-is-a-food-web.md", record(1, "ecology", "what-is-a-food-web", TITLE_A, [
        (501240, "What is the role of chlorophyll in photosynthesis?", "Biology",
         "/learn/biology/questions/what-is-the-role-of-chlorophyll-in-photosynthesis"),
        (9, "Gone", "Ecology", "/learn/ecology/questions/gone"),
    ]))  # fmt: skip
    write(root, "ecology/other.md", record(3, "ecology", "other", "Other?", [(9, "Gone", "Ecology", "/learn/ecology/questions/gone")]))
    assert found(lint_corpus(root, ["Q403"], [target])) == [
        ("Q403", "what-is-a-food-web.md", "related_article2.url", 37, 10)
    ]
