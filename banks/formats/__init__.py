"""Question-bank file formats: pure parsers and writers over ``banks.spec``."""
