#!/usr/bin/env python3
"""A local S3-compatible server for the tests and benchmarks: PyPI moto in server mode on
127.0.0.1 (installed by scripts/setup.sh in a venv of its own, pinned in
scripts/moto-requirements.txt), with the given buckets made. Prints "ready" when it serves,
then runs until stdin closes or it is killed. moto wants signed requests: any access key and
secret, region us-east-1."""

import argparse
import sys

import boto3
from moto.server import ThreadedMotoServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bucket", action="append", default=[])
    args = parser.parse_args()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=args.port, verbose=False)
    server.start()
    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{args.port}",
        region_name="us-east-1",
        aws_access_key_id="ladeklar-test",
        aws_secret_access_key="ladeklar-test-secret",
    )
    for bucket in args.bucket:
        s3.create_bucket(Bucket=bucket)
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
