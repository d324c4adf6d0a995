"""What the tests and the benchmarks share: the document generator, the test servers (an
expense API, a Tryton ERP, PostgreSQL) and small helpers. Installed with the project (editable),
so neither tests nor bench/ edit ``sys.path`` to find it; the app never imports it."""
