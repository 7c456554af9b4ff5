"""Quartiersnetz: network coaching and impact-oriented steering for neighbourhoods."""

__version__ = "0.1.0"
