"""Actions that change the cluster: each module declares its commands beside their bodies,
and one runner (runner.py) starts them."""
