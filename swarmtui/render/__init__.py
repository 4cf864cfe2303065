"""The render layer: snapshots in, table cells and detail text (Rich) out. No Textual here."""
