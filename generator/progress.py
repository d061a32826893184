"""Progress on long runs: a bar on a terminal, a few plain lines in CI logs."""

from __future__ import annotations

import sys
from typing import TextIO

# Below this many seeds a run takes a second or two: no progress output at all.
MIN_TOTAL = 200


class Progress:
    """Counts steps towards a known total and reports them on `stream`."""

    def __init__(self, total: int, label: str, stream: TextIO = sys.stderr):
        self.total = total
        self.label = label
        self.stream = stream
        self.done = 0
        self.enabled = total >= MIN_TOTAL
        self.tty = stream.isatty()
        self._shown = -1

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.tty:
            percent = self.done * 100 // self.total
            if percent != self._shown:
                self._shown = percent
                bar = "#" * (percent // 4)
                self.stream.write(f"\r{self.label} [{bar:<25}] {self.done}/{self.total}")
                self.stream.flush()
        else:
            tenth = self.done * 10 // self.total
            if tenth != self._shown and tenth > 0:
                self._shown = tenth
                self.stream.write(f"{self.label}: {self.done}/{self.total}\n")

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
