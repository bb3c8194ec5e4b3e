"""Reading and writing: bytes to text, JSONL records in and out."""

from newsclean.io.decode import Decoded, decode_text
from newsclean.io.records import Record, read_jsonl, read_text_inputs, write_json_line

__all__ = ["Decoded", "Record", "decode_text", "read_jsonl", "read_text_inputs", "write_json_line"]
