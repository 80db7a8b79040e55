"""gunicorn for one Casebook node: ``gunicorn -c docs/deploy/gunicorn.conf.py casebook.wsgi``
(casebook.service runs it; so does bench/bench_nodes.py).

Sync workers, 2 x cores + 1 by default: a request's time is mostly Python CPU, so threads add
nothing on a small machine (issue 13's measurements); HAProxy's maxconn per node must equal this
count. GUNICORN_BIND and GUNICORN_WORKERS come from the environment (casebook.env).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * len(os.sched_getaffinity(0)) + 1))
worker_class = "sync"
# A request still running after 30 s is killed (HAProxy gives up at 35 s).
timeout = 30
# On SIGTERM or a restart, requests in flight get this long to finish.
graceful_timeout = 25
# A fresh worker now and then bounds any slow growth in memory; the jitter keeps them from all restarting at once.
max_requests = 5000
max_requests_jitter = 500
# Both logs to stdout and stderr: the journal (or the benchmark's files) keeps them.
accesslog = "-"
errorlog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
# No control socket (gunicorn 25+): its default path, $HOME/.gunicorn/gunicorn.ctl, is one per user, so
# two gunicorns of one user would take it from each other. `systemctl reload` (HUP) restarts workers.
control_socket_disable = True
