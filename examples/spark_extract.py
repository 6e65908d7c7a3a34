"""Extract the statements of a Parquet article dataset on Spark: one `mapInArrow` over its rows.

    spark-submit examples/spark_extract.py s3a://bucket/articles/ s3a://bucket/statements/

The dataset's columns are the JSON-lines input keys (text or html; title, author, date, url,
publisher, id); rows should carry a `url` or an `id`, which (with the text) makes each statement's
id. Every executor needs quotefind and pyarrow (`pip install "quotefind[parquet]"`): the README's
"Spark" section ships them with venv-pack or an image. The output is Parquet (zstd) with the keys
of the JSON-lines statement format, ready for `quotefind import` after `quotefind extract`-style
shards or for DuckDB.
"""

from __future__ import annotations

import sys

from pyspark.sql import SparkSession
from pyspark.sql.pandas.types import from_arrow_schema

from quotefind.batch import extract_record_batches, statement_schema
from quotefind.ingest import JSONL_KEYS


def main(source: str, target: str) -> None:
    spark = SparkSession.builder.appName("quotefind-extract").getOrCreate()
    articles = spark.read.parquet(source)
    articles = articles.select(*[c for c in JSONL_KEYS if c in articles.columns])
    statements = articles.mapInArrow(extract_record_batches, from_arrow_schema(statement_schema()))
    statements.write.mode("overwrite").option("compression", "zstd").parquet(target)
    spark.stop()


if __name__ == "__main__":
    main(*sys.argv[1:3])
