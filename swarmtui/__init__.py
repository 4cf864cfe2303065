"""swarmtui: a terminal dashboard for operating Docker Swarm clusters."""

__version__ = "0.1.0"
