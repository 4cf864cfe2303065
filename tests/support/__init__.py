"""What the tests share: test modules import helpers from here, never from each other.

- paths: where the repository, the compose files and the recordings are.
- replay: the dashboard over the replayed lab recording (unit, pilot and snapshot tests).
- screen: reading the dashboard's tables and panes, over a recording or the lab alike.
- compose: writing compose files and collecting the errors they are refused with.
- lab: the real lab swarm (Lab), and driving the dashboard against it.

Fixtures stay in the conftest.py files, which import what they need from here.
"""
