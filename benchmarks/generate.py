"""Generate a synthetic QuickTakes corpus of any size, with defects qlint should find.

    python benchmarks/generate.py 100000 /tmp/synthetic     # -> /tmp/synthetic/content/learn/...
    python benchmarks/generate.py 100000 /tmp/synthetic --every-record-fixable

Records look like the real ones (same fields, `>-` blocks, a ~3 KB one-line answer with
literal \\n breaks, up to five related links) but every word is generated here. About one
record in twenty gets a defect: mojibake, a placeholder or missing score, a stale related
id, a doubled quote, a case-variant subject. With --every-record-fixable, every record gets
one of the defects `qlint fix` repairs (mojibake, a doubled quote, a case-variant subject,
a stale related id), for benchmarking a bulk fix.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

SUBJECTS = ["Biology", "Chemistry", "Physics", "Mathematics", "Computer Science", "Psychology", "Sociology",
            "Economics", "Medicine", "Nursing", "History of the World", "Engineering"]  # fmt: skip
WORDS = ("cell energy force market model theory signal system process change pattern structure rate "
         "value field network reaction balance memory culture policy growth light wave data proof "
         "function method sample effect cause response measure source factor role level").split()  # fmt: skip
STARTS = ["What is", "How does", "Why do", "Explain how", "Describe the", "What are the main"]


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", title.lower()).replace(" ", "-")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


FIXABLE_DEFECTS = (0.005, 0.025, 0.035, 0.055)  # where in [0, 0.06) the fixable kinds below are drawn


def main(count: int, out: Path, every_record_fixable: bool = False) -> None:
    rng = random.Random(20261125)
    records = []
    for n in range(count):
        subject = rng.choice(SUBJECTS)
        title = f"{rng.choice(STARTS)} {' '.join(rng.choice(WORDS) for _ in range(5))} {n}?"
        records.append((200000 + n, subject, title))
    for n, (record_id, subject, title) in enumerate(records):
        key = subject.lower().replace(" ", "-")
        answer = "\\n\\n".join(" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(4)) for _ in range(6))
        score = "0.%02d" % rng.randint(1, 99)
        shown_subject = subject
        defect = rng.random()
        if every_record_fixable:  # (the same draw, so the rest of the corpus is the same)
            defect = FIXABLE_DEFECTS[int(defect * len(FIXABLE_DEFECTS))]
        if defect < 0.01:
            answer = answer.replace(".", ". Hereâ€™s more:", 1)
        elif defect < 0.02:
            score = "-1.0"
        elif defect < 0.03:
            answer = answer.replace(".", '. He said ""yes"".', 1)
        elif defect < 0.04:
            shown_subject = subject.capitalize() if " " in subject else subject
            if every_record_fixable and shown_subject == subject:
                shown_subject = subject.lower()  # a one-word subject too: every record has a fix
        lines = [
            "---", "_schema: default", f"id: {record_id}", "date: 2025-02-23",
            f"title: >-\n    {title}", f"article_title: >-\n    {title}",
            "date_format: MMM DD, YYYY", "post_on_text: Posted on",
            f"seo:\n  title: QuickTakes | {shown_subject}\n  page_description: >-\n    {sentence(rng, 25)}"
            f"\n  page_keywords: >-\n    {', '.join(rng.sample(WORDS, 6))}",
            "author: QuickTakes", f"question: >-\n    {title}", f"answer: >-\n    {answer}",
            f"subject: {shown_subject}", f"file_name: {slug(title)}.md", f"url: /learn/{key}/questions/{slug(title)}",
        ]  # fmt: skip
        if 0.04 <= defect < 0.05:
            pass  # no score at all
        else:
            lines.append(f"score: {score}")
        for link in range(1, rng.randint(1, 5) + 1):
            other_id, other_subject, other_title = records[rng.randrange(count)]
            if 0.05 <= defect < 0.06 and link == 1:
                other_id += 7  # a stale related id
            other_key = other_subject.lower().replace(" ", "-")
            lines += [
                f"related_article{link}:", f"    id: {other_id}", f"    title: >-\n        {other_title}",
                f"    subject: {other_subject}", f"    url: /learn/{other_key}/questions/{slug(other_title)}",
            ]  # fmt: skip
        lines += ["---", "", "&nbsp;"]
        path = out / "content" / "learn" / key / f"{slug(title)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]), "--every-record-fixable" in sys.argv[3:])
