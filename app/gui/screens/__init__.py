"""The main window's screens, one module each; what they share is in ``app.gui`` (context,
workers, models, dialogs, style)."""
