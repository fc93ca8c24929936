"""mksheet: printable recovery sheets for two-factor backup codes."""

__version__ = "0.1.0"
