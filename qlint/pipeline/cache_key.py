"""The cache key: everything that can change what qlint finds in a file.

Cached results are reused only under the same key: the same qlint (its version and the
content of its code, rules included), the same Python (marshal's format), the same
versions of the libraries whose behaviour decides findings (PyYAML and libyaml parse,
pydantic validates, ftfy repairs), the same resolved config, and the same rules with the
same severities and options. File times are not part of it: two installs of one qlint
share a cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

import pydantic
import pydantic_core
import yaml

from qlint import __version__
from qlint.pipeline.registry import Context
from qlint.record.config import Config


def cache_key(config: Config, contexts: list[Context]) -> str:
    described = {
        "qlint": [__version__, code_digest()],
        "python": sys.version,
        "libraries": library_versions(),
        "config": config.model_dump(mode="json", by_alias=True),
        "rules": [(c.rule.code, c.severity.value, c.options.model_dump(mode="json")) for c in contexts],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:24]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the content of qlint's own modules and rules: an edited rule must not reuse
    old results (a release bumps the version; a checkout being worked on does not)."""
    import qlint.rules

    digest = hashlib.sha256()
    for package in (Path(__file__).parents[1], Path(qlint.rules.__file__).parent):
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def library_versions() -> dict[str, str]:
    libyaml = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "none"
    return {
        "PyYAML": yaml.__version__,
        "libyaml": libyaml,
        "pydantic": pydantic.VERSION,
        "pydantic-core": pydantic_core.__version__,
        "ftfy": installed_version("ftfy"),
    }


@lru_cache(maxsize=None)
def installed_version(module: str) -> str:
    """The installed version of a distribution named like its module, read from its
    metadata folder beside it, without importing it (importing ftfy, or importlib.metadata,
    would be a tenth of a run that finds everything in the cache)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "missing"
    folder = Path(spec.origin).parent.parent
    pattern = re.compile(rf"{re.escape(module)}-([^-]+)\.(?:dist|egg)-info", re.IGNORECASE)
    try:
        found = [match.group(1) for name in os.listdir(folder) if (match := pattern.fullmatch(name))]
    except OSError:
        found = []
    return ",".join(sorted(found)) or "unknown"
