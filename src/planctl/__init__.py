"""planctl: a plan in one YAML file."""

__version__ = "0.1.0"

# From this peak size (KB), a run ends without freeing its heap object by object (cli/streams.py `leave`), so what a
# command read is worth keeping until then (commands/extra.py); below it, freeing costs too little to skip
LARGE_HEAP_KB = 64 * 1024
