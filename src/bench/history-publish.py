#!/usr/bin/env python3
"""Publishes into rooms over the hub's gateway protocol (line framing), for history-memory.sh.

One client says HELLO NAME, then for each room PREFIX-r0 .. PREFIX-r(ROOMS-1): JOIN, MESSAGES x PUB of a
PAYLOAD-byte payload ('x' repeated, all bytes of the frame in one write per room), LEAVE, and waits for OK LEAVE
before the next room. A room with history keeps its messages after the client leaves; without, it is forgotten.
Usage: history-publish.py HOST PORT NAME PREFIX ROOMS MESSAGES PAYLOAD
"""
import socket
import sys


def main():
    host, port, name, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rooms, messages, payload_size = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
    sock = socket.create_connection((host, port), timeout=60)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    lines = sock.makefile("rb")

    def expect(prefix_bytes):
        while True:
            line = lines.readline()
            if not line:
                sys.exit("hub closed the connection while waiting for %r" % prefix_bytes)
            if line.startswith(b"ERR"):
                sys.exit("hub answered %r" % line)
            if line.startswith(prefix_bytes):
                return line

    sock.sendall(b"HELLO %s\n" % name.encode())
    expect(b"OK HELLO")
    payload = b"x" * payload_size
    for r in range(rooms):
        room = ("%s-r%d" % (prefix, r)).encode()
        pub = b"PUB " + room + b" " + payload + b"\n"
        sock.sendall(b"JOIN " + room + b"\n" + pub * messages + b"LEAVE " + room + b"\n")
        expect(b"OK LEAVE " + room)
    sock.sendall(b"QUIT\n")
    sock.close()


if __name__ == "__main__":
    main()
