"""The published JSON Schema of bot files."""
