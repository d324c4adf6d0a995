"""Workbooks out of (and into) Zhangfang: captured records, claim forms, the import sheet."""
