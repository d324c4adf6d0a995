"""Browser bots: recorded as readable data (``model``), replayed robustly (``runner`` with
``actions``, healing in ``locate``), secrets kept in the OS keyring (``secrets``)."""
