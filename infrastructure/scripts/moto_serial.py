"""moto server, handling one request at a time.

moto's own `moto_server` runs Werkzeug with threaded=True, and its DynamoDB backend does not lock between
evaluating a ConditionExpression and applying the write: two concurrent conditional UpdateItems on one
item can both succeed, which real DynamoDB never allows (writes to one item are serialized). Our lease is
exactly such a write, so the tests run the same moto application single-threaded. Nothing else differs.
Usage: moto_serial.py HOST PORT
"""
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import MotoRequestHandler
from werkzeug.serving import run_simple

host, port = sys.argv[1], int(sys.argv[2])
app = DomainDispatcherApplication(create_backend_app)
run_simple(host, port, app, threaded=False, processes=1, request_handler=MotoRequestHandler)
