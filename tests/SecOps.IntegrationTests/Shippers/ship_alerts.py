"""Ships documents to an Elasticsearch endpoint with the official Python client's helpers.bulk, the way an
operator's script would, and prints what the client reported as one JSON object on stdout.

Run with Debian's interpreter (/usr/bin/python3) and package python3-elasticsearch (client 7.17). Input: NDJSON,
one document per line, either a search hit ({"_index", "_id", "_source"}) or a bare source document.
"""
import argparse
import json
import sys
import warnings

from elasticsearch import Elasticsearch, ElasticsearchException, TransportError, helpers


def actions(path, op, index):
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            document = json.loads(line)
            if "_source" in document:
                action = {"_op_type": op, "_index": index or document["_index"], "_source": document["_source"]}
                if "_id" in document:
                    action["_id"] = document["_id"]
            else:
                action = {"_op_type": op, "_index": index, "_source": document}
            yield action


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--auth", choices=["api-key", "basic"], default="api-key")
    parser.add_argument("--key", required=True)
    parser.add_argument("--documents", required=True)
    parser.add_argument("--op", choices=["index", "create"], default="index")
    parser.add_argument("--index")
    parser.add_argument("--chunk-size", type=int, default=500)
    args = parser.parse_args()

    credentials = {"api_key": ("secops-shipper", args.key)} if args.auth == "api-key" else {"http_auth": ("secops", args.key)}
    client = Elasticsearch([args.url], sniff_on_start=False, sniff_on_connection_fail=False, max_retries=0, **credentials)
    report = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            report["info"] = client.info()
            report["license"] = client.license.get()["license"]
            success, errors = helpers.bulk(client, actions(args.documents, args.op, args.index),
                                           chunk_size=args.chunk_size, raise_on_error=False)
            report["success"] = success
            report["errors"] = errors
        except TransportError as error:
            report["exception"] = {"class": type(error).__name__, "status": error.status_code, "error": error.error,
                                   "info": error.info if isinstance(error.info, dict) else str(error.info)}
        except ElasticsearchException as error:
            report["exception"] = {"class": type(error).__name__, "message": str(error)}
        report["warnings"] = [str(warning.message) for warning in caught if not issubclass(warning.category, ResourceWarning)]
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
