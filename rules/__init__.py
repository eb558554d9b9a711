"""qlint's rule modules, installed as `qlint.rules`; each module is one rule.

Every module in this package whose name does not start with `_` is a rule: adding a rule
is adding a module (see qlint/registry.py for what a module declares).
"""
