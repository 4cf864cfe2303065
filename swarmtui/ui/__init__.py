"""The UI: the Textual app, its screens, panes, dialogs and actions."""
