"""zhoubao (周报): compile an industry weekly from public reports."""

__version__ = "0.1.0"
