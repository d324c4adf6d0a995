"""Keep the bundle lean: drop Qt plugins the app has no use for, then every system or Qt
library that nothing left in the bundle links to (Linux; used by zhangfang.spec).

PyInstaller collects all of QtGui's plugins and whatever they link: the GTK 3 platform theme
alone brings GTK, GDK, cairo and pango (~20 MB) into a program that draws with Qt's Fusion
style. What is dropped is found again by walking the links (ldd) of what is kept, so a
library that something still needs stays.
"""

from __future__ import annotations

import fnmatch
import sys
from pathlib import PurePosixPath

QT_PLUGINS = "PySide6/Qt/plugins/"
# kept: platforms xcb (X11), wayland, offscreen and minimal; the portal theme (native dialogs)
UNUSED_QT_PLUGINS = [
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqvnc.so",
    "platformthemes/libqgtk3.so",
    "egldeviceintegrations/*",
    "generic/*",  # touchscreen input on a bare framebuffer (evdev, tslib)
]
SYSTEM_PREFIXES = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")
QT_LIBS = "PySide6/Qt/lib/"

Entry = tuple[str, str, str]  # (name in the bundle, source file, PyInstaller type)


def _droppable(entry: Entry) -> bool:
    """A library kept only if something links to it: system libraries and Qt's own."""
    name, source, _kind = entry
    return source.startswith(SYSTEM_PREFIXES) or name.startswith(QT_LIBS)


def _unused_plugin(name: str) -> bool:
    if not name.startswith(QT_PLUGINS):
        return False
    plugin = name[len(QT_PLUGINS) :]
    return any(fnmatch.fnmatch(plugin, pattern) for pattern in UNUSED_QT_PLUGINS)


def prune(binaries: list[Entry], linked: object = None) -> tuple[list[Entry], list[str]]:
    """The binaries to keep, and the names of those dropped. ``linked(path)`` lists the
    libraries a binary links, directly or not (default: PyInstaller's ldd reader)."""
    if not sys.platform.startswith("linux"):
        return binaries, []
    if linked is None:
        from PyInstaller.depend.bindepend import get_imports

        def linked(path: str) -> set[str]:
            return {PurePosixPath(name).name for name, _full in get_imports(path)}

    kept = [e for e in binaries if not _unused_plugin(e[0])]
    roots = [e for e in kept if not _droppable(e)]
    reached: set[str] = set()
    for _name, source, _kind in roots:
        reached |= linked(source)
    # a Qt library's own links (ldd already follows them, this is for a reader that does not)
    pending = [e for e in kept if _droppable(e) and PurePosixPath(e[0]).name in reached]
    seen: set[str] = set()
    while pending:
        entry = pending.pop()
        if entry[0] in seen:
            continue
        seen.add(entry[0])
        for lib in linked(entry[1]) - reached:
            reached.add(lib)
            pending += [e for e in kept if PurePosixPath(e[0]).name == lib]
    result = [e for e in kept if not _droppable(e) or PurePosixPath(e[0]).name in reached]
    dropped = sorted({e[0] for e in binaries} - {e[0] for e in result})
    return result, dropped
