"""The main screen's panes: one widget each, fed a ClusterView, diffing their own rows."""
