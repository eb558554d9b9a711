"""How long the language server takes to publish diagnostics for a changed record.

    python benchmarks/server_latency.py                     # the real corpus at /work/qt
    python benchmarks/server_latency.py CONTENT_ROOT --config QLINT_TOML --records 60

Starts `qlint server` processes over stdio (as an editor does) on the content root, with a
cache of its own (warmed first by one server, whose cold index time is printed), and waits
until each has its index. Then, for a sample of the root's records, each opened in turn:
one edit (didChange) and the time until publishDiagnostics for that version arrives,
measured in this process. Three kinds of edit, in turn: a word typed into the answer,
the score set to the -1.0 placeholder, a related link's url broken (a cross-record rule
answers it). Two servers run side by side, the default debounce and `--debounce 0` (the
engine and the protocol alone), measured interleaved on the same records. Not a test:
numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lsprotocol import types  # noqa: E402

from tests.lsp_client import LspClient  # noqa: E402


def edits(text: str) -> list[tuple[str, str]]:
    """(kind, changed text) for each kind of edit this record allows."""
    found = []
    if "answer: >-\n    " in text:
        found.append(("answer typed", text.replace("answer: >-\n    ", "answer: >-\n    Indeed, ", 1)))
    if "\nscore: " in text:
        line = text.split("\nscore: ", 1)[1].split("\n", 1)[0]
        found.append(("score", text.replace(f"\nscore: {line}", "\nscore: -1.0", 1)))
    if "    url: /" in text:
        found.append(("related url", text.replace("    url: /", "    url: /x", 1)))
    return found


def start(args, cache: Path, debounce: int | None) -> tuple[LspClient, float]:
    """A server with its index in; the seconds from start to the index being in."""
    command = [sys.executable, "-m", "qlint", "server", "--cache-dir", str(cache)]
    command += ["--config", str(args.config)] if args.config else []
    command += ["--debounce", str(debounce)] if debounce is not None else []
    started = time.perf_counter()
    client = LspClient(command, args.root)
    client.initialize(args.root)
    first = sorted(args.root.rglob("*.md"))[0]
    client.open(first.as_uri(), first.read_text(encoding="utf-8"))
    client.logged(" indexed in ", timeout=900)
    seconds = time.perf_counter() - started
    client.close(first.as_uri())
    return client, seconds


def measure(client: LspClient, path: Path, kind_and_text: tuple[str, str]) -> float:
    """Open `path`, make the edit, and the seconds from didChange sent to its diagnostics."""
    uri, text = path.as_uri(), path.read_text(encoding="utf-8")
    client.open(uri, text)
    client.diagnostics(uri, version=1)
    seen = client.published
    sent = client.change(uri, 2, [types.TextDocumentContentChangeWholeDocument(text=kind_and_text[1])])
    arrived, _ = client.timed_diagnostics(uri, version=2, after=seen)
    client.close(uri)
    return arrived - sent


def describe(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    quartiles = statistics.quantiles(ms, n=4) if len(ms) > 1 else [ms[0]] * 3
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return (f"{name:<34} n={len(ms):>3}  median {statistics.median(ms):7.1f} ms  IQR {quartiles[0]:6.1f}-{quartiles[2]:6.1f}"
            f"  p90 {p90:7.1f}  min {ms[0]:6.1f}  max {ms[-1]:7.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("/work/qt/content/learn"), help="content root")
    parser.add_argument("--config", type=Path, help="config file (default: the one found above the root)")
    parser.add_argument("--records", type=int, default=60, help="records to edit (each once per server)")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    args.root = args.root.resolve()
    records = sorted(args.root.rglob("*.md"))
    sample = random.Random(args.seed).sample(records, min(args.records, len(records)))
    with tempfile.TemporaryDirectory(prefix="qlint-bench-cache-") as cache:
        warming, cold = start(args, Path(cache), None)
        warming.shutdown()
        print(f"{len(records)} records; index read cold (empty cache) in {cold:.1f} s")
        servers = {"debounce 100 ms (default)": start(args, Path(cache), None), "debounce 0": start(args, Path(cache), 0)}
        for name, (_, warm) in servers.items():
            print(f"server '{name}': started and index read from the warm cache in {warm:.2f} s")
        results: dict[tuple[str, str], list[float]] = {}
        for number, path in enumerate(sample):
            choices = edits(path.read_text(encoding="utf-8"))
            if not choices:
                continue
            change = choices[number % len(choices)]
            for name, (client, _) in servers.items():  # interleaved: both see the same load
                results.setdefault((name, change[0]), []).append(measure(client, path, change))
                results.setdefault((name, "all edits"), []).append(results[(name, change[0])][-1])
        for name, (client, _) in servers.items():
            for kind in ("answer typed", "score", "related url", "all edits"):
                if (name, kind) in results:
                    print(describe(f"{name}: {kind}", results[(name, kind)]))
            client.shutdown()


if __name__ == "__main__":
    main()
