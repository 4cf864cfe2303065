"""What the dashboard and the command line share, without Textual: settings, file locations,
the audit log, and the one runner every write to the cluster goes through."""
