"""Submission: post ledger records to OA/ERP targets exactly once (see ``engine``)."""
