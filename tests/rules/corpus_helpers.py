"""Small corpora for the cross-record rule tests, built from the shared VALID record."""

from __future__ import annotations

from pathlib import Path

from qlint.record.config import Config
from qlint.diagnostics import Diagnostic
from tests.conftest import RELATED, RELATED_PATH, VALID, VALID_PATH, check_paths


def record(id: int, folder: str, slug: str, title: str, links: list[tuple[int, str, str, str]] = (), answer: str = "") -> str:
    """A record at <folder>/<slug>.md linking to (id, title, subject, url) tuples."""
    text = VALID.split("related_article1:")[0]
    text = text.replace("id: 501234", f"id: {id}")
    text = text.replace("/learn/biology/questions/how-do-plants-turn-sunlight-into-chemical-energy", f"/learn/{folder}/questions/{slug}")
    text = text.replace("how-do-plants-turn-sunlight-into-chemical-energy.md", f"{slug}.md")
    text = text.replace("How do plants turn sunlight into chemical energy?", title)
    subject = folder.replace("-", " ").capitalize()
    text = text.replace("subject: Biology\n", f"subject: {subject}\n").replace("| Biology", f"| {subject}")
    if answer:
        text = text.replace("Plants capture light", answer)
    for n, (link_id, link_title, subject, url) in enumerate(links, 1):
        text += f"related_article{n}:\n    id: {link_id}\n    title: >-\n        {link_title}\n    subject: {subject}\n    url: {url}\n"
    return text + "---\n\n&nbsp;\n"


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def clean_pair(root: Path) -> None:
    write(root, VALID_PATH, VALID)
    write(root, RELATED_PATH, RELATED)


def lint_corpus(root: Path, select: list[str], paths: list[Path] | None = None) -> list[Diagnostic]:
    """Lint `paths` (default: the whole root) with the root as the configured corpus."""
    config = Config(root=root)
    config.source = root / "qlint.toml"  # as if configured: cross-record rules see the whole root
    return check_paths(paths or [], config, select).diagnostics


def found(diagnostics: list[Diagnostic]) -> list[tuple]:
    return [(d.code, Path(d.path).name, d.field, d.span.start_line, d.span.start_column) for d in diagnostics]
