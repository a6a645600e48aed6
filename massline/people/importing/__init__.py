"""Importing contacts from CSV and XLSX files.

- `storage`: the uploaded file, kept only encrypted at rest.
- `files`: reading and validating CSV/XLSX (encoding, delimiter, quoting, limits).
- `mapping`: the targets a column can map to, guesses from header names, the JSON format.
- `prepare`: turning raw rows into normalized, validated, encrypted values; runs in worker
  processes and therefore imports nothing that needs Django's app registry.
- `writer`: bulk writes (batched `executemany` on SQLite, `COPY` on PostgreSQL).
- `run`: the import and the dry run, chunk by chunk, with checkpoints.
- `services`: the writes the views, the task and the CLI call.
"""
