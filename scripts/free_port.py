"""Print the preferred port if it is free on 127.0.0.1, else any free port."""

import socket
import sys


def free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


preferred = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
if free(preferred):
    print(preferred)
else:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])
