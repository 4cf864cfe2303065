"""Headless Chromium (Debian's `chromium`), driven over the DevTools protocol with aiohttp's
websocket client: open a page, read the terminal textual-serve draws in it, press keys, take
a screenshot.

xterm.js draws the terminal on a canvas, so its text is in no DOM node, and textual.js keeps
its terminal in a closure. A script run before the page's own (`HOOK`) catches that object
the moment textual.js's terminal class assigns its `fitAddon`, and keeps it on `window`; the
rows are then read from xterm's public buffer API.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]

HOOK = """
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon",
      {value, writable: true, configurable: true, enumerable: true});
    window.__swarmtuiTerminal = this;
  },
});
"""

ROWS = """(() => {
  const shown = window.__swarmtuiTerminal;
  if (!shown || !shown.terminal) return null;
  const term = shown.terminal, buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows;
})()"""

KEYS = {
    "down": {"key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40},
    "up": {"key": "ArrowUp", "code": "ArrowUp", "windowsVirtualKeyCode": 38},
    "enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
}


class Chromium:
    """One headless Chromium with one page, which may reach the address `reach` only;
    `async with Chromium(folder) as browser:`."""

    def __init__(
        self, folder: Path, reach: str = "127.0.0.1", width: int = 1600, height: int = 1000
    ) -> None:
        self.folder = folder
        self.reach = reach
        self.size = (width, height)
        self.process: subprocess.Popen[bytes] | None = None
        self.session: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.ids = itertools.count(1)

    async def __aenter__(self) -> Chromium:
        assert CHROMIUM, "chromium is not installed (apt-get install chromium; see .ci/setup)"
        profile = self.folder / "profile"
        profile.mkdir(parents=True)
        width, height = self.size
        with open(self.folder / "chromium.log", "wb") as log:
            self.process = subprocess.Popen(
                [
                    CHROMIUM,
                    *FLAGS,
                    f"--user-data-dir={profile}",
                    # Every host but the served one resolves to nothing (an address literal
                    # goes through these rules too): the page can reach no other server.
                    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {self.reach}",
                    f"--window-size={width},{height}",
                    "about:blank",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its helper processes go with it at the end
            )
        port = await self._devtools_port(profile / "DevToolsActivePort")
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as answer:
            targets = await answer.json()
        page = next(target for target in targets if target["type"] == "page")
        self.socket = await self.session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.session is not None:
            await self.session.close()
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    async def _devtools_port(self, file: Path, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                log = (self.folder / "chromium.log").read_text(errors="replace")
                raise AssertionError(f"chromium exited at start:\n{log[-2000:]}")
            if file.exists() and (text := file.read_text().split()):
                return int(text[0])
            await asyncio.sleep(0.1)
        raise AssertionError(f"chromium opened no DevTools port in {timeout:.0f} s")

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command and its result; the events in between are dropped."""
        assert self.socket is not None
        ident = next(self.ids)
        await self.socket.send_str(json.dumps({"id": ident, "method": method, "params": params}))
        async with asyncio.timeout(30):
            while True:
                message = json.loads((await self.socket.receive()).data)
                if message.get("id") == ident:
                    if "error" in message:
                        raise AssertionError(f"{method}: {message['error']}")
                    return message.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def open(self, url: str) -> None:
        await self.call("Page.navigate", url=url)

    async def text(self) -> str:
        """The page's visible text (textual-serve's page says so when the app ended)."""
        return await self.evaluate("document.body ? document.body.innerText : ''") or ""

    async def rows(self) -> list[str] | None:
        """The terminal's rows as text; None before textual.js has made its terminal."""
        rows = await self.evaluate(ROWS)
        return None if rows is None else list(rows)

    async def screen(self) -> str:
        return "\n".join(await self.rows() or [])

    async def wait_for_screen(self, condition: Any, what: str, timeout: float = 30.0) -> str:
        """Poll the terminal's text until `condition(text)` holds; the text."""
        return await self._wait_for(self.screen, condition, what, timeout)

    async def wait_for_text(self, condition: Any, what: str, timeout: float = 30.0) -> str:
        """Poll the page's text (not the terminal's) until `condition(text)` holds: a page
        just navigated to has no body until it has loaded."""
        return await self._wait_for(self.text, condition, what, timeout)

    async def _wait_for(self, read: Any, condition: Any, what: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = await read()
            if condition(shown):
                return str(shown)
            await asyncio.sleep(0.2)
        raise AssertionError(f"the browser never showed {what}; it showed:\n{shown}")

    async def press(self, key: str) -> None:
        """A key typed into the terminal: a name of KEYS, or one printable character."""
        await self.evaluate("window.__swarmtuiTerminal.terminal.focus()")
        fields = KEYS.get(key) or {"key": key, "text": key}
        await self.call("Input.dispatchKeyEvent", type="keyDown", **fields)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **fields)

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
