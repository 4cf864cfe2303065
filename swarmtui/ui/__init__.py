"""The Textual dashboard and the screens around it."""
