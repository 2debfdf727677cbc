"""Prints, relative to PREFIX, the directory this Python imports modules from
for PREFIX (Debian: lib/python3/dist-packages for /usr, ~/.local's user site,
...), else the standard lib/pythonX.Y/site-packages (then set PYTHONPATH)."""
import os
import site
import sys
import sysconfig

prefix = os.path.abspath(sys.argv[1])
for path in sys.path + [site.getusersitepackages()]:
    relative = os.path.relpath(os.path.abspath(path), prefix)
    if relative.startswith("lib") and path.endswith(("site-packages", "dist-packages")):
        print(relative)
        break
else:
    print(sysconfig.get_path("purelib", "posix_prefix", {"base": prefix}).removeprefix(prefix + "/"))
