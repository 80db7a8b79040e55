"""Question-bank file formats: pure parsers and writers over ``quizzes.spec``."""
