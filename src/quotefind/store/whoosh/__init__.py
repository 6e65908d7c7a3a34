"""The embedded Whoosh engine: an index folder on disk, one writer at a time, readers never lock.

Writes are incremental and crash-safe. Every article has an article document (doctype `article`,
keyed by `article_key`) beside its statements, written in the same commit, so a run that is killed
leaves each article either fully old or fully new and the next run converges. One writer at a time
holds the index's write lock (an `flock` on Whoosh's own lock file, released by the kernel when the
process dies); readers never lock.
"""
