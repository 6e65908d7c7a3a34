"""Batch extraction to statement shards (JSON lines or Parquet) plus a manifest: resumable, on Dask."""

from quotefind.batch.plan import CHUNK_BYTES, Chunk, Plan, plan_chunks
from quotefind.batch.run import (
    MANIFEST,
    BatchSummary,
    batch_inputs,
    import_folders,
    import_shards,
    is_shard_folder,
    run_batch,
    shard_files,
)
from quotefind.batch.shards import (
    SHARD_FORMATS,
    ShardResult,
    encode_shard,
    extract_chunk,
    extract_record_batches,
    read_shard,
    statement_schema,
    statements_table,
)

__all__ = [
    "CHUNK_BYTES",
    "MANIFEST",
    "SHARD_FORMATS",
    "BatchSummary",
    "Chunk",
    "Plan",
    "ShardResult",
    "batch_inputs",
    "encode_shard",
    "extract_chunk",
    "extract_record_batches",
    "import_folders",
    "import_shards",
    "is_shard_folder",
    "plan_chunks",
    "read_shard",
    "run_batch",
    "shard_files",
    "statement_schema",
    "statements_table",
]
