"""`ipstui serve`: the program is its own SSH server; a person is their public key, and nobody gets a shell.

- keys.py: public keys as the team gives them, and the server's own host key;
- server.py: the asyncssh server: who may connect, and what each connection gets;
- console.py: one connection's console, a subprocess on a fresh pseudo-terminal.
"""
