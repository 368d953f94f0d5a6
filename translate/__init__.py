"""diptych: offline French-to-English translation and bilingual publishing via gettext PO."""

__version__ = "0.1.0"
