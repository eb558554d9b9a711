"""The language server (`qlint server`): qlint's diagnostics and fixes in the editor."""
