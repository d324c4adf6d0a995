"""What differs by operating system or install: start at login, one instance per user,
where the bundled resources are, the log file."""
