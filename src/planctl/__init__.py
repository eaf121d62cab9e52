"""planctl: a plan in one YAML file."""

__version__ = "0.1.0"
