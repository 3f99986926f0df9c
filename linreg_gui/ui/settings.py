"""Remembered settings (QSettings): window layout and scene, lecture options and the last experiment.

Every read checks its type and falls back to the default, so a corrupt or foreign store can never
stop the window from opening.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


class Settings:
    GEOMETRY, STATE, LAST_EXPERIMENT = "window/geometry", "window/state", "files/lastExperiment"
    FONT_SCALE, THEME, LANGUAGE, LECTURE = "view/fontScale", "view/theme", "view/language", "view/lectureMode"
    SCENE = "view/scene"

    ORGANIZATION, APPLICATION = "LinearRegressionLab", "Linear Regression Lab"

    def __init__(self) -> None:
        self.store = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, self.ORGANIZATION, self.APPLICATION
        )

    def _read(self, key: str, kind: type, default):
        try:
            value = self.store.value(key, default)
        except Exception:  # a store written by something else may hold values Qt cannot convert
            return default
        if kind is bool and isinstance(value, str):  # INI stores booleans as text
            return {"true": True, "false": False}.get(value.lower(), default)
        if kind in (int, float) and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            try:
                return kind(value)
            except ValueError:
                return default
        return value if isinstance(value, kind) else default

    def geometry(self) -> QByteArray | None:
        return self._read(self.GEOMETRY, QByteArray, None)

    def window_state(self) -> QByteArray | None:
        return self._read(self.STATE, QByteArray, None)

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue(self.GEOMETRY, geometry)
        self.store.setValue(self.STATE, state)

    def last_experiment(self) -> str:
        return self._read(self.LAST_EXPERIMENT, str, "")

    def set_last_experiment(self, path: str) -> None:
        self.store.setValue(self.LAST_EXPERIMENT, path)

    def font_scale(self) -> int:
        scale = self._read(self.FONT_SCALE, int, 100)
        return scale if 100 <= scale <= 250 else 100

    def set_value(self, key: str, value) -> None:
        self.store.setValue(key, value)

    def value(self, key: str, kind: type, default):
        return self._read(key, kind, default)

    def clear(self) -> None:
        self.store.clear()
        self.store.sync()
