"""moto server, handling one request at a time.

moto's own `moto_server` runs Werkzeug with threaded=True, and its DynamoDB backend does not lock between
evaluating a ConditionExpression and applying the write: two concurrent conditional UpdateItems on one
item can both succeed, which real DynamoDB never allows (writes to one item are serialized). Our lease is
exactly such a write, so the tests run the same moto application single-threaded.

A single-threaded server is wedged by any client that opens a connection and sends nothing: all other clients
queue behind it. The AWS SDK does that when its apiCallAttemptTimeout fires while its connection still waits in
the listen backlog: it gives up and retries, and the abandoned socket is accepted later and never written. So a
connection that sends nothing for 3 s is dropped (each connection carries one request: HTTP/1.0, as Werkzeug
serves without threads). Real AWS endpoints are concurrent and never wedge; nothing else differs from moto's own
server.
Usage: moto_serial.py HOST PORT
"""
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import MotoRequestHandler
from werkzeug.serving import run_simple

class OneRequestPerConnection(MotoRequestHandler):
    protocol_version = "HTTP/1.0"
    timeout = 3


host, port = sys.argv[1], int(sys.argv[2])
app = DomainDispatcherApplication(create_backend_app)
run_simple(host, port, app, threaded=False, processes=1, request_handler=OneRequestPerConnection)
