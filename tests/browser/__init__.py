"""swarmtui serve in headless Chromium, over the replayed lab recording."""
