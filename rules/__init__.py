"""qlint's rule modules, installed as `qlint.rules`; each module is one rule.

RULE_MODULES is the registry's list: a new rule is a new module named here.
"""

RULE_MODULES = [
    # Q0: the file itself
    "unreadable_file",
    "missing_front_matter",
    "yaml_syntax_error",
    "duplicate_key",
    # Q1: the record schema
    "missing_field",
    "wrong_type",
    "invalid_format",
    "unknown_field",
    "empty_field",
]
