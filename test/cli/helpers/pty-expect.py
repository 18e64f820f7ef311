"""Runs a command on a pseudo-terminal and answers its prompts: a tiny `expect` for the CLI tests.

usage: pty-expect.py SCRIPT_JSON -- CMD ARGS...
SCRIPT_JSON is a list of [text_to_wait_for, line_to_send]. Prints everything the command wrote to the
terminal, and exits with the command's exit code. Gives up after 60 s.
"""
import json, os, pty, select, sys, time

script = json.loads(sys.argv[1])
cmd = sys.argv[sys.argv.index('--') + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
seen = b''
deadline = time.time() + 60
step = 0
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.2)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    if step < len(script) and seen.count(script[step][0].encode()) > sum(1 for s in script[:step] if s[0] == script[step][0]):
        os.write(fd, script[step][1].encode() + b'\r')
        step += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode('utf-8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
