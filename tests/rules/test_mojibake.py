"""Q201 mojibake: text decoded with the wrong codec, repaired by ftfy."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qlint.diagnostics import Applicability
from tests.conftest import ANSWER_AT, apply_fixes, lint_text, replace_once, SEED, VALID, with_answer

SELECT = ["Q201"]
LINE, FIRST = ANSWER_AT  # the answer's line in VALID and the column of its first character



def answer_of(text: str) -> str:
    return yaml.safe_load(text.split("---\n")[1])["answer"]


def test_valid_record_is_clean(root):
    assert lint_text(root, VALID, select=SELECT) == []


def test_the_seed_record_is_reported_at_the_damaged_characters(root):
    if not SEED.is_file():
        pytest.skip("the shared seed record is not there")
    text = SEED.read_text(encoding="utf-8")
    line_number, line = next((n, line) for n, line in enumerate(text.splitlines(), 1) if "Hereâ€™s" in line)
    [found] = lint_text(root, text, rel=f"medicine/{SEED.name}", select=SELECT)
    assert line_number == 21
    # The span starts at the damaged characters `â€™`, right after `Here`.
    column = line.index("Hereâ€™s") + len("Here") + 1
    assert (found.code, found.field) == ("Q201", "answer")
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (21, column, column + 3)
    assert "'Here’s'" in found.message and "'Hereâ€™s'" in found.message
    assert found.fix.applicability == Applicability.SAFE


@pytest.mark.parametrize(
    ("damaged", "run", "word", "repaired"),
    [
        ("Hereâ€™s how it works.", "â€™", "Hereâ€™s", "Here’s"),
        ("We met at the cafÃ© near the lab.", "Ã©", "cafÃ©", "café"),
        ("Water boils at 100Â°C at sea level.", "Â°", "100Â°C", "100°C"),  # the ° survives: still one run
        ("An Î± particle is a helium nucleus.", "Î±", "Î±", "α"),
        ("The naÃ¯ve model fails.", "Ã¯", "naÃ¯ve", "naïve"),
        ("The word Ð¼Ð¸Ñ€ means peace.", "Ð¼Ð¸Ñ€", "Ð¼Ð¸Ñ€", "мир"),
    ],
)
def test_mojibake_is_reported_with_its_repair_and_fixed_safely(root, damaged, run, word, repaired):
    text = with_answer(damaged)
    [found] = lint_text(root, text, select=SELECT)
    start = FIRST + damaged.index(run)
    assert (found.span.start_line, found.span.start_column, found.span.end_column) == (LINE, start, start + len(run))
    assert found.message.startswith(f"mojibake '{word}' should read '{repaired}'")
    assert found.fix.applicability == Applicability.SAFE
    fixed = apply_fixes(text, [found])
    assert answer_of(fixed).startswith(damaged.replace(word, repaired))
    assert lint_text(root, fixed, select=SELECT) == []


def test_a_damaged_run_inside_greek_text_is_not_widened_over_the_greek(root):
    damaged = "Το σωματίδιο-Î±είναι πυρήνας."  # the run touches Greek letters
    [found] = lint_text(root, with_answer(damaged), select=SELECT)
    assert found.span.end_column - found.span.start_column == 2
    assert found.fix.edits[0].content == "α"


def test_each_damaged_run_is_reported_and_all_fixes_together_repair_the_value(root):
    damaged = "Hereâ€™s the cafÃ© at 20Â°C."
    text = with_answer(damaged)
    found = lint_text(root, text, select=SELECT)
    runs = ["â€™", "Ã©", "Â°"]
    assert [d.span.start_column for d in found] == [FIRST + damaged.index(run) for run in runs]
    assert answer_of(apply_fixes(text, found)).startswith("Here’s the café at 20°C.")


def test_damage_far_apart_in_a_long_answer_is_found_run_by_run(root):
    filler = "Light is absorbed by pigments. " * 200  # long: compared word by word, not diffed
    damaged = "Hereâ€™s one. " + filler + "And the cafÃ© too."
    text = with_answer(damaged)
    found = lint_text(root, text, select=SELECT)
    assert [d.span.start_column for d in found] == [FIRST + damaged.index("â€™"), FIRST + damaged.index("Ã©")]
    assert answer_of(apply_fixes(text, found)).startswith(damaged.replace("â€™", "’").replace("Ã©", "é"))


@pytest.mark.parametrize(
    "damaged",
    [
        "Mixed: a café and a cafÃ© in one answer.",  # ftfy decodes only part: a guess
        "She said â€œyesâ€ and left.",  # a lost byte: ftfy restores it as a guess
    ],
)
def test_guessed_repairs_are_unsafe(root, damaged):
    found = lint_text(root, with_answer(damaged), select=SELECT)
    assert found and all(d.fix.applicability == Applicability.UNSAFE for d in found)
    assert all("check the repair" in d.message for d in found)


def test_other_text_fields_are_checked(root):
    text = replace_once(VALID, "  title: QuickTakes | Biology", "  title: QuickTakes | BiologÃ­a")
    [found] = lint_text(root, text, select=SELECT)
    assert (found.field, found.span.start_line, found.span.start_column) == ("seo.title", 12, 29)


def test_escaped_values_are_reported_without_a_fix(root):
    # A double-quoted scalar spells the damage as escapes: no edit can target it in place.
    whole_answer = VALID[VALID.index("answer: >-") : VALID.index("subject: Biology")]
    text = replace_once(VALID, whole_answer, 'answer: "The Caf\\u00c3\\u00a9 culture."\n')
    found = lint_text(root, text, select=SELECT)
    assert found and found[0].fix is None and "'Café'" in found[0].message


# Clean text in many scripts, with the symbols mojibake is made of, written for this test.
CLEAN = [
    "L'été dernier, nous avons visité un château près de Nîmes ; c'était « magnifique » !",
    "Die Größe des Außenbereichs überrascht: 25 °C im Schatten, ± 2 °C nachts.",
    "Zażółć gęślą jaźń — to zdanie ma wszystkie polskie litery.",
    "Η φωτοσύνθεση μετατρέπει το φως σε χημική ενέργεια.",
    "Фотосинтез превращает свет в химическую энергию.",
    "光合作用把光能转化为化学能。",
    "光合成は光エネルギーを化学エネルギーに変える。",
    "The ticket costs 12 € (about 10 £) — “cheap” by ‘local’ standards™.",
    "For all sets, $\\alpha \\leq \\beta$ and ∀x ∈ A: x ≤ 3; also ¬¬p ≡ p.",
    "¿Qué es la fotosíntesis? Es un proceso en el que la luz se almacena…",
    "Křížek and Neittaanmäki studied finite elements in 1996.",
    "Ação e reação são forças iguais e opostas.",
    "Işık, fotosentezin enerji kaynağıdır; ağaçlar büyür.",
    "Résumé: Ørsted, Ålesund, Æsir, œuvre, Straße, señor, façade.",
]


@pytest.mark.parametrize("sentence", CLEAN)
def test_clean_multilingual_text_is_not_reported(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=6))
def test_clean_sentences_in_any_order_are_not_reported(root, sentences):
    assert lint_text(root, with_answer(" ".join(sentences)), select=SELECT) == []
