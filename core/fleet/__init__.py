"""The terminal fleet: registry and API on central, sync and heartbeat client on terminals.

Modules: `registry` (terminals and tokens), `monitor` (heartbeats, dashboard state), `usage`
(anonymous counts), `api` (central JSON API), `client` (terminal side), `local` (endpoints the
kiosk page calls on its own server), `state` (terminal status files), `cli` (command groups).
"""
