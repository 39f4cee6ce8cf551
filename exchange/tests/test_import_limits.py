"""The import limits a locality may set (DANGJIAN_IMPORT_LIMITS) are the ones the reader reads."""

import math
import re
from pathlib import Path


def test_the_import_limits_take_the_keys_the_reader_reads(settings):
    from exchange import reader

    settings.DANGJIAN_IMPORT_LIMITS = {}
    schema = settings.IMPORT_LIMITS_SCHEMA
    assert (reader.max_bytes(), reader.max_rows()) == (schema["bytes"], schema["rows"])
    # every _limit("key", default) in the reader: the same keys, the same defaults
    read = dict(re.findall(r'_limit\("(\w+)", ([\d_ *]+)\)', Path(reader.__file__).read_text()))
    assert {key: math.prod(int(factor) for factor in product.split("*")) for key, product in read.items()} == schema
