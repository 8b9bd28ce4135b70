"""The document vault: a resident's files, stored once and referenced by many applications."""
