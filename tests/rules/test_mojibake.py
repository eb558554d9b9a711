"""Q201 mojibake: text decoded with the wrong codec, repaired by ftfy."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from qlint.diagnostics import Applicability
from qlint.rules._encoding import misread
from qlint.rules._text import MOJIBAKE_PAIR
from qlint.record.config import Config
from tests.conftest import ANSWER_AT, VALID_PATH, apply_fixes, codes, fix_paths, lint_text, replace_once, SEED, VALID, with_answer

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


def test_one_damaged_word_in_otherwise_correct_text_is_repaired_safely(root):
    damaged = "Mixed: a café, a naïve “idea” and a cafÃ© in one answer — fine."
    text = with_answer(damaged)
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix.applicability == Applicability.SAFE
    assert answer_of(apply_fixes(text, [found])).startswith(damaged.replace("cafÃ©", "café"))


def test_a_lost_byte_is_reported_without_a_fix_and_says_why(root):
    damaged = "She said â€œyesâ€ and left."  # the 0x9D of `”` was dropped
    first, second = lint_text(root, with_answer(damaged), select=SELECT)
    assert first.fix.applicability == Applicability.SAFE and first.fix.edits[0].content == "“"
    assert second.fix is None and "a byte of it was lost" in second.message
    assert second.span.start_column == FIRST + damaged.index("â€ ")


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


@pytest.mark.parametrize(
    ("damaged", "repaired", "story"),
    [
        ("COâ‚‚ and Hâ‚‚O", "CO₂ and H₂O", "Windows-1252"),  # ftfy's own measure misses `â‚‚`
        ("Burning Câ‚‚Hâ‚† gives COâ‚‚.", "Burning C₂H₆ gives CO₂.", "Windows-1252"),
        ("xÂ² + yÂ³ = 10â\x81»Â¹", "x² + y³ = 10⁻¹", "Windows-1252"),
        ("The NHâ‚„â\x81º ion", "The NH₄⁺ ion", "Windows-1252"),
        ("Naâ\x81º and Kâ\x81º", "Na⁺ and K⁺", "Windows-1252"),  # 0x81 is undefined: a C1 control
        ("Å\x81ódź and Erdő", "Łódź and Erdő", "Windows-1252"),
        ("â\x80\x9cquotedâ\x80\x9d text", "“quoted” text", "Latin-1"),
        ("Hereâ\x80\x99s how", "Here’s how", "Latin-1"),
        ("It costs 5 â‚¬ or Â£4 â€” cheap", "It costs 5 € or £4 — cheap", "Windows-1252"),
        ("The emoji ðŸ˜€ smiles", "The emoji 😀 smiles", "Windows-1252"),
        ("ä¸\xadæ–‡ is Chinese", "中文 is Chinese", "Windows-1252"),
        ("Î»ÏŒÎ³Î¿Ï‚ means word", "λόγος means word", "Windows-1252"),
        ("GdaÅ„sk byÅ‚ piÄ™kny", "Gdańsk był piękny", "Windows-1252"),
        ("V = Ï€rÂ²h", "V = πr²h", "Windows-1252"),  # `Ï€` alone is not unlikely to ftfy; its word is
        ("The Î”9 isomer", "The Δ9 isomer", "Windows-1252"),  # a capital, a closing quote: still a letter
    ],
)
def test_every_family_of_damage_is_repaired_exactly(root, damaged, repaired, story):
    text = with_answer(damaged)
    found = lint_text(root, text, select=SELECT)
    assert found and all(d.fix.applicability == Applicability.SAFE for d in found)
    assert all(f"(UTF-8 read as {story})" in d.message for d in found)
    fixed = apply_fixes(text, found)
    assert answer_of(fixed).startswith(repaired)
    assert lint_text(root, fixed, select=SELECT) == []


@pytest.mark.parametrize(
    ("damaged", "repaired", "double"),
    [
        ("Itâ€™s", "It’s", False),
        ("ItÃ¢â‚¬â„¢s", "It’s", True),  # twice
        ("ItÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢s", "It’s", True),  # three times
        ("cafÃƒÂ©", "café", True),
        ("20Ã‚Â°C", "20°C", True),
    ],
)
def test_double_and_triple_encoding_is_undone_in_one_edit(root, damaged, repaired, double):
    text = with_answer(f"Note: {damaged} here.")
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix.applicability == Applicability.SAFE and len(found.fix.edits) == 1
    assert ("double-encoded" in found.message) == double
    assert answer_of(apply_fixes(text, [found])).startswith(f"Note: {repaired} here.")


def test_a_repair_is_all_or_nothing_per_run(root):
    # Every run is repaired whole: no fix leaves a part of its run damaged.
    damaged = "Câ‚‚Hâ‚† and Câ‚ƒHâ‚ˆ"
    text = with_answer(damaged)
    found = lint_text(root, text, select=SELECT)
    assert [d.fix.edits[0].content for d in found] == ["₂", "₆", "₃", "₈"]
    assert answer_of(apply_fixes(text, found)).startswith("C₂H₆ and C₃H₈")


@pytest.mark.parametrize(
    "answer",
    [
        "In Python, reading UTF-8 as cp1252 shows cafÃ© instead of café: that is mojibake.",
        "If a page shows 'Ã©' where 'é' belongs, the file was decoded with the wrong charset.",
        "The database returned â€œhelloâ€\x9d because of a Latin-1 connection encoding.",
        "Compare “cafÃ©” with “café”: the first is the broken form.",
    ],
)
def test_text_that_talks_about_mojibake_is_never_rewritten_by_the_safe_fix(root, answer):
    text = with_answer(answer)
    found = lint_text(root, text, select=SELECT)
    assert found and all(d.fix is None or d.fix.applicability == Applicability.UNSAFE for d in found)
    assert all("check the repair" in d.message or d.fix is None for d in found)


@pytest.mark.parametrize(
    "answer",
    [
        "Run `print('cafÃ©')` to see it.",
        "```python\\nname = 'Ã¼ber'\\n```\\nThat prints a name.",
    ],
)
def test_runs_inside_code_are_never_repaired_by_the_safe_fix(root, answer):
    found = lint_text(root, with_answer(answer), select=SELECT)
    assert found and all(d.fix.applicability == Applicability.UNSAFE for d in found)
    assert all("inside code" in d.message for d in found)


# Correct text in many languages and notations, written for this test (none of it damaged).
FALSE_POSITIVES = {
    "portuguese capitals": "NÃO FUMAR. A MAÇÃ É VERMELHA. “NÃO”, disse ela; ORAÇÃO… «IRMÃ» fim, MAÇÃ’S.",
    "portuguese": "A ação da proteína não é rápida; São Paulo fica ao sul.",
    "french": "Où est la bibliothèque ? À côté de l’église, près du café « Le Zèbre ».",
    "german": "Fuß… Größe, Übermaß und „Straße“ — ÄÖÜ äöü ß.",
    "vietnamese": "Tiếng Việt có nhiều dấu: à, á, ả, ã, ạ, ươ, đường.",
    "greek": "Η εξίσωση του Σρέντινγκερ περιγράφει την κυματοσυνάρτηση Ψ.",
    "cyrillic": "Щёлочь реагирует с кислотой; Ёжик в тумане. Україна, Їжак, ґанок.",
    "icelandic": "Þórður og Ævar fóru í ferð; það var ótrúlegt.",
    "polish": "Łódź, Gdańsk, źdźbło, żółw — wszystko się zgadza.",
    "czech": "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "turkish": "İstanbul’da ağaçlar çiçek açtı; Iğdır ve Şırnak.",
    "chinese": "量子力学描述微观粒子的行为，例如电子。",
    "japanese": "東京は日本の首都です。カタカナとひらがな。",
    "korean": "한국어는 한글로 씁니다.",
    "hebrew": "שלום עולם, זהו משפט בעברית.",
    "arabic": "مرحبا بالعالم، هذه جملة عربية.",
    "math": "∀ε>0 ∃δ>0: |x−a|<δ ⇒ |f(x)−f(a)|<ε; ∑ᵢ aᵢ ≤ ∞, √2 ≈ 1.414, 2×³ and ±½°.",
    "sub and superscripts": "CO₂, H₂O, x², 10⁻³, NH₄⁺, SO₄²⁻, Eᵢ, aⁿ.",
    "currency": "Prices: 5 €, £4, ¥300, ₹50, ₩1000, ¢99, $7, ₿0.1.",
    "typography": "“Quoted” and ‘single’ — em dash – en dash … ellipsis • bullet ™ ® © § ¶ † ‡.",
    "box drawing": "┌──┐ │ab│ └──┘ ═ ║ ╔╗ ╚╝ ▲ ▼ ■ □ ░▒▓",
    "emoji": "Great job 👍🏽! 😀 🎉 ❤️ 🇵🇹",
    "accented capitals": "À, Á, Â, Ã, Ä, Å, Æ, Ç, È, É, Ê, Ë, Ì, Í, Î, Ï, Ð, Ñ, Ò, Ó, Ô, Õ, Ö, Ø, Ù, Ú, Û, Ü, Ý, Þ, ß",
    "spanish": "¿Qué pasó? ¡Olé! El niño comió piña y jalapeño.",
    "nordic": "Ærø, Ålesund, Øresund; smørrebrød og blåbær.",
    "romanian": "Știința și țara; învățământ.",
    "ipa": "The word is pronounced /ˈθɪŋk/ or [ʃəˈɡɑːɹ].",
}


@pytest.mark.parametrize("name", sorted(FALSE_POSITIVES))
def test_correct_text_in_any_language_or_notation_is_left_alone(root, name):
    assert lint_text(root, with_answer(FALSE_POSITIVES[name]), select=SELECT) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(FALSE_POSITIVES.values())), min_size=1, max_size=5), st.sampled_from([" ", "", "\\n\\n", " — "]))
def test_correct_texts_joined_in_any_order_are_left_alone(root, texts, joiner):
    assert lint_text(root, with_answer(joiner.join(texts)), select=SELECT) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(min_codepoint=0xA1, max_codepoint=0x2FFF, categories=["L", "N", "P", "S"]), min_size=1, max_size=4))
def test_any_word_damaged_inside_correct_text_is_restored_exactly(root, word):
    # A word that is itself UTF-8 bytes as Windows-1252 shows them (`Ä¡`) is undone twice.
    # Syriac, Thaana and NKo (U+0700-U+07FF) are what the rule takes for real text misread.
    assume(not MOJIBAKE_PAIR.search(word) and not re.search("[\u0700-\u07ff]", word))
    clean = "Ça va: l’été à São Paulo"
    damaged_word = misread(word)
    text = with_answer(f"{clean} x{damaged_word}y {clean}")
    found = lint_text(root, text, select=SELECT)
    fixed = apply_fixes(text, [d for d in found if d.fix and d.fix.applicability == Applicability.SAFE])
    # Never a wrong repair: what a safe fix writes is the original word (C1 controls in the
    # damage make the front matter unparsable until it is repaired).
    assert fixed == text or answer_of(fixed).startswith(f"{clean} x{word}y {clean}")


@pytest.mark.parametrize(
    ("field_line", "damaged", "run", "repaired"),
    [
        ("    How do plants turn sunlight into chemical energy?", "Naâ\x81º", "â\x81º", "Na⁺"),  # in a block title
        ("  title: QuickTakes | Biology", "Å\x81ódź", "Å\x81", "Łódź"),  # in a plain seo title
        ("    Plants capture light with chlorophyll in their chloroplasts.", "Hereâ\x80\x99s", "â\x80\x99", "Here’s"),
    ],
)
def test_a_front_matter_yaml_refuses_for_c1_controls_gets_mojibake_findings_and_parses_once_fixed(
    root, field_line, damaged, run, repaired
):
    text = VALID.replace(field_line, f"{field_line} {damaged} ok", 1)
    found = lint_text(root, text, select=["Q201", "Q003"])
    assert sorted(codes(found)) == ["Q003", "Q201"]  # the syntax error stays, beside the diagnosis
    [mojibake] = [d for d in found if d.code == "Q201"]
    offset = text.index(damaged) + damaged.index(run)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    assert (mojibake.span.start_line, mojibake.span.start_column, mojibake.span.end_column) == (line, column, column + len(run))
    assert f"should read '{repaired}" in mojibake.message or f"'{repaired}" in mojibake.message
    assert mojibake.fix.applicability == Applicability.SAFE
    fix_paths([root / VALID_PATH], Config(root=root), select=["Q201"])
    after = (root / VALID_PATH).read_text(encoding="utf-8")
    assert after == VALID.replace(field_line, f"{field_line} {repaired} ok", 1)
    assert lint_text(root, after, select=["Q201", "Q003"]) == []


@pytest.mark.parametrize(
    "answer",
    [
        "Memory encoding improves with sleep. Hereâ€™s why.",  # encoding, but not of text
        "Genes encoding enzymes sit on the â€œleadingâ€\x9d strand.",
        'He said "itâ€™s fine" and “Hereâ€™s” why: it’s here.',  # a quote mark next to the run is not quoting it
    ],
)
def test_the_word_encoding_or_a_nearby_quote_mark_alone_does_not_make_a_repair_unsafe(root, answer):
    found = lint_text(root, with_answer(answer), select=SELECT)
    assert found and all(d.fix.applicability == Applicability.SAFE for d in found)


def test_a_damaged_plain_scalar_is_repaired_in_place(root):
    text = replace_once(VALID, "  title: QuickTakes | Biology", "  title: QuickTakes | BiologÃ­a")
    [found] = lint_text(root, text, select=SELECT)
    assert found.fix.applicability == Applicability.SAFE
    assert apply_fixes(text, [found]) == replace_once(VALID, "  title: QuickTakes | Biology", "  title: QuickTakes | Biología")


def test_a_repair_its_clean_copies_confirm_is_safe_even_where_it_would_be_doubtful(root):
    # The title talks about encodings, which would make the repair unsafe, but
    # article_title and question already read as the repaired title.
    clean = "Why does UTF-8 text show Here’s as garbage?"
    text = VALID.replace("How do plants turn sunlight into chemical energy?", clean)
    text = replace_once(text, f"title: >-\n    {clean}\nartic", f"title: >-\n    {clean.replace('’', 'â€™')}\nartic")
    [found] = lint_text(root, text, select=SELECT)
    assert found.field == "title" and found.fix.applicability == Applicability.SAFE


@pytest.mark.parametrize(
    ("damaged", "repaired", "story"),
    [
        ("The word РјРёСЂ means peace.", "The word мир means peace.", "Windows-1251"),
        ("ItвЂ™s CO₂ and a cafГ© nearby", "It’s CO₂ and a café nearby", "Windows-1251"),
        ("A caf√© and a na√Øve view", "A café and a naïve view", "MacRoman"),
        ("It‚Äôs COâ‚‚… no: CO‚ÇÇ and CaSO‚ÇÑ¬∑2H‚ÇÇO", "It’s COâ‚‚… no: CO₂ and CaSO₄·2H₂O", "MacRoman"),
        ("A cafĂ© in GdaĹ„sk", "A café in Gdańsk", "Windows-1250"),
    ],
)
def test_utf8_read_with_a_rarer_codec_is_repaired(root, damaged, repaired, story):
    text = with_answer(damaged)
    found = lint_text(root, text, select=SELECT)
    mine = [d for d in found if story in d.message]
    assert mine and all(d.fix.applicability == Applicability.SAFE for d in mine)
    fixed = apply_fixes(text, mine)
    assert answer_of(fixed).startswith(repaired)


@pytest.mark.parametrize(
    "sentence",
    [
        "Щёлочь и СІЧЕНЬ; Сёма, Юрій, Їжак.",  # Cyrillic capitals before letters Windows-1251 puts high
        "Il a dit ”à demain” — “Élan” et «Éric», café—économie.",  # MacRoman leads and continuations
        "Zażółć gęślą jaźń; ŃŚ ÓŁ; Ĺódź? no: Łódź.",  # Windows-1250's own letters
        "√2 ≈ 1.41, ∞, π, Ω, ∑, ∆x, ¬p, ≤ ≥ ÷ ◊.",  # MacRoman's symbols
    ],
)
def test_correct_text_in_the_rarer_codecs_letters_is_left_alone(root, sentence):
    assert lint_text(root, with_answer(sentence), select=SELECT) == []
