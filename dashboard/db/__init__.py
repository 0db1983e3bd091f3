"""Database access: where the server is, how to reach it, the schema and the published data."""
