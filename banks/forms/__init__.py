"""Forms of banks, imports and the question editor."""
